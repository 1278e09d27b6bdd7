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
from learning.content.model import Catalog, Course, pick
from learning.facilitate.models import Group
from learning.households.models import Household, Member
from learning.i18n.languages import chain
from learning.i18n.translations import current_language
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
    course: Course
    report: ReportFilter
    states: list[str] | None
    pseudonym_key: bytes | None = None  # set: the pseudonymised variant

    def pseudonym(self, value: str | None) -> str:
        if not value:
            return ""
        return hmac.new(self.pseudonym_key, value.encode(), hashlib.sha256).hexdigest()[:16]


def headers(export: Export) -> list[str]:
    """Column headers in the current language (call inside page_language for another one)."""
    columns = [_("Household code"), _("Member id"), _("Name"), _("Father's name"), _("Sex"), _("Year of birth"),
               _("Township P-code"), _("Township"), _("Village"), _("Phone"), _("Group"), _("Facilitator")]
    if export.pseudonym_key:
        columns.remove(_("Village"))
    for module in export.course.modules:
        title = pick(module.texts, chain(current_language()))[0].title
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
    if export.report.since:
        query = query.where(func.date(Household.created_at) >= export.report.since)  # a date, not text
    if export.report.until:
        query = query.where(func.date(Household.created_at) <= export.report.until)
    return query


def count_rows(db: Session, export: Export) -> int:
    return db.scalar(select(func.count()).select_from(_query(export).subquery()))


def _progress(db: Session, export: Export, member_ids: list[int]):
    """Progress of a chunk of members. The chunk is a range of ids (rows come ordered by id), so a BETWEEN
    replaces a thousand-item IN list: cheaper to compile and to run; members outside the export are ignored."""
    course = export.course
    low, high = member_ids[0], member_ids[-1]
    reads = {}
    for member_id, module_id, count in db.execute(
        select(LessonRead.member_id, LessonRead.module_id, func.count())
        .where(LessonRead.member_id.between(low, high), LessonRead.course_id == course.id)
        .group_by(LessonRead.member_id, LessonRead.module_id)
    ):
        reads[(member_id, module_id)] = count
    best, passed_on = {}, {}
    for member_id, module_id, top in db.execute(
        select(QuizAttempt.member_id, QuizAttempt.module_id, func.max(QuizAttempt.percent))
        .where(QuizAttempt.member_id.between(low, high), QuizAttempt.course_id == course.id)
        .group_by(QuizAttempt.member_id, QuizAttempt.module_id)
    ):
        best[(member_id, module_id)] = top
    for member_id, module_id, first in db.execute(
        select(QuizAttempt.member_id, QuizAttempt.module_id, func.min(QuizAttempt.created_at))
        .where(QuizAttempt.member_id.between(low, high), QuizAttempt.course_id == course.id, QuizAttempt.passed)
        .group_by(QuizAttempt.member_id, QuizAttempt.module_id)
    ):
        passed_on[(member_id, module_id)] = first
    certificates = {row.member_id: row for row in db.execute(
        select(Certificate.member_id, Certificate.code, Certificate.completed_on)
        .where(Certificate.member_id.between(low, high), Certificate.course_id == course.id,
               Certificate.revoked_at.is_(None)))}
    return reads, best, passed_on, certificates


def rows(db: Session, export: Export) -> Iterator[list[str]]:
    """Every member row, fetched and completed a chunk at a time."""
    result = db.execute(_query(export).order_by(Member.id).execution_options(yield_per=CHUNK))
    for chunk in result.partitions():
        member_ids = [r[0] for r in chunk]
        reads, best, passed_on, certificates = _progress(db, export, member_ids)
        for (member_id, name, father, sex, birth_year, code, pcode, township, village, phone, group,
             facilitator) in chunk:
            certificate = certificates.get(member_id)
            sex = getattr(sex, "value", sex)
            if export.pseudonym_key:
                row = [export.pseudonym(code), member_id, export.pseudonym(name), export.pseudonym(father), sex,
                       birth_year, pcode, township, export.pseudonym(phone), neutralise(group),
                       neutralise(facilitator)]
            else:  # cells people typed are neutralised; ids, numbers, dates and P-codes cannot start a formula
                row = [neutralise(code), member_id, neutralise(name), neutralise(father), sex, birth_year, pcode,
                       township, neutralise(village), neutralise(phone_text(phone)), neutralise(group),
                       neutralise(facilitator)]
            for module in export.course.modules:
                key = (member_id, module.id)
                passed = passed_on.get(key)
                row += [f"{reads.get(key, 0)}/{len(module.lessons)}", best.get(key, ""),
                        passed.date().isoformat() if passed else ""]
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


def course_for(catalog: Catalog, report: ReportFilter) -> Course:
    return (catalog.course(report.course_id) if report.course_id else None) or catalog.courses[0]
