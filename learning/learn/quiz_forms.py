"""Reading a quiz submission: every question answered, numbers in any digits, a submission id."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from learning.content.model import Quiz
from learning.inputs import SubmissionIdField
from learning.learn.grading import Answer
from learning.learn.numbers import NumberError, parse_amount


class QuizForm(FlaskForm):
    """The quiz page's form: CSRF and the submission id; the answers are read by read_answers."""

    submission_id = SubmissionIdField()


def field_name(question_id: str) -> str:
    return f"q-{question_id}"


def read_answers(quiz: Quiz, form: MultiDict) -> tuple[dict[str, Answer], dict[str, str]]:
    """The answers given, and an error message for each question left unanswered or answered wrongly."""
    answers: dict[str, Answer] = {}
    errors: dict[str, str] = {}
    for number, question in enumerate(quiz.questions, start=1):
        name = field_name(question.id)
        if question.type == "single":
            value = form.get(name, "")
            if value in question.options:
                answers[question.id] = value
            else:
                errors[question.id] = _("Choose an answer for question %(number)s.", number=number)
        elif question.type == "multiple":
            values = [v for v in form.getlist(name) if v in question.options]
            if values:
                answers[question.id] = tuple(sorted(set(values)))
            else:
                errors[question.id] = _("Tick at least one answer for question %(number)s.", number=number)
        else:
            try:
                answers[question.id] = parse_amount(form.get(name, ""))
            except NumberError as exc:
                errors[question.id] = (
                    _("Write a number for question %(number)s.", number=number) if exc.reason == "empty"
                    else _("Question %(number)s: write the number with digits only, for example 5000 or ၅၀၀၀.",
                           number=number)
                )
    return answers, errors
