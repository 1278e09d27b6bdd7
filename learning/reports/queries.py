"""Dashboard figures: counts for the filter and area, each one aggregate query."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from learning.certificates.models import Certificate
from learning.clock import today, within_days
from learning.content.model import Course
from learning.facilitate.models import AttendanceRecord, Group, GroupSession
from learning.households.models import Household, Member
from learning.learn.models import KnowledgeScore, LessonRead, QuizAttempt
from learning.places.models import Township
from learning.reports.filters import ReportFilter, restrict_groups, restrict_households

AGE_BANDS = ((0, 17, "0-17"), (18, 24, "18-24"), (25, 34, "25-34"), (35, 49, "35-49"), (50, 200, "50+"))


def age_band(birth_year: int, year: int) -> str:
    """The dashboard's age band of someone born in birth_year, as of year ("?" outside every band)."""
    age = year - birth_year
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), "?")


@dataclass
class ModuleFigures:
    module_id: str
    attempts: int = 0
    members_tried: int = 0
    members_passed: int = 0

    @property
    def pass_rate(self) -> int:
        return round(100 * self.members_passed / self.members_tried) if self.members_tried else 0


@dataclass(frozen=True)
class KnowledgeRow:
    """Right answers before (the course's check) and after (first attempts on the same questions), in percent, of
    the members who have both: `members` of them."""

    key: str  # a module id, "all", a sex, an age band, a township's name or a group's name
    members: int
    before: int
    after: int


@dataclass
class KnowledgeFigures:
    modules: list[KnowledgeRow] = field(default_factory=list)  # per module, then "all" (every module together)
    # "sex", "age", "township" -> rows; "group" too when the report is one township's or group's (the whole
    # programme has thousands of groups: a table no one reads, and most of the page's weight and time)
    by: dict[str, list[KnowledgeRow]] = field(default_factory=dict)


@dataclass
class CourseFigures:
    course: Course
    lessons_read: int = 0
    modules: list[ModuleFigures] = field(default_factory=list)
    certificates: int = 0
    knowledge: KnowledgeFigures = field(default_factory=KnowledgeFigures)


@dataclass
class Dashboard:
    households: int = 0
    members: int = 0
    by_sex: dict[str, int] = field(default_factory=dict)
    by_age: dict[str, dict[str, int]] = field(default_factory=dict)  # band -> sex -> count
    courses: list[CourseFigures] = field(default_factory=list)
    sessions: int = 0
    attendance: dict[str, int] = field(default_factory=dict)


def _in_range(column, report: ReportFilter):
    """The filter's dates are Myanmar days."""
    return within_days(column, report.since, report.until)


def _members(column, member_ids) -> list:
    """The condition that a member id column is among the report's members; none when the report is everyone."""
    return [] if member_ids is None else [column.in_(member_ids)]


def _course_figures(db: Session, report: ReportFilter, member_ids, course: Course) -> CourseFigures:
    """Lessons read, quiz attempts and pass rates per module, and certificates, for one course (member_ids: a query
    of the report's members, or None for everyone)."""
    figures = CourseFigures(course)
    figures.lessons_read = db.scalar(select(func.count()).select_from(LessonRead).where(
        *_members(LessonRead.member_id, member_ids), LessonRead.course_id == course.id,
        *_in_range(LessonRead.read_at, report))) or 0
    per_module = {m.id: ModuleFigures(m.id) for m in course.modules}
    attempts = select(QuizAttempt.module_id, QuizAttempt.member_id, QuizAttempt.passed).where(
        *_members(QuizAttempt.member_id, member_ids), QuizAttempt.course_id == course.id,
        *_in_range(QuizAttempt.answered_at, report)).subquery()
    for module_id, count, tried, passed in db.execute(
        select(attempts.c.module_id, func.count(), func.count(distinct(attempts.c.member_id)),
               func.count(distinct(case((attempts.c.passed, attempts.c.member_id)))))
        .group_by(attempts.c.module_id)
    ):
        if module_id in per_module:
            per_module[module_id].attempts, per_module[module_id].members_tried = count, tried
            per_module[module_id].members_passed = passed
    figures.modules = list(per_module.values())
    figures.certificates = db.scalar(select(func.count()).select_from(Certificate).where(
        *_members(Certificate.member_id, member_ids), Certificate.course_id == course.id, Certificate.revoked_at.is_(None),
        *_in_range(Certificate.issued_at, report))) or 0
    return figures


def percent(correct, asked) -> int:
    """correct of asked as a whole percentage, halves rounded up (1 of 8 is 13%); 0 when nothing was asked."""
    return (200 * (correct or 0) + asked) // (2 * asked) if asked else 0


def _band(age):
    """The age band of an age expression, in SQL."""
    return case(*[(age.between(low, high), label) for low, high, label in AGE_BANDS], else_="?")


