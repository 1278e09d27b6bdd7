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
import itertools
import multiprocessing
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import bindparam, case, func, literal_column, select
from sqlalchemy.orm import Session

from learning.auth.models import Staff
from learning.certificates.models import Certificate
from learning.clock import myanmar_day, today, within_days
from learning.content.model import Catalog, Course, pick
from learning.db import DriverQuery
from learning.facilitate.models import Group
from learning.households.models import Household, Member, Sex
from learning.i18n.languages import chain
from learning.i18n.translations import current_language
from learning.learn.completion import first_pass_at
from learning.learn.models import KnowledgeScore, LessonRead, QuizAttempt
from learning.places.models import State, Township
from learning.reports import pseudonyms, xlsx
from learning.reports.filters import ReportFilter, restrict_households
from learning.reports.queries import percent

CHUNK = 1000
MODULE_COLUMNS = 4  # per module: lessons read, lessons in the module, best quiz score, passed on
KNOWLEDGE_COLUMNS = 3  # right before (the whole check), and before and after on the same questions
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
_SUSPECT = re.compile(f"{_CLEANED.pattern}|^{_FORMULA.pattern}")  # either: a text neutralise may change


def neutralise(value) -> str:
    """A cell as text that no spreadsheet runs: the characters above cleaned out first, then a ' in front of
    anything that could start a formula. The one cleaning step of every export cell, CSV and XLSX alike, and
    the last: nothing may change a cell after it."""
    if value is None:
        return ""
    if type(value) is int and value >= 0:  # counts, years and ids: the common case, cheap
        return str(value)
    text = str(value)
    if not _SUSPECT.search(text):  # nothing to clean and no formula: one search for the common case
        return text
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
    # before: the whole check; then before and after on the same questions, those of the modules with both (the
    # dashboard's figures): the whole check against only the modules tried so far would overstate what was learned
    columns += [_("Right before the course (%)"), _("Right before, same questions (%)"),
                _("Right after, same questions (%)")]
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


class _Layout:
    """Where each course's cells go in its part of a row: the course title, per module (lessons read, lessons in the
    module, best quiz score, passed on), empty cells up to the widest course, the three of before and after, the
    certificate's code and date. A member with nothing recorded in a course gets the blank row (shared: writers
    only read it)."""

    def __init__(self, courses: tuple[Course, ...], titles: dict[str, str]):
        width = max((len(c.modules) for c in courses), default=0)
        self.module_cell = {(c.id, m.id): 1 + MODULE_COLUMNS * i for c in courses for i, m in enumerate(c.modules)}
        self.knowledge_cell = 1 + MODULE_COLUMNS * width
        self.blank = {}
        for course in courses:
            cells = [titles[course.id]] + [None] * (MODULE_COLUMNS * width + KNOWLEDGE_COLUMNS + 2)
            for i, module in enumerate(course.modules):
                cells[1 + MODULE_COLUMNS * i:1 + MODULE_COLUMNS * (i + 1)] = [0, len(module.lessons), None, None]
            self.blank[course.id] = cells


class _Queries:
    """The four grouped queries of an export's progress (lessons read; best score and first pass; before and after;
    certificates), for a chunk of members, whatever the number of courses. When the chunk's ids are close together
    (the whole programme, or a township's early registrations), a range replaces a thousand-item list of ids, and the
    few members in between are ignored: that form is compiled once and run on the driver's cursor (DriverQuery:
    SQLAlchemy's work per row cost as much as the queries, for about 760,000 rows in the whole programme's list).
    When the ids are spread out (an
    area's or a filter's members among everyone else's), the list, through SQLAlchemy: a range would take in
    everyone's progress."""

    def __init__(self, export: Export, connection) -> None:
        self.export, self.connection = export, connection
        self.ranged = [DriverQuery(q, connection.dialect, lists=True) if q is not None else None
                       for q in self._statements(lambda column: column.between(bindparam("low", 0), bindparam("high", 0)))]

    def _courses(self, column):
        """The export's courses, written so that no database looks them up by the course's index (the dashboard's):
        without fresh statistics SQLite would, and read the whole programme's records for every chunk."""
        return column.concat(literal_column("''")).in_([c.id for c in self.export.courses])

    def _statements(self, members) -> list:
        score, paired = KnowledgeScore, KnowledgeScore.after_asked.is_not(None)
        knowledge = (
            select(score.member_id, score.course_id, func.sum(score.before_correct), func.sum(score.before_asked),
                   func.sum(case((paired, score.before_correct))), func.sum(case((paired, score.before_asked))),
                   func.sum(case((paired, score.after_correct))), func.sum(case((paired, score.after_asked))))
            .where(members(score.member_id), self._courses(score.course_id), score.before_asked.is_not(None))
            .group_by(score.member_id, score.course_id)) if any(c.check for c in self.export.courses) else None
        return [
            select(LessonRead.member_id, LessonRead.course_id, LessonRead.module_id, func.count())
            .where(members(LessonRead.member_id), self._courses(LessonRead.course_id))
            .group_by(LessonRead.member_id, LessonRead.course_id, LessonRead.module_id),
            select(QuizAttempt.member_id, QuizAttempt.course_id, QuizAttempt.module_id, func.max(QuizAttempt.percent),
                   myanmar_day(first_pass_at()))
            .where(members(QuizAttempt.member_id), self._courses(QuizAttempt.course_id))
            .group_by(QuizAttempt.member_id, QuizAttempt.course_id, QuizAttempt.module_id),
            knowledge,
            select(Certificate.member_id, Certificate.course_id, Certificate.code, Certificate.completed_on)
            .where(members(Certificate.member_id), self._courses(Certificate.course_id),
                   Certificate.revoked_at.is_(None)),
        ]

    def run(self, member_ids: list[int]) -> list[list]:
        """Each query's rows for a chunk of members (ids in order); no rows for a query that does not apply."""
        low, high = member_ids[0], member_ids[-1]
        if high - low < 2 * len(member_ids):
            return [q.rows(self.connection.connection, {"low": low, "high": high}) if q is not None else []
                    for q in self.ranged]
        return [self.connection.execute(q).all() if q is not None else []
                for q in self._statements(lambda column: column.in_(member_ids))]


