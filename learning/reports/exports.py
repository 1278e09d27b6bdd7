"""Completion lists: one row per member, streamed in chunks so memory does not grow with the rows.

CSV is UTF-8 with a byte-order mark (Excel then opens Burmese correctly). Every text cell of every export, CSV or
XLSX, from the page or the command line, goes through `neutralise` as the writer's last step, so that no spreadsheet
runs one as a formula. Counts, years, scores and dates are raw values until then: the XLSX keeps them as number and
date cells (a number cell holds no formula), the CSV writes them as plain digits and ISO dates (2026-11-04), never as
"1/5", which a spreadsheet would read as a date. The pseudonymised variant is described in
`learning.reports.pseudonyms`.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from learning.auth.models import Staff
from learning.certificates.models import Certificate
from learning.clock import myanmar_date, today, within_days
from learning.content.model import Catalog, Course, pick
from learning.facilitate.models import Group
from learning.households.models import Household, Member, Sex
from learning.i18n.languages import chain
from learning.i18n.translations import current_language
from learning.learn.completion import first_passes
from learning.learn.models import KnowledgeScore, LessonRead, QuizAttempt
from learning.places.models import State, Township
from learning.reports import pseudonyms
from learning.reports.filters import ReportFilter, restrict_households
from learning.reports.queries import percent

CHUNK = 1000
MODULE_COLUMNS = 4  # per module: lessons read, lessons in the module, best quiz score, passed on
BOM = "\ufeff"
# Line breaks and tabs become a space; every other C0 and C1 control character, DEL, lone surrogates and the
# bidirectional controls (which reorder or hide what a cell shows) are removed. A worksheet cannot hold most
# controls, and a spreadsheet that drops one would find whatever follows it at the start of the cell.
_SPACES = re.compile(r"[\t\n\x0b\x0c\r]+")
_REMOVED = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CLEANED = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")  # either of them
# What a spreadsheet may read as a formula: = + - @ (or their full-width forms), after any spaces or invisible
# characters that it might skip.
_FORMULA = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]")


def neutralise(value) -> str:
    """A cell as text that no spreadsheet runs: the characters above cleaned out first, then a ' in front of
    anything that could start a formula. The one cleaning step of every export cell, CSV and XLSX alike, and
    the last: nothing may change a cell after it."""
    if value is None:
        return ""
    if type(value) is int and value >= 0:  # counts, years and ids: the common case, cheap
        return str(value)
    text = str(value)
    if _CLEANED.search(text):
        text = _REMOVED.sub("", _SPACES.sub(" ", text))
    return "'" + text if _FORMULA.match(text) else text


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


def headers(export: Export) -> list[str]:
    """Column headers in the current language (call inside page_language for another one). With one course
    the module columns carry its module titles; with several they are numbered, and the course column says
    which course a row is about."""
    if export.pseudonym_key:
        columns = pseudonyms.headers() + [_("Course")]
    else:
        columns = [_("Household code"), _("Member id"), _("Name"), _("Father's name"), _("Sex"), _("Year of birth"),
                   _("Township P-code"), _("Township"), _("Village"), _("Phone"), _("Group"), _("Facilitator"),
                   _("Course")]
    if len(export.courses) == 1:
        titles = [pick(m.texts, chain(current_language()))[0].title for m in export.courses[0].modules]
    else:
        titles = [_("Module %(number)s", number=n)
                  for n in range(1, max((len(c.modules) for c in export.courses), default=0) + 1)]
    for title in titles:
        columns += [_("%(module)s: lessons read", module=title), _("%(module)s: lessons in module", module=title),
                    _("%(module)s: best quiz score", module=title), _("%(module)s: passed on", module=title)]
    columns += [_("Right before the course (%)"), _("Right after, same questions (%)")]
    if export.pseudonym_key:
        return columns + [_("Certificate pseudonym"), _("Certificate date")]
    return columns + [_("Certificate code"), _("Certificate date")]


def _scope(query, export: Export):
    """A query on members (joined to their household) limited to the filter and the area."""
    query = query.where(Member.erased_at.is_(None))  # people who withdrew consent or were purged are not listed
    query = restrict_households(query, export.report, export.states)
    return query.where(*within_days(Household.created_at, export.report.since, export.report.until))


def _place_names():
    """The township and state name columns in the export's language: Burmese (from the MIMU list) for the
    Myanmar-script languages, English otherwise."""
    if current_language() in ("en", "cnh"):
        return Township.name_en, State.name_en
    return Township.name_my, State.name_my


def _named_query(export: Export):
    return _scope(
        select(Member.id, Member.name, Member.father_name, Member.sex, Member.birth_year, Household.code,
               Household.township_pcode, _place_names()[0], Household.village, Household.phone, Group.name,
               Staff.display_name)
        .join(Household, Member.household_id == Household.id)
        .outerjoin(Group, Household.group_id == Group.id)
        .outerjoin(Staff, Group.facilitator_id == Staff.id), export)


def _pseudonymised_query(export: Export):
    """The columns of pseudonyms.Person, in its order."""
    query = _scope(
        select(Member.id, Member.household_id, Household.group_id, Member.sex, Member.birth_year,
               Household.township_pcode, *_place_names()[:1], Township.state_pcode, _place_names()[1])
        .join(Household, Member.household_id == Household.id), export)
    return query.join(State, Township.state_pcode == State.pcode)


def count_rows(db: Session, export: Export) -> int:
    """Rows the export will have: one per member and course."""
    members = _scope(select(Member.id).join(Household, Member.household_id == Household.id), export)
    return (db.scalar(select(func.count()).select_from(members.subquery())) or 0) * len(export.courses)


@dataclass(frozen=True)
class _Progress:
    reads: dict
    best: dict
    passed_on: dict
    certificates: dict
    knowledge: dict  # member id -> (before %, after %) on the modules they have both of


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
    return _Progress(reads, best, passed_on, certificates, _knowledge(db, course, low, high))


def _knowledge(db: Session, course: Course, low: int, high: int) -> dict[int, tuple[int | None, int | None]]:
    """For each member of the chunk who answered the course's check: the share of right answers before (the
    whole check), and after (first attempts on the same questions, over the modules with both; None until there
    is one). One grouped query per chunk."""
    if not course.check:
        return {}
    score = KnowledgeScore
    paired = score.after_asked.is_not(None)
    rows = db.execute(
        select(score.member_id, func.sum(score.before_correct), func.sum(score.before_asked),
               func.sum(case((paired, score.after_correct))), func.sum(case((paired, score.after_asked))))
        .where(score.member_id.between(low, high), score.course_id == course.id, score.before_asked.is_not(None))
        .group_by(score.member_id))
    return {member_id: (percent(correct, asked) if asked else None, percent(after_correct, after_asked)
                        if after_asked else None)
            for member_id, correct, asked, after_correct, after_asked in rows}


def sex_labels() -> dict:
    """Each stored sex and its word in the export's language, looked up once per export rather than per row."""
    return {**{s.value: s.label for s in Sex}, None: "", "": ""}  # a Sex is its value as a key (StrEnum)


