"""Progress: recording lessons read and quiz attempts, and reading a member's progress back."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from learning.content.model import Course, Module
from learning.db import insert_ignoring_conflict, utcnow
from learning.learn.grading import Score, answers_to_json
from learning.learn.models import LessonRead, QuizAttempt, Source


def has_read(db: Session, member_id: int, module: Module, lesson_id: str) -> bool:
    """True when the member has read the lesson before."""
    return db.scalar(select(LessonRead.id).where(
        LessonRead.member_id == member_id, LessonRead.course_id == module.course_id,
        LessonRead.module_id == module.id, LessonRead.lesson_id == lesson_id)) is not None


def record_read(db: Session, member_id: int, module: Module, lesson_id: str, source: Source = Source.PHONE,
                recorded_by_id: int | None = None, when: datetime | None = None) -> bool:
    """Record that a member read a lesson; the first time is kept. True when this was the first time."""
    values = {
        "member_id": member_id, "course_id": module.course_id, "module_id": module.id, "lesson_id": lesson_id,
        "content_version": module.version, "source": source, "recorded_by_id": recorded_by_id,
        "read_at": when or utcnow(),
    }
    return insert_ignoring_conflict(db, LessonRead, values, ["member_id", "course_id", "module_id", "lesson_id"])


@dataclass(frozen=True)
class Stored:
    attempt: QuizAttempt
    new: bool  # False when the submission id had been stored before (a double tap or a retry)


def record_attempt(db: Session, member_id: int, module: Module, submission_id: str, answers: dict, result: Score,
                   source: Source = Source.PHONE, recorded_by_id: int | None = None) -> Stored:
    """Store a quiz attempt once per submission id (the database's unique constraint decides)."""
    values = {
        "submission_id": submission_id, "member_id": member_id, "course_id": module.course_id,
        "module_id": module.id, "content_version": module.version, "answers": answers_to_json(answers),
        "score": result.points, "max_score": result.max_points, "percent": result.percent,
        "passed": result.passed, "source": source, "recorded_by_id": recorded_by_id, "created_at": utcnow(),
    }
    inserted = insert_ignoring_conflict(db, QuizAttempt, values, ["submission_id"])
    attempt = db.scalar(select(QuizAttempt).where(QuizAttempt.submission_id == submission_id))
    return Stored(attempt, inserted)


def lessons_read(db: Session, member_ids: list[int]) -> dict[int, set[tuple[str, str, str]]]:
    """For each member, the (course, module, lesson) ids they have read."""
    result: dict[int, set[tuple[str, str, str]]] = {mid: set() for mid in member_ids}
    if member_ids:
        rows = db.execute(
            select(LessonRead.member_id, LessonRead.course_id, LessonRead.module_id, LessonRead.lesson_id)
            .where(LessonRead.member_id.in_(member_ids))
        )
        for member_id, course_id, module_id, lesson_id in rows:
            result[member_id].add((course_id, module_id, lesson_id))
    return result


@dataclass(frozen=True)
class QuizState:
    """A member's quiz record for one module: attempts, the best score (which counts), and passed or not."""

    attempts: int
    best_percent: int
    passed: bool


def quiz_states(db: Session, member_ids: list[int]) -> dict[int, dict[tuple[str, str], QuizState]]:
    """For each member and (course, module): attempts, best score and whether any attempt passed."""
    result: dict[int, dict[tuple[str, str], QuizState]] = {mid: {} for mid in member_ids}
    if member_ids:
        rows = db.execute(
            select(
                QuizAttempt.member_id, QuizAttempt.course_id, QuizAttempt.module_id, func.count(),
                func.max(QuizAttempt.percent),
                func.max(case((QuizAttempt.passed, 1), else_=0)),
            )
            .where(QuizAttempt.member_id.in_(member_ids))
            .group_by(QuizAttempt.member_id, QuizAttempt.course_id, QuizAttempt.module_id)
        )
        for member_id, course_id, module_id, count, best, passed in rows:
            result[member_id][(course_id, module_id)] = QuizState(count, best or 0, bool(passed))
    return result


def lessons_done(reads: set[tuple[str, str, str]], module: Module) -> int:
    """How many of the module's lessons are among the lessons read."""
    return sum((module.course_id, module.id, lesson.id) in reads for lesson in module.lessons)


def course_complete(course: Course, states: dict[tuple[str, str], QuizState]) -> bool:
    """A course is complete when every module's quiz has been passed."""
    return all(states.get((course.id, m.id), QuizState(0, 0, False)).passed for m in course.modules)
