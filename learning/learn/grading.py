"""Scoring a quiz: a pure function of the quiz structure and the answers given."""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from decimal import Decimal

from learning.content.model import Question, Quiz

Answer = str | tuple[str, ...] | Decimal


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answer: Answer | None
    correct: bool


@dataclass(frozen=True)
class Score:
    """Points scored, out of the quiz's total, and whether that passes."""

    points: int
    max_points: int
    percent: int
    passed: bool
    results: tuple[QuestionResult, ...]


def is_correct(question: Question, answer: Answer | None) -> bool:
    """Single: the key; multiple: exactly the keyed options; number: within the tolerance."""
    if answer is None:
        return False
    if question.type == "single":
        return answer == question.answer
    if question.type == "multiple":
        return isinstance(answer, tuple) and set(answer) == set(question.answer)
    try:
        return abs(Decimal(answer) - Decimal(str(question.answer))) <= Decimal(str(question.tolerance))
    except (ArithmeticError, ValueError, TypeError):
        return False


def score(quiz: Quiz, answers: dict[str, Answer]) -> Score:
    """Grade every question; the percentage is rounded down, so a pass is never rounded into being."""
    results = tuple(QuestionResult(q, answers.get(q.id), is_correct(q, answers.get(q.id))) for q in quiz.questions)
    points = sum(r.question.points for r in results if r.correct)
    total = quiz.total_points
    percent = points * 100 // total if total else 0
    return Score(points, total, percent, percent >= quiz.pass_mark, results)


def answers_to_json(answers: dict[str, Answer]) -> dict:
    """Answers in a form JSON can store."""
    return {qid: (list(a) if isinstance(a, tuple) else str(a) if isinstance(a, Decimal) else a)
            for qid, a in answers.items()}


def answers_from_json(stored: dict, quiz: Quiz) -> dict[str, Answer]:
    """Stored answers back in the shape `score` takes."""
    result: dict[str, Answer] = {}
    for question in quiz.questions:
        value = stored.get(question.id)
        if value is None:
            continue
        if question.type == "multiple":
            result[question.id] = tuple(value)
        elif question.type == "number":
            result[question.id] = Decimal(str(value))
        else:
            result[question.id] = value
    return result


def option_order(quiz: Quiz, seed: str) -> dict[str, list[str]]:
    """The order to show each question's options in, fixed by `seed` (the attempt's submission id): shuffled, so
    that a right answer is never learnt by its place. Number questions have no options."""
    order = {}
    for question in quiz.questions:
        if question.options:
            options = list(question.options)
            random.Random(hashlib.sha256(f"{seed}:{question.id}".encode()).digest()).shuffle(options)
            order[question.id] = options
    return order


def shown_order(quiz: Quiz, stored: dict | None) -> dict[str, list[str]]:
    """The order an attempt's options were shown in, for the quiz as it is now: the stored order of each question
    whose options are still the same, else the printed order (paper results, older attempts, a changed quiz)."""
    stored = stored if isinstance(stored, dict) else {}
    order = {}
    for question in quiz.questions:
        if question.options:
            kept = stored.get(question.id)
            same = isinstance(kept, list) and sorted(kept) == sorted(question.options)
            order[question.id] = list(kept) if same else list(question.options)
    return order