def _knowledge(db: Session, report: ReportFilter, states: list[str] | None, course: Course, language: str,
               everyone: bool = False) -> KnowledgeFigures:
    """Before and after of one course for the same members: only a member's modules with both a "before" (their
    check) and an "after" (their first attempt of that module's quiz) count, in every figure. Two grouped queries:
    per module, and per (sex, age band, township, and group when groups are shown), which the breakdowns are added
    up from (a member is in one such cell, so their numbers of members add up too). The scores are joined to their members and households
    and limited there (no list of member ids to build first)."""
    figures = KnowledgeFigures()
    if not course.check:
        return figures
    score = KnowledgeScore
    sums = (func.sum(score.before_correct), func.sum(score.before_asked), func.sum(score.after_correct),
            func.sum(score.after_asked))

    def paired(*columns, people: bool = True):
        """The scores of this course with both a before and an after, of the report's members (joined to them and
        their households when the report is not everyone, or `people` asks for their columns)."""
        query = select(*columns).select_from(score)
        if people or not everyone:
            query = query.join(Member, Member.id == score.member_id).join(Household, Household.id == Member.household_id)
        if not everyone:
            query = restrict_households(query, report, states).where(*_in_range(Household.created_at, report))
        return query.where(score.course_id == course.id, score.before_asked.is_not(None),
                           score.after_asked.is_not(None))

    by_module = {module_id: KnowledgeRow(module_id, members, percent(bc, ba), percent(ac, aa))
                 for module_id, members, bc, ba, ac, aa in db.execute(
                     paired(score.module_id, func.count(), *sums, people=False).group_by(score.module_id))}
    figures.modules = [by_module[m.id] for m in course.modules if m.id in by_module]
    band = _band(today().year - Member.birth_year)
    by_group = bool(report.township or report.group_id)
    # a member's group only when the groups are shown: else a township's members are one cell, not one per group
    keys = (Member.sex, band, Household.township_pcode) + ((Household.group_id,) if by_group else ())
    cells = [cell if by_group else (*cell[:3], None, *cell[3:]) for cell in db.execute(
        paired(*keys, func.count(distinct(score.member_id)), *sums).group_by(*keys))]
    if not cells:
        return figures
    townships = dict(db.execute(select(Township.pcode, Township.name_en if language in ("en", "cnh")
                                       else Township.name_my).where(Township.pcode.in_({c[2] for c in cells}))).all())
    groups = dict(db.execute(select(Group.id, Group.name).where(Group.id.in_({c[3] for c in cells if c[3]}))).all())
    # one pass over the cells adds each into its row of every breakdown: (members, bc, ba, ac, aa) per label
    totals: dict[str, dict[str, list[int]]] = {"sex": {}, "age": {}, "township": {}}
    if by_group:
        totals["group"] = {}
    everything = [0, 0, 0, 0, 0]
    for sex, band, township, group, *numbers in cells:
        numbers = [n or 0 for n in numbers]
        labels = [("sex", str(getattr(sex, "value", sex))), ("age", band),
                  ("township", townships.get(township, township))]
        if by_group:
            labels.append(("group", groups.get(group, "—")))
        for row in [everything] + [totals[name].setdefault(label, [0, 0, 0, 0, 0]) for name, label in labels]:
            for i, n in enumerate(numbers):
                row[i] += n
    figures.modules.append(_row("all", everything))
    figures.by = {name: [_row(label, rows[label]) for label in sorted(rows)] for name, rows in totals.items()}
    return figures


def _row(key: str, added: list[int]) -> KnowledgeRow:
    """The figures of cells added together: (members, bc, ba, ac, aa) -> members, before %, after %."""
    members, bc, ba, ac, aa = added
    return KnowledgeRow(key, members, percent(bc, ba), percent(ac, aa))


def _covers_everyone(db: Session, report: ReportFilter, states: list[str] | None) -> bool:
    """True when the report is about every registered household: no filter on place, group or registration date,
    and an area (if any) holding every household. The figures then leave out the condition that a record's member
    is among the report's (the same numbers, without first listing 100,000 members for every query), which on the
    whole programme costs more than the counting itself."""
    if report.state or report.township or report.group_id or report.since or report.until:
        return False
    if states is None:
        return True
    outside = select(Household.id).join(Township, Household.township_pcode == Township.pcode).where(
        Township.state_pcode.not_in(states)).limit(1)
    return db.scalar(outside) is None


def dashboard(db: Session, report: ReportFilter, states: list[str] | None,
              courses: tuple[Course, ...] | list[Course], language: str = "en") -> Dashboard:
    """Households and members (by sex and age band), progress, certificates, sessions and attendance."""
    figures = Dashboard()
    everyone = _covers_everyone(db, report, states)
    households = restrict_households(select(Household.id), report, states).where(
        *_in_range(Household.created_at, report)).subquery()
    figures.households = db.scalar(select(func.count()).select_from(households)) or 0
    members = select(Member.id, Member.sex, Member.birth_year)
    if not everyone:
        members = members.join(households, Member.household_id == households.c.id)
    members = members.subquery()
    band = _band(today().year - members.c.birth_year)  # ages as of the Myanmar year
    for sex, age_band, count in db.execute(
        select(members.c.sex, band, func.count()).group_by(members.c.sex, band)
    ):
        sex = getattr(sex, "value", sex)
        figures.members += count
        figures.by_sex[sex] = figures.by_sex.get(sex, 0) + count
        figures.by_age.setdefault(age_band, {})[sex] = count
    member_ids = None if everyone else select(members.c.id)
    figures.courses = [_course_figures(db, report, member_ids, course) for course in courses]
    for course_figures in figures.courses:
        course_figures.knowledge = _knowledge(db, report, states, course_figures.course, language, everyone)
    groups = restrict_groups(select(Group.id), report, states).subquery()
    sessions = select(GroupSession.id).where(GroupSession.group_id.in_(select(groups.c.id)))
    if report.since:
        sessions = sessions.where(GroupSession.held_on >= report.since)
    if report.until:
        sessions = sessions.where(GroupSession.held_on <= report.until)
    sessions = sessions.subquery()
    figures.sessions = db.scalar(select(func.count()).select_from(sessions)) or 0
    for status, count in db.execute(
        select(AttendanceRecord.status, func.count()).where(AttendanceRecord.session_id.in_(select(sessions.c.id)))
        .group_by(AttendanceRecord.status)
    ):
        figures.attendance[getattr(status, "value", status)] = count
    return figures
