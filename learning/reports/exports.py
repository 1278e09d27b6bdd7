"""Completion lists: one row per member, streamed in chunks so memory does not grow with the rows.

CSV is UTF-8 with a byte-order mark (Excel then opens Burmese correctly); every cell that a spreadsheet would
read as a formula is neutralised; the pseudonymised variant replaces names, phone numbers and codes with keyed
hashes and leaves the village out.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learning.auth.models import Staff
from learning.certificates.models import Certificate
from learning.clock import myanmar_date, within_days
from learning.content.model import Catalog, Course, pick
from learning.facilitate.models import Group
from learning.households.models import Household, Member
from learning.i18n.languages import chain
from learning.i18n.translations import current_language
from learning.learn.completion import first_passes
from learning.learn.models import LessonRead, QuizAttempt
from learning.places.models import Township
from learning.reports.filters import ReportFilter, restrict_households

CHUNK = 1000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(value) -> str:
    """A cell as text that no spreadsheet runs as a formula (a leading ' is shown as nothing by Excel)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def phone_text(phone: str | None) -> str:
    """09421555777 -> 09 421 555 777: spaces keep spreadsheets from turning it into a number."""
    if not phone:
        return ""
    return " ".join([phone[:2], phone[2:5], phone[5:8], phone[8:]]).strip() if phone.startswith("09") else phone


@dataclass(frozen=True)
class Export:
    courses: tuple[Course, ...]  # one row per member and course
    report: ReportFilter
    states: list[str] | None
    pseudonym_key: bytes | None = None  # set: the pseudonymised variant

    def pseudonym(self, value: str | None) -> str:
        if not value:
            return ""
        return hmac.new(self.pseudonym_key, value.encode(), hashlib.sha256).hexdigest()[:16]


def headers(export: Export) -> list[str]:
    """Column headers in the current language (call inside page_language for another one). With one course
    the module columns carry its module titles; with several they are numbered, and the course column says
    which course a row is about."""
    columns = [_("Household code"), _("Member id"), _("Name"), _("Father's name"), _("Sex"), _("Year of birth"),
               _("Township P-code"), _("Township"), _("Village"), _("Phone"), _("Group"), _("Facilitator"),
               _("Course")]
    if export.pseudonym_key:
        columns.remove(_("Village"))
    if len(export.courses) == 1:
        titles = [pick(m.texts, chain(current_language()))[0].title for m in export.courses[0].modules]
    else:
        titles = [_("Module %(number)s", number=n)
                  for n in range(1, max((len(c.modules) for c in export.courses), default=0) + 1)]
    for title in titles:
        columns += [_("%(module)s: lessons read", module=title), _("%(module)s: best quiz score", module=title),
                    _("%(module)s: passed on", module=title)]
    return columns + [_("Certificate code"), _("Certificate date")]


def _query(export: Export):
    query = (
        select(Member.id, Member.name, Member.father_name, Member.sex, Member.birth_year, Household.code,
               Household.township_pcode, Township.name_en, Household.village, Household.phone, Group.name,
               Staff.display_name)
        .join(Household, Member.household_id == Household.id)
        .outerjoin(Group, Household.group_id == Group.id)
        .outerjoin(Staff, Group.facilitator_id == Staff.id)
        .where(Member.erased_at.is_(None))  # people who withdrew consent or were purged are not listed
    )
    query = restrict_households(query, export.report, export.states)
    return query.where(*within_days(Household.created_at, export.report.since, export.report.until))


def count_rows(db: Session, export: Export) -> int:
    """Rows the export will have: one per member and course."""
    return (db.scalar(select(func.count()).select_from(_query(export).subquery())) or 0) * len(export.courses)


@dataclass(frozen=True)
class _Progress:
    reads: dict
    best: dict
    passed_on: dict
    certificates: dict


def _progress(db: Session, course: Course, low: int, high: int) -> _Progress:
    """Progress in one course of a chunk of members. The chunk is a range of ids (rows come ordered by id), so a
    BETWEEN replaces a thousand-item IN list: cheaper to compile and to run; members outside are ignored."""
    in_chunk = LessonRead.member_id.between(low, high)
    reads = {(member_id, module_id): count for member_id, module_id, count in db.execute(
        select(LessonRead.member_id, LessonRead.module_id, func.count())
        .where(in_chunk, LessonRead.course_id == course.id)
        .group_by(LessonRead.member_id, LessonRead.module_id))}
    best = {(member_id, module_id): top for member_id, module_id, top in db.execute(
        select(QuizAttempt.member_id, QuizAttempt.module_id, func.max(QuizAttempt.percent))
        .where(QuizAttempt.member_id.between(low, high), QuizAttempt.course_id == course.id)
        .group_by(QuizAttempt.member_id, QuizAttempt.module_id))}
    passed_on = {(member_id, module_id): myanmar_date(first) for member_id, module_id, first in db.execute(
        first_passes(course, QuizAttempt.member_id.between(low, high)))}
    certificates = {row.member_id: row for row in db.execute(
        select(Certificate.member_id, Certificate.code, Certificate.completed_on)
        .where(Certificate.member_id.between(low, high), Certificate.course_id == course.id,
               Certificate.revoked_at.is_(None)))}
    return _Progress(reads, best, passed_on, certificates)


def _person(export: Export, member_id, name, father, sex, birth_year, code, pcode, township, village, phone,
            group, facilitator) -> list:
    sex = getattr(sex, "value", sex)
    if export.pseudonym_key:
        return [export.pseudonym(code), member_id, export.pseudonym(name), export.pseudonym(father), sex,
                birth_year, pcode, township, export.pseudonym(phone), neutralise(group), neutralise(facilitator)]
    # cells people typed are neutralised; ids, numbers, dates and P-codes cannot start a formula
    return [neutralise(code), member_id, neutralise(name), neutralise(father), sex, birth_year, pcode, township,
            neutralise(village), neutralise(phone_text(phone)), neutralise(group), neutralise(facilitator)]


def rows(db: Session, export: Export) -> Iterator[list[str]]:
    """Every member's row for every course, fetched and completed a chunk of members at a time."""
    width = max((len(c.modules) for c in export.courses), default=0)
    language = chain(current_language())
    titles = {c.id: pick(c.texts, language)[0].title for c in export.courses}
    result = db.execute(_query(export).order_by(Member.id).execution_options(yield_per=CHUNK))
    for chunk in result.partitions():
        low, high = chunk[0][0], chunk[-1][0]
        progress = [(course, _progress(db, course, low, high)) for course in export.courses]
        for values in chunk:
            member_id = values[0]
            person = _person(export, *values)
            for course, found in progress:
                row = person + [titles[course.id]]
                for module in course.modules:
                    key = (member_id, module.id)
                    passed = found.passed_on.get(key)
                    row += [f"{found.reads.get(key, 0)}/{len(module.lessons)}", found.best.get(key, ""),
                            passed.isoformat() if passed else ""]
                row += ["", "", ""] * (width - len(course.modules))
                certificate = found.certificates.get(member_id)
                if certificate is None:
                    row += ["", ""]
                else:
                    code_value = export.pseudonym(certificate.code) if export.pseudonym_key else certificate.code
                    row += [code_value, certificate.completed_on.isoformat()]
                yield row


def csv_chunks(header: list[str], body: Iterator[list[str]]) -> Iterator[str]:
    """CSV text with a BOM, yielded about every thousand rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(h) for h in header])
    for index, row in enumerate(body, start=1):
        writer.writerow(row)
        if index % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(path, header: list[str], body: Iterator[list[str]]) -> None:
    """An XLSX written row by row (openpyxl's write-only mode keeps memory flat); every cell is text, without
    the control characters that a worksheet cannot hold (a name may have been typed with one)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("completions")
    sheet.append(header)
    for row in body:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", str(value)) for value in row])
    workbook.save(path)


def pseudonym_key(config) -> bytes:
    """The key for pseudonyms: PSEUDONYM_KEY, or one derived from SECRET_KEY (stable for the installation)."""
    if config.get("PSEUDONYM_KEY"):
        return config["PSEUDONYM_KEY"].encode()
    return hmac.new(config["SECRET_KEY"].encode(), b"twe-let pseudonyms", hashlib.sha256).digest()


def courses_for(catalog: Catalog, report: ReportFilter) -> tuple[Course, ...]:
    """The course the filter names, or every course."""
    chosen = catalog.course(report.course_id) if report.course_id else None
    return (chosen,) if chosen is not None else tuple(catalog.courses)
