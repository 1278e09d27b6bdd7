"""Course completion, defined once: a member has completed a course when they have passed every module quiz
of it; they completed it when they first passed the last of those quizzes.

Everything that asks (the certificate issued with the passing quiz, the certificate list, the group board,
the progress pages, the exports) uses these set-based queries, so a page asks the same number of questions
of the database however many members it shows.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from learning.clock import myanmar_date
from learning.content.model import Course
from learning.learn.models import QuizAttempt


def first_pass_at() -> ColumnElement:
    """In a query grouped by member and module: when the member first passed the module quiz (None if never), the
    same moment as first_passes gives, for queries that want the best score of the same attempts alongside."""
    return func.min(case((QuizAttempt.passed, QuizAttempt.answered_at))).label("passed_at")


def first_passes(course: Course, *where: ColumnElement[bool]) -> Select:
    """Rows (member_id, module_id, passed_at): when each member first passed each module quiz of the course.
    `where` narrows the attempts (for example ``QuizAttempt.member_id.in_(...)``)."""
    return (
        select(QuizAttempt.member_id, QuizAttempt.module_id, func.min(QuizAttempt.answered_at).label("passed_at"))
        .where(QuizAttempt.course_id == course.id, QuizAttempt.passed,
               QuizAttempt.module_id.in_([m.id for m in course.modules]), *where)
        .group_by(QuizAttempt.member_id, QuizAttempt.module_id)
    )


def completions(course: Course, *where: ColumnElement[bool]) -> Select:
    """Rows (member_id, completed_at) of the members who have passed every module quiz of the course."""
    passes = first_passes(course, *where).subquery()
    return (
        select(passes.c.member_id, func.max(passes.c.passed_at).label("completed_at"))
        .group_by(passes.c.member_id)
        .having(func.count() == len(course.modules))
    )


def completion_dates(db: Session, course: Course, member_ids: Iterable[int]) -> dict[int, date]:
    """For each of these members who completed the course, the day (Myanmar time) they completed it."""
    ids = list(member_ids)
    if not ids or not course.modules:
        return {}
    rows = db.execute(completions(course, QuizAttempt.member_id.in_(ids)))
    return {member_id: myanmar_date(completed_at) for member_id, completed_at in rows}
