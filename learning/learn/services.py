"""Learn's writes: a lesson read, and a quiz's answers recorded (from a phone, from paper, or sent later)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from learning.content.model import Course, Module, Question, Quiz
from learning.db import insert_ignoring_conflict, utcnow
from learning.households.models import Member
from learning.learn import grading, knowledge
from learning.learn.grading import Answer, Score, answers_to_json
from learning.learn.models import LessonRead, QuizAttempt, QuizVersion, Source
from learning.learn.quiz_forms import read_answers
from learning.learn.signals import module_passed
from learning.learn.tokens import Refusal


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
                   source: Source = Source.PHONE, recorded_by_id: int | None = None, *,
                   version: str | None = None, answered_at: datetime | None = None,
                   needs_review: bool = False, option_order: dict | None = None) -> Stored:
    """Store a quiz attempt once per submission id (the database's unique constraint decides)."""
    received = utcnow()
    values = {
        "submission_id": submission_id, "member_id": member_id, "course_id": module.course_id,
        "module_id": module.id, "content_version": version or module.version, "answers": answers_to_json(answers),
        "score": result.points, "max_score": result.max_points, "percent": result.percent,
        "passed": result.passed, "source": source, "recorded_by_id": recorded_by_id, "created_at": received,
        "answered_at": answered_at or received, "needs_review": needs_review, "option_order": option_order,
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
                   recorded_by_id: int | None = None, version: str | None = None, quiz: Quiz | None = None,
                   answered_at: datetime | None = None, order_seed: str | None = None) -> Recorded:
    """Grade and store a module quiz's answers once per submission id and, when this new attempt passes, let
    the features that reward completion act (certificates are issued then), all in the caller's transaction.

    The one way answers are recorded: the quiz on a phone, paper results and answers sent later all use it.
    Answers sent later name the content `version` they were given on and the `quiz` as it was then; with no
    quiz (a version the server no longer knows) they are stored unscored and flagged for review, never lost.
    """
    remember_quiz_version(db, module)
    flagged = version is not None and version != module.version and quiz is None
    if flagged:
        result = grading.Score(0, 0, 0, False, ())
    else:
        result = grading.score(quiz or module.quiz, answers)
    shown = grading.option_order(quiz or module.quiz, order_seed) if order_seed and not flagged else None
    stored = record_attempt(db, member.id, module, submission_id, answers, result, source, recorded_by_id,
                            version=version, answered_at=answered_at, needs_review=flagged, option_order=shown)
    if stored.new and not flagged and stored.attempt.member_id == member.id:
        knowledge.record_after(db, member.id, course, module, stored.attempt, answers, quiz or module.quiz)
    awarded = None
    if stored.new and result.passed:
        replies = module_passed.send(db, member=member, course=course, issued_by_id=recorded_by_id)
        awarded = next((value for _receiver, value in replies if value is not None), None)
    return Recorded(stored.attempt, stored.new, result, awarded)


def quiz_to_json(quiz: Quiz) -> dict:
    return {"pass_mark": quiz.pass_mark, "questions": [
        {"id": q.id, "type": q.type, "options": list(q.options),
         "answer": list(q.answer) if isinstance(q.answer, tuple) else q.answer, "points": q.points,
         "tolerance": q.tolerance} for q in quiz.questions]}


def quiz_from_json(stored: dict) -> Quiz:
    return Quiz(stored["pass_mark"], tuple(
        Question(q["id"], q["type"], tuple(q["options"]),
                 tuple(q["answer"]) if isinstance(q["answer"], list) else q["answer"], q["points"], q["tolerance"])
        for q in stored["questions"]))


def remember_quiz_version(db: Session, module: Module) -> None:
    """Keep the module's current quiz under its content version (once), so that answers given on it while a phone
    was offline can be graded after the content has changed."""
    key = (module.course_id, module.id, module.version)
    kept = db.info.setdefault("quiz_versions_kept", set())  # once per session (paper results record many members)
    if key in kept:
        return
    insert_ignoring_conflict(db, QuizVersion, {
        "course_id": module.course_id, "module_id": module.id, "content_version": module.version,
        "quiz": quiz_to_json(module.quiz), "first_seen_at": utcnow()}, ["course_id", "module_id", "content_version"])
    kept.add(key)


def quiz_of_version(db: Session, module: Module, version: str) -> Quiz | None:
    """The module's quiz as it was in a content version, or None when the server never kept that version."""
    if version == module.version:
        return module.quiz
    stored = db.get(QuizVersion, (module.course_id, module.id, version))
    return quiz_from_json(stored.quiz) if stored is not None else None


class Refused(Exception):
    """Answers or reads sent later that cannot be stored; `reason` is sent to the phone, which shows it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


NOT_A_MEMBER = "not-a-member"  # the member is gone, withdrew, or is not of the token's household
OTHER_MEMBER = Refusal.OTHER_MEMBER.value  # this submission id was already stored for someone else: the phone
# shows the same reason as for a token of another member


def sender(db: Session, member_id: int, household_id: int) -> Member:
    """The member a valid answer token names, while they are still learning with us; Refused otherwise."""
    member = db.get(Member, member_id)
    if (member is None or member.household_id != household_id or member.withdrawn_at is not None
            or member.erased_at is not None or member.household.erased_at is not None):
        raise Refused(NOT_A_MEMBER)
    return member


def copy_seed(version: str) -> str:
    """The seed of a saved quiz copy's option order: one order per quiz version, as the copy is one page."""
    return f"copy:{version}"


def within(moment: datetime | None, earliest: datetime, latest: datetime) -> datetime:
    """A time the phone gave, kept between what the server knows: not before the token, not after receipt."""
    if moment is None:
        return latest
    return min(max(moment, earliest), latest)


def record_sent_answers(db: Session, member: Member, course: Course, module: Module, version: str,
                        submission_id: str, fields: MultiDict, answered_at: datetime,
                        order_seed: str | None = None) -> Recorded:
    """Answers kept on a phone while it was offline, sent later: graded against the quiz version they were given
    on (flagged and kept as sent when the server no longer knows it), stored once per submission id, and a
    certificate issued when they complete the course. A question left unanswered scores nothing."""
    quiz = quiz_of_version(db, module, version)
    if quiz is not None:
        given, _unanswered = read_answers(quiz, fields)
    else:
        given = {name: values if len(values) > 1 else values[0] for name, values in fields.lists()}
    # the options were shown in the order of the page's seed: its submission id, or a saved copy's version
    seed = order_seed if order_seed in (submission_id, copy_seed(version)) else None
    recorded = record_answers(db, member, course, module, submission_id, given, version=version, quiz=quiz,
                              answered_at=answered_at, order_seed=seed)
    if recorded.attempt.member_id != member.id:
        raise Refused(OTHER_MEMBER)
    return recorded


def record_sent_reads(db: Session, member: Member, reads: list[tuple[Module, str, datetime]]) -> int:
    """Lessons read on a phone while it was offline; the first read of each is kept. How many were new."""
    return sum(record_read(db, member.id, module, lesson_id, when=when) for module, lesson_id, when in reads)