def _named_person(labels, member_id, name, father, sex, birth_year, code, pcode, township, village, phone, group,
                  facilitator) -> list:
    # the member id is an identifier, kept as text like the household code; the year of birth is a number
    return [code, str(member_id), name, father, labels[sex], birth_year, pcode, township, village,
            phone_text(phone), group, facilitator]


def _people(db: Session, export: Export):
    """The query of the export's people, and how one of its rows becomes the cells about the person."""
    if not export.pseudonym_key:
        labels = sex_labels()
        return _named_query(export), lambda values: _named_person(labels, *values)
    key, year = export.pseudonym_key, today().year
    query = _pseudonymised_query(export)
    # a first pass over everyone in the export decides where the township may be shown
    shown = pseudonyms.townships_shown([pseudonyms.Person.from_row(r) for r in db.execute(query)], year)
    labels = sex_labels()
    return query, lambda values: pseudonyms.person_cells(key, pseudonyms.Person.from_row(values), shown, year,
                                                         labels)


def _course_cells(export: Export, course: Course, found: _Progress, member_id: int, width: int) -> list:
    """Progress per module (lessons read, lessons in the module, best score, date passed; empty cells up to `width`
    modules) and the certificate: numbers as int and dates as date, None for an empty cell."""
    cells = []
    for module in course.modules:
        key = (member_id, module.id)
        cells += [found.reads.get(key, 0), len(module.lessons), found.best.get(key), found.passed_on.get(key)]
    cells += [None] * (MODULE_COLUMNS * (width - len(course.modules)))
    cells += list(found.knowledge.get(member_id, (None, None)))
    certificate = found.certificates.get(member_id)
    if certificate is None:
        return cells + [None, None]
    code = pseudonyms.keyed(export.pseudonym_key, "certificate", certificate.code) if export.pseudonym_key \
        else certificate.code
    return cells + [code, certificate.completed_on]


def rows(db: Session, export: Export) -> Iterator[list]:
    """Every member's row for every course, fetched and completed a chunk of members at a time (raw values: the
    writers clean every cell)."""
    width = max((len(c.modules) for c in export.courses), default=0)
    language = chain(current_language())
    titles = {c.id: pick(c.texts, language)[0].title for c in export.courses}
    query, person_cells = _people(db, export)
    result = db.execute(query.order_by(Member.id).execution_options(yield_per=CHUNK))
    for chunk in result.partitions():
        low, high = chunk[0][0], chunk[-1][0]
        progress = [(course, _progress(db, course, low, high)) for course in export.courses]
        for values in chunk:
            person = person_cells(values)
            for course, found in progress:
                yield person + [titles[course.id]] + _course_cells(export, course, found, values[0], width)


def csv_chunks(header: list[str], body: Iterator[list]) -> Iterator[str]:
    """CSV text with a BOM, yielded about every thousand rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(h) for h in header])
    for index, row in enumerate(body, start=1):
        writer.writerow([neutralise(value) for value in row])
        if index % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_cell(value):
    """What the XLSX writer is given for a value: an int or a date as it is (a number or date cell, which no
    spreadsheet runs), anything else as neutralised text (openpyxl writes a string that starts with = as a formula;
    nothing changes the text afterwards)."""
    if value is None or type(value) is int or type(value) is date:  # exactly: a bool is an int, a datetime a date
        return value  # None: an empty cell
    return neutralise(value)


def write_xlsx(path, header: list[str], body: Iterator[list]) -> None:
    """An XLSX written row by row (openpyxl's write-only mode keeps memory flat); numbers and dates stay numbers and
    dates (shown as 2026-11-04), every other cell is neutralised text."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("completions")
    sheet.append([neutralise(value) for value in header])
    for row in body:
        sheet.append([xlsx_cell(value) for value in row])
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
