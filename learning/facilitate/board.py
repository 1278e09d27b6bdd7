"""The group board: every member against every module of every course, read from progress and certificates
with one query per kind of fact (and per course), however many members the group has."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.certificates.models import Certificate
from learning.content.model import Course
from learning.facilitate.models import Group
from learning.households.models import Household, Member
from learning.learn.completion import completion_dates
from learning.learn.progress import QuizState, lessons_done, lessons_read, quiz_states


@dataclass(frozen=True)
class MemberRow:
    member: Member
    household: Household
    lessons: dict[str, int]  # module id -> lessons read
    quizzes: dict[str, QuizState | None]  # module id -> quiz state
    certificate: Certificate | None
    eligible: bool  # every quiz passed and no valid certificate yet


@dataclass(frozen=True)
class CourseBoard:
    course: Course
    rows: list[MemberRow]


def group_members(db: Session, group: Group) -> list[tuple[Household, Member]]:
    """The group's households and members, in a stable order."""
    rows = db.execute(
        select(Household, Member).join(Member, Member.household_id == Household.id)
        .where(Household.group_id == group.id, Member.erased_at.is_(None)).order_by(Household.code, Member.id)
    ).all()
    return [(household, member) for household, member in rows]


def boards(db: Session, group: Group, courses: tuple[Course, ...] | list[Course]) -> list[CourseBoard]:
    """One board per course: a row per member of the group."""
    pairs = group_members(db, group)
    ids = [member.id for _, member in pairs]
    reads = lessons_read(db, ids)
    states = quiz_states(db, ids)
    certificates = {
        (c.member_id, c.course_id): c for c in db.scalars(select(Certificate).where(
            Certificate.member_id.in_(ids), Certificate.revoked_at.is_(None)))
    } if ids else {}
    result = []
    for course in courses:
        completed = completion_dates(db, course, ids)
        rows = []
        for household, member in pairs:
            certificate = certificates.get((member.id, course.id))
            rows.append(MemberRow(
                member, household,
                {m.id: lessons_done(reads[member.id], m) for m in course.modules},
                {m.id: states[member.id].get((course.id, m.id)) for m in course.modules},
                certificate, certificate is None and member.id in completed,
            ))
        result.append(CourseBoard(course, rows))
    return result
