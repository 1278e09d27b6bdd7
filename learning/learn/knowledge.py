"""Knowledge before and after a course (issue 18).

A course may have a short check (`[check]` in its course.toml): questions of its module quizzes, asked once before
the first lesson, not graded for the learner and skippable. What a member got right there is kept per module as
"before"; their first attempt of each module quiz gives "after" on the same questions. Both are kept in
`knowledge_scores`, written in the transaction that stores the check or the attempt, so the dashboard and the
exports add them up with plain queries.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learning.content.model import CheckItem, Course, Module, Question, Quiz
from learning.db import insert_ignoring_conflict, utcnow
from learning.learn import grading
from learning.learn.grading import Answer
from learning.learn.models import KnowledgeCheck, KnowledgeScore, QuizAttempt


@dataclass(frozen=True)
class CheckQuestion:
    """A question of the check: where it comes from, and the question under its check key."""

    item: CheckItem
    module: Module
    question: Question  # the module quiz's question, its id replaced by item.key


def questions(course: Course) -> list[CheckQuestion]:
    """The course's check questions, in the check's order (none when the course has no check)."""
    found = []
    for item in course.check:
        module = course.module(item.module_id)
        question = module.quiz.question(item.question_id) if module else None
        if question is not None:
            found.append(CheckQuestion(item, module, replace(question, id=item.key)))
    return found


def as_quiz(course: Course) -> Quiz:
    """The check as a quiz (pass mark 0: nobody passes or fails it), so the quiz's reading and grading apply."""
    return Quiz(0, tuple(q.question for q in questions(course)))


def offered(db: Session, member_id: int, course: Course, reads: set[tuple[str, str, str]]) -> bool:
    """The check is offered until the member takes or skips it, and only before they have read a lesson of the
    course or tried one of its quizzes (after that it would not measure what they knew before)."""
    return course.id in offered_in(db, member_id, (course,), reads)


def offered_in(db: Session, member_id: int, courses, reads: set[tuple[str, str, str]]) -> set[str]:
    """The ids of the courses whose check is offered to the member now (one query for all of them)."""
    started = {read[0] for read in reads}
    candidates = {c.id for c in courses if c.check and c.id not in started}
    if not candidates:
        return set()
    done = set(db.scalars(select(KnowledgeCheck.course_id).where(
        KnowledgeCheck.member_id == member_id, KnowledgeCheck.course_id.in_(candidates)).union(
        select(QuizAttempt.course_id).where(QuizAttempt.member_id == member_id,
                                            QuizAttempt.course_id.in_(candidates)))))
    return candidates - done


def record_check(db: Session, member_id: int, course: Course, submission_id: str,
                 answers: dict[str, Answer] | None, option_order: dict | None = None,
                 when: datetime | None = None) -> bool:
    """Store the member's check once (answers None: skipped) with its "before" per module. False when it was
    stored before (a retry, a double tap, or a second check for the same course): nothing changes then."""
    values = {"submission_id": submission_id, "member_id": member_id, "course_id": course.id,
              "skipped": answers is None, "answers": grading.answers_to_json(answers or {}),
              "option_order": option_order, "answered_at": when or utcnow()}
    if db.scalar(select(KnowledgeCheck.id).where(
            (KnowledgeCheck.submission_id == submission_id)
            | ((KnowledgeCheck.member_id == member_id) & (KnowledgeCheck.course_id == course.id)))) is not None:
        return False
    if not insert_ignoring_conflict(db, KnowledgeCheck, values, ["member_id", "course_id"]):
        return False
    if answers is not None:
        for module_id, (correct, asked) in _per_module(course, answers).items():
            _score(db, member_id, course.id, module_id, "before", correct, asked)
    return True


def record_after(db: Session, member_id: int, course: Course, module: Module, attempt: QuizAttempt,
                 answers: dict[str, Answer], quiz: Quiz) -> None:
    """After a new attempt of a module quiz is stored: when it is the member's first attempt of that module, keep
    its right answers on the module's check questions as "after" (in the caller's transaction)."""
    asked = [q for q in questions(course) if q.module.id == module.id and quiz.question(q.item.question_id)]
    if not asked:
        return
    earlier = db.scalar(select(func.count()).select_from(QuizAttempt).where(
        QuizAttempt.member_id == member_id, QuizAttempt.course_id == course.id,
        QuizAttempt.module_id == module.id, QuizAttempt.id != attempt.id, QuizAttempt.id < attempt.id))
    if earlier:
        return
    correct = sum(grading.is_correct(quiz.question(q.item.question_id), answers.get(q.item.question_id))
                  for q in asked)
    _score(db, member_id, course.id, module.id, "after", correct, len(asked))


def _per_module(course: Course, answers: dict[str, Answer]) -> dict[str, tuple[int, int]]:
    """Right answers and questions asked per module, of a check's answers (keyed by check key)."""
    counts: dict[str, tuple[int, int]] = {}
    for q in questions(course):
        correct, asked = counts.get(q.module.id, (0, 0))
        counts[q.module.id] = (correct + grading.is_correct(q.question, answers.get(q.item.key)), asked + 1)
    return counts


def _score(db: Session, member_id: int, course_id: str, module_id: str, phase: str, correct: int,
           asked: int) -> None:
    """Set a module's "before" or "after" once: the first value stays (a row holds both, either may come first)."""
    if db.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    values = {f"{phase}_correct": correct, f"{phase}_asked": asked}
    statement = insert(KnowledgeScore).values(member_id=member_id, course_id=course_id, module_id=module_id,
                                               **values)
    db.execute(statement.on_conflict_do_update(
        index_elements=["member_id", "course_id", "module_id"], set_=values,
        where=getattr(KnowledgeScore, f"{phase}_asked").is_(None)))
