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
    by: dict[str, list[KnowledgeRow]] = field(default_factory=dict)  # "sex", "age", "township", "group" -> rows


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


def _course_figures(db: Session, report: ReportFilter, member_ids, course: Course) -> CourseFigures:
    """Lessons read, quiz attempts and pass rates per module, and certificates, for one course."""
    figures = CourseFigures(course)
    figures.lessons_read = db.scalar(select(func.count()).select_from(LessonRead).where(
        LessonRead.member_id.in_(member_ids), LessonRead.course_id == course.id,
        *_in_range(LessonRead.read_at, report))) or 0
    per_module = {m.id: ModuleFigures(m.id) for m in course.modules}
    attempts = select(QuizAttempt.module_id, QuizAttempt.member_id, QuizAttempt.passed).where(
        QuizAttempt.member_id.in_(member_ids), QuizAttempt.course_id == course.id,
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
        Certificate.member_id.in_(member_ids), Certificate.course_id == course.id, Certificate.revoked_at.is_(None),
        *_in_range(Certificate.issued_at, report))) or 0
    return figures


def percent(correct, asked) -> int:
    """correct of asked as a whole percentage, halves rounded up (1 of 8 is 13%); 0 when nothing was asked."""
    return (200 * (correct or 0) + asked) // (2 * asked) if asked else 0


def _band(age):
    """The age band of an age expression, in SQL."""
    return case(*[(age.between(low, high), label) for low, high, label in AGE_BANDS], else_="?")


def _knowledge(db: Session, report: ReportFilter, states: list[str] | None, course: Course,
               language: str) -> KnowledgeFigures:
    """Before and after of one course for the same members: only a member's modules with both a "before" (their
    check) and an "after" (their first attempt of that module's quiz) count, in every figure. Two grouped queries:
    per module, and per (sex, age band, township, group), which the breakdowns are added up from (a member is in
    one such cell, so their numbers of members add up too). The scores are joined to their members and households
    and limited there (no list of member ids to build first)."""
    figures = KnowledgeFigures()
    if not course.check:
        return figures
    score = KnowledgeScore
    sums = (func.sum(score.before_correct), func.sum(score.before_asked), func.sum(score.after_correct),
            func.sum(score.after_asked))

    def paired(*columns):
        """The scores of this course with both a before and an after, of the report's members."""
        query = restrict_households(
            select(*columns).select_from(score).join(Member, Member.id == score.member_id)
            .join(Household, Household.id == Member.household_id), report, states)
        return query.where(score.course_id == course.id, score.before_asked.is_not(None),
                           score.after_asked.is_not(None), *_in_range(Household.created_at, report))

    by_module = {module_id: KnowledgeRow(module_id, members, percent(bc, ba), percent(ac, aa))
                 for module_id, members, bc, ba, ac, aa in db.execute(
                     paired(score.module_id, func.count(), *sums).group_by(score.module_id))}
    figures.modules = [by_module[m.id] for m in course.modules if m.id in by_module]
    band = _band(today().year - Member.birth_year)
    cells = db.execute(
        paired(Member.sex, band, Household.township_pcode, Household.group_id,
               func.count(distinct(score.member_id)), *sums)
        .group_by(Member.sex, band, Household.township_pcode, Household.group_id)).all()
    if not cells:
        return figures
    figures.modules.append(KnowledgeRow("all", *_added(cells)))
    townships = dict(db.execute(select(Township.pcode, Township.name_en if language in ("en", "cnh")
                                       else Township.name_my).where(Township.pcode.in_({c[2] for c in cells}))).all())
    groups = dict(db.execute(select(Group.id, Group.name).where(Group.id.in_({c[3] for c in cells if c[3]}))).all())
    keys = {"sex": lambda c: str(getattr(c[0], "value", c[0])), "age": lambda c: c[1],
            "township": lambda c: townships.get(c[2], c[2]), "group": lambda c: groups.get(c[3], "—")}
    for name, key in keys.items():
        split: dict[str, list] = {}
        for cell in cells:
            split.setdefault(key(cell), []).append(cell)
        figures.by[name] = [KnowledgeRow(label, *_added(split[label])) for label in sorted(split)]
    return figures


def _added(cells) -> tuple[int, int, int]:
    """(members, before %, after %) of grouped rows (..., members, bc, ba, ac, aa) added together."""
    members, bc, ba, ac, aa = (sum(c[i] or 0 for c in cells) for i in range(-5, 0))
    return members, percent(bc, ba), percent(ac, aa)


def dashboard(db: Session, report: ReportFilter, states: list[str] | None,
              courses: tuple[Course, ...] | list[Course], language: str = "en") -> Dashboard:
    """Households and members (by sex and age band), progress, certificates, sessions and attendance."""
    figures = Dashboard()
    households = restrict_households(select(Household.id), report, states).where(
        *_in_range(Household.created_at, report)).subquery()
    figures.households = db.scalar(select(func.count()).select_from(households)) or 0
    members = select(Member.id, Member.sex, Member.birth_year).join(households, Member.household_id == households.c.id)
    members = members.subquery()
    band = _band(today().year - members.c.birth_year)  # ages as of the Myanmar year
    for sex, age_band, count in db.execute(
        select(members.c.sex, band, func.count()).group_by(members.c.sex, band)
    ):
        sex = getattr(sex, "value", sex)
        figures.members += count
        figures.by_sex[sex] = figures.by_sex.get(sex, 0) + count
        figures.by_age.setdefault(age_band, {})[sex] = count
    member_ids = select(members.c.id)
    figures.courses = [_course_figures(db, report, member_ids, course) for course in courses]
    for course_figures in figures.courses:
        course_figures.knowledge = _knowledge(db, report, states, course_figures.course, language)
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