def _progress(export: Export, layout: _Layout, queries: _Queries, member_ids: list[int]) -> dict[tuple[int, str], list]:
    """The course cells of a chunk of members (ids in order), by (member id, course id), for those with something
    recorded (the others take layout.blank), each query's rows filled into their cells in place."""
    reads, attempts, knowledge, certificates = queries.run(member_ids)
    table: dict[tuple[int, str], list] = {}

    def cells(member_id, course_id):
        found = table.get((member_id, course_id))
        if found is None:
            found = table[member_id, course_id] = layout.blank[course_id].copy()
        return found

    at = layout.module_cell
    for member_id, course_id, module_id, count in reads:
        if (course_id, module_id) in at:  # a module no longer in the course is not shown
            cells(member_id, course_id)[at[course_id, module_id]] = count
    for member_id, course_id, module_id, top, first in attempts:
        if (course_id, module_id) in at:
            row, index = cells(member_id, course_id), at[course_id, module_id]
            row[index + 2], row[index + 3] = top, first
    for member_id, course_id, correct, asked, *paired in knowledge:
        # before: the whole check; then before and first attempts after on the same questions (modules with both)
        row, at_knowledge = cells(member_id, course_id), layout.knowledge_cell
        row[at_knowledge] = percent(correct, asked) if asked else None
        for offset, (right, of) in enumerate((paired[:2], paired[2:]), start=1):
            row[at_knowledge + offset] = percent(right, of) if of else None
    for member_id, course_id, code, completed_on in certificates:
        if export.pseudonym_key:
            code = pseudonyms.keyed(export.pseudonym_key, "certificate", code)
        cells(member_id, course_id)[-2:] = [code, completed_on]
    return table


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
    cells = _scope(select(Member.id, Member.household_id, Household.group_id, Member.sex, Member.birth_year,
                          Household.township_pcode).join(Household, Member.household_id == Household.id), export)
    shown = pseudonyms.townships_shown(db.execute(cells.execution_options(yield_per=CHUNK)), year)
    labels = sex_labels()
    return query, lambda values: pseudonyms.person_cells(key, pseudonyms.Person.from_row(values), shown, year,
                                                         labels)


def rows(db: Session, export: Export, people=None, ids: tuple[int, int] | None = None) -> Iterator[tuple[list, list]]:
    """Every member's row for every course, fetched and completed a chunk of members at a time, as (the cells about
    the person, the course's cells): a member's rows share the one person list, so that a writer cleans it once.
    Raw values: the writers clean every cell. `people` is what _people gave (made here when None); `ids` limits the
    rows to the members with ids from the first to the last (one part of an export written in parts)."""
    language = chain(current_language())
    layout = _Layout(export.courses, {c.id: pick(c.texts, language)[0].title for c in export.courses})
    query, person_cells = people or _people(db, export)
    if ids is not None:
        query = query.where(Member.id.between(*ids))
    queries = _Queries(export, db.connection())
    result = db.execute(query.order_by(Member.id).execution_options(yield_per=CHUNK))
    for chunk in result.partitions():
        found = _progress(export, layout, queries, [values[0] for values in chunk])
        for values in chunk:
            person = person_cells(values)
            for course in export.courses:
                yield person, found.get((values[0], course.id)) or layout.blank[course.id]


