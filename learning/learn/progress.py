"""Progress: reading a member's lessons read and quiz results back (learn/services.py records them)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from learning.content.model import Course, Lesson, Module
from learning.learn.models import LessonRead, QuizAttempt


def has_read(db: Session, member_id: int, module: Module, lesson_id: str) -> bool:
    """True when the member has read the lesson before."""
    return db.scalar(select(LessonRead.id).where(
        LessonRead.member_id == member_id, LessonRead.course_id == module.course_id,
        LessonRead.module_id == module.id, LessonRead.lesson_id == lesson_id)) is not None


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


@dataclass(frozen=True)
class NextStep:
    """Where a member goes on in a course: the first lesson not yet read, or the quiz of a module whose lessons are
    all read and whose quiz is not passed yet (lesson None)."""

    module: Module
    lesson: Lesson | None


def next_step(course: Course, reads: set[tuple[str, str, str]],
              quizzes: dict[tuple[str, str], QuizState]) -> NextStep | None:
    """The member's next step in the course, module by module; None once every lesson is read and every quiz
    passed."""
    for module in course.modules:
        for lesson in module.lessons:
            if (course.id, module.id, lesson.id) not in reads:
                return NextStep(module, lesson)
        state = quizzes.get((course.id, module.id))
        if state is None or not state.passed:
            return NextStep(module, None)
    return None
