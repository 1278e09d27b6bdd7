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
from learning.learn.models import LessonRead, QuizAttempt
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


@dataclass
class CourseFigures:
    course: Course
    lessons_read: int = 0
    modules: list[ModuleFigures] = field(default_factory=list)
    certificates: int = 0


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


def dashboard(db: Session, report: ReportFilter, states: list[str] | None,
              courses: tuple[Course, ...] | list[Course]) -> Dashboard:
    """Households and members (by sex and age band), progress, certificates, sessions and attendance."""
    figures = Dashboard()
    households = restrict_households(select(Household.id), report, states).where(
        *_in_range(Household.created_at, report)).subquery()
    figures.households = db.scalar(select(func.count()).select_from(households)) or 0
    members = select(Member.id, Member.sex, Member.birth_year).join(households, Member.household_id == households.c.id)
    members = members.subquery()
    year = today().year  # ages as of the Myanmar year
    age = year - members.c.birth_year
    band = case(*[(age.between(low, high), label) for low, high, label in AGE_BANDS], else_="?")
    for sex, age_band, count in db.execute(
        select(members.c.sex, band, func.count()).group_by(members.c.sex, band)
    ):
        sex = getattr(sex, "value", sex)
        figures.members += count
        figures.by_sex[sex] = figures.by_sex.get(sex, 0) + count
        figures.by_age.setdefault(age_band, {})[sex] = count
    member_ids = select(members.c.id)
    figures.courses = [_course_figures(db, report, member_ids, course) for course in courses]
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
