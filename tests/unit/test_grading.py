"""Scoring quizzes."""
from decimal import Decimal

from learning.content.model import Question, Quiz
from learning.learn.grading import answers_from_json, answers_to_json, is_correct, score

SINGLE = Question("s", "single", ("a", "b", "c"), "b")
MULTIPLE = Question("m", "multiple", ("a", "b", "c", "d"), ("a", "c"))
NUMBER = Question("n", "number", (), 578200.0, points=2)
NEAR = Question("t", "number", (), 100.0, tolerance=0.5)
QUIZ = Quiz(70, (SINGLE, MULTIPLE, NUMBER))


def test_each_question_type():
    assert is_correct(SINGLE, "b") and not is_correct(SINGLE, "a")
    assert is_correct(MULTIPLE, ("c", "a")) and not is_correct(MULTIPLE, ("a",))
    assert not is_correct(MULTIPLE, ("a", "b", "c"))
    assert is_correct(NUMBER, Decimal("578200")) and not is_correct(NUMBER, Decimal("578201"))
    assert is_correct(NEAR, Decimal("100.5")) and not is_correct(NEAR, Decimal("100.6"))
    assert not is_correct(SINGLE, None)


def test_score_counts_points_and_the_pass_mark():
    full = score(QUIZ, {"s": "b", "m": ("a", "c"), "n": Decimal(578200)})
    assert (full.points, full.max_points, full.percent, full.passed) == (4, 4, 100, True)
    partial = score(QUIZ, {"s": "b", "m": ("a",), "n": Decimal(578200)})
    assert (partial.points, partial.percent, partial.passed) == (3, 75, True)
    failing = score(QUIZ, {"s": "a", "m": ("a", "c"), "n": Decimal(1)})
    assert (failing.points, failing.percent, failing.passed) == (1, 25, False)


def test_a_percentage_just_below_the_mark_does_not_round_up_into_a_pass():
    quiz = Quiz(70, tuple(Question(f"q{i}", "single", ("a", "b"), "a") for i in range(3)))
    result = score(quiz, {"q0": "a", "q1": "a", "q2": "b"})  # 66.7 %
    assert result.percent == 66 and not result.passed


def test_answers_survive_a_round_trip_through_json():
    answers = {"s": "b", "m": ("a", "c"), "n": Decimal("578200")}
    assert answers_from_json(answers_to_json(answers), QUIZ) == answers