def _cleaned(body: Iterator[tuple[list, list]], clean) -> Iterator[list]:
    """Whole rows with every cell through `clean`, each person's cells cleaned once for all their rows. Most course
    cells are counts, dates or empty, which both writers keep as they are: those skip the call."""
    person = cleaned = None
    seen: dict[str, str] = {}  # a township, village, group or course named again and again is cleaned once

    def clean_text(value):
        if type(value) is not str:
            return clean(value)
        found = seen.get(value)
        if found is None:
            found = clean(value)
            if len(seen) < 20_000:  # names and codes are mostly unique: the first ones fill it, then it stays
                seen[value] = found
        return found

    for who, cells in body:
        if who is not person:
            person, cleaned = who, [clean_text(value) for value in who]
        yield cleaned + [value if value is None or type(value) is date or (type(value) is int and value >= 0)
                         else clean_text(value) for value in cells]


def csv_chunks(header: list[str] | None, body: Iterator[tuple[list, list]]) -> Iterator[str]:
    """CSV text with a BOM and the header (none for a part after the first), yielded about every thousand rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header is not None:
        buffer.write(BOM)
        writer.writerow([neutralise(h) for h in header])
    for index, row in enumerate(_cleaned(body, neutralise), start=1):
        writer.writerow(row)
        if index % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


PARALLEL_FROM = 20_000  # members: below this a CSV file is written by one process (starting more costs more)


def write_csv(path, header: list[str], db: Session, export: Export, jobs: int = 1) -> None:
    """The CSV into a file (the command line's export). With jobs > 1 and enough members, the members are split
    into that many runs of ids, each written to a part file by a process of its own (forked, so it starts with
    everything this one has loaded, the pseudonymised export's first pass too), and the parts are joined in order:
    the same bytes as one process writes, in about half the time on two cores. Each process opens connections of
    its own; none touches this one's."""
    people = _people(db, export)
    ids = _runs(db, export, jobs) if jobs > 1 else []
    if len(ids) < 2:
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.writelines(csv_chunks(header, rows(db, export, people)))
        return
    parts = [f"{path}.part{n}" for n in range(len(ids))]
    context = multiprocessing.get_context("fork")
    engine = db.get_bind()
    workers = [context.Process(target=_write_part, args=(engine, export, people, run, part))
               for run, part in zip(ids, parts, strict=True)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        if any(worker.exitcode != 0 for worker in workers):
            raise RuntimeError("a part of the export failed (its error is printed above)")
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.writelines(csv_chunks(header, iter(())))  # the BOM and the header
            out.flush()
            for part in parts:
                with open(part, "rb") as piece:
                    shutil.copyfileobj(piece, out.buffer)
    finally:
        for part in parts:
            Path(part).unlink(missing_ok=True)


def _runs(db: Session, export: Export, jobs: int) -> list[tuple[int, int]]:
    """The export's member ids split into `jobs` runs of about as many members each, as (first id, last id); none
    when there are too few members to be worth it."""
    members = _scope(select(Member.id).join(Household, Member.household_id == Household.id), export)
    ids = db.scalars(members.order_by(Member.id)).all()
    if len(ids) < PARALLEL_FROM:
        return []
    size = -(-len(ids) // jobs)
    return [(ids[start], ids[min(start + size, len(ids)) - 1]) for start in range(0, len(ids), size)]


def _write_part(engine, export: Export, people, ids: tuple[int, int], path: str) -> None:
    """In a forked process: one run of members' rows, without BOM or header, to a part file."""
    engine.dispose(close=False)  # the parent's pooled connections stay the parent's: this process opens its own
    reading = engine.execution_options(sqlite_begin="deferred")  # reads only: never queue for SQLite's write lock
    with Session(reading) as db, open(path, "w", encoding="utf-8", newline="") as out:
        out.writelines(csv_chunks(None, rows(db, export, people, ids)))


def xlsx_cell(value):
    """What the XLSX writer is given for a value: an int or a date as it is (a number or date cell, which no
    spreadsheet runs), anything else as neutralised text (written as a text cell; nothing changes it afterwards)."""
    if value is None or type(value) is int or type(value) is date:  # exactly: a bool is an int, a datetime a date
        return value  # None: an empty cell
    return neutralise(value)


def write_xlsx(path, header: list[str], body: Iterator[tuple[list, list]]) -> None:
    """An XLSX written row by row (memory stays flat); numbers and dates stay numbers and dates (shown as
    2026-11-04), every other cell is neutralised text."""
    xlsx.write(path, "completions", itertools.chain([[neutralise(value) for value in header]],
                                                    _cleaned(body, xlsx_cell)))


def pseudonym_key(config) -> bytes:
    """The key for pseudonyms: PSEUDONYM_KEY, or one derived from SECRET_KEY (stable for the installation)."""
    if config.get("PSEUDONYM_KEY"):
        return config["PSEUDONYM_KEY"].encode()
    return hmac.new(config["SECRET_KEY"].encode(), b"twe-let pseudonyms", hashlib.sha256).digest()


def courses_for(catalog: Catalog, report: ReportFilter) -> tuple[Course, ...]:
    """The course the filter names, or every course."""
    chosen = catalog.course(report.course_id) if report.course_id else None
    return (chosen,) if chosen is not None else tuple(catalog.courses)
