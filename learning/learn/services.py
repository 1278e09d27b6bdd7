"""Learn's writes: a lesson read, and a quiz's answers recorded (from a phone, from paper, or sent later)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.content.model import Course, Module
from learning.db import insert_ignoring_conflict, utcnow
from learning.households.models import Member
from learning.learn import grading
from learning.learn.grading import Answer, Score, answers_to_json
from learning.learn.models import LessonRead, QuizAttempt, Source
from learning.learn.signals import module_passed


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


@dataclass(frozen=True)
class Recorded:
    """What recording a quiz's answers did."""

    attempt: QuizAttempt  # the stored attempt (the earlier one, when the submission id was sent before)
    new: bool
    score: Score
    awarded: Any = None  # what a feature gave for the pass, in the same transaction (a certificate)


def record_answers(db: Session, member: Member, course: Course, module: Module, submission_id: str,
                   answers: dict[str, Answer], *, source: Source = Source.PHONE,
                   recorded_by_id: int | None = None) -> Recorded:
    """Grade and store a module quiz's answers once per submission id and, when this new attempt passes, let
    the features that reward completion act (certificates are issued then), all in the caller's transaction.

    The one way answers are recorded: the quiz on a phone, paper results and answers sent later all use it.
    """
    result = grading.score(module.quiz, answers)
    stored = record_attempt(db, member.id, module, submission_id, answers, result, source, recorded_by_id)
    awarded = None
    if stored.new and result.passed:
        replies = module_passed.send(db, member=member, course=course, issued_by_id=recorded_by_id)
        awarded = next((value for _receiver, value in replies if value is not None), None)
    return Recorded(stored.attempt, stored.new, result, awarded)
