"""Paper results: a module quiz's answers for many members at once, scored like quizzes on a phone."""
from __future__ import annotations

import re
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import clock, db
from learning.auth.access import staff_required
from learning.content.model import Question
from learning.facilitate import bp, services
from learning.facilitate.board import group_members
from learning.facilitate.scope import group_or_404
from learning.facilitate.sessions import read_session_date
from learning.i18n.languages import to_latin_digits
from learning.inputs import SubmissionForm
from learning.learn import grading
from learning.learn.library import catalog
from learning.learn.numbers import NumberError, parse_amount

LETTERS = "abcdefgh"
MYANMAR_LETTERS = "ကခဂဃငစဆဇ"  # the (က) (ခ) (ဂ) labels of Burmese quizzes


def option_for(question: Question, typed: str) -> str | None:
    """The option meant by a letter (a, B), a number (1, ၂) or a Burmese letter (က); None if none."""
    typed = to_latin_digits(typed.strip().strip("().")).lower()
    if typed in question.options:
        return typed
    if len(typed) == 1 and typed in LETTERS:
        index = LETTERS.index(typed)
    elif typed.isascii() and typed.isdigit() and len(typed) <= 2:
        index = int(typed) - 1
    elif len(typed) == 1 and typed in MYANMAR_LETTERS:
        index = MYANMAR_LETTERS.index(typed)
    else:
        return None
    return question.options[index] if 0 <= index < len(question.options) else None


def read_cell(question: Question, typed: str) -> tuple[grading.Answer | None, bool]:
    """A cell of the grid: the answer, and whether what was typed could be read."""
    if question.type == "number":
        try:
            return parse_amount(typed), True
        except NumberError:
            return None, False
    parts = [p for p in re.split(r"[\s,;/]+", typed.strip()) if p]
    options = [option_for(question, p) for p in parts]
    if not parts or None in options:
        return None, False
    if question.type == "single":
        return (options[0], True) if len(options) == 1 else (None, False)
    return tuple(sorted(set(options))), True


def _read_grid(module, pairs, errors: dict[str, str]) -> list[services.PaperAnswers]:
    """The answers of every member whose row is not empty; an error for each cell that cannot be read."""
    graded = []
    for _household, member in pairs:
        cells = {q.id: request.form.get(f"m{member.id}-{q.id}", "").strip() for q in module.quiz.questions}
        if not any(cells.values()):
            continue
        answers = {}
        for number, question in enumerate(module.quiz.questions, start=1):
            answer, ok = read_cell(question, cells[question.id])
            if not cells[question.id]:
                errors[f"m{member.id}-{question.id}"] = _(
                    "%(name)s, question %(number)s: there is no answer.", name=member.name, number=number)
            elif not ok:
                errors[f"m{member.id}-{question.id}"] = _(
                    "%(name)s, question %(number)s: write an option letter or number (a, b, 1, 2) or a number.",
                    name=member.name, number=number)
            else:
                answers[question.id] = answer
        graded.append(services.PaperAnswers(member, answers))
    return graded


@bp.route("/groups/<int:group_id>/paper/<course_id>/<module_id>", methods=["GET", "POST"])
@staff_required()
def paper_results(group_id: int, course_id: str, module_id: str):
    """Members × questions; a row left empty means that member did not take the quiz."""
    group = group_or_404(db.session, current_user, group_id)
    course = catalog().course(course_id)
    module = course.module(module_id) if course else None
    if module is None:
        abort(404)
    pairs = group_members(db.session, group)
    form = SubmissionForm()
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)  # a tampered or missing submission id
        # the day of the session the quiz was answered on paper (results are often typed in days later, where there
        # is a network): the attempts, the day each member passed and their certificate's date are that day's
        today = clock.today()
        held_on = read_session_date(errors) if "held_on" in request.form else today
        graded = _read_grid(module, pairs, errors)
        if not graded and not errors:
            errors["grid"] = _("Enter the answers of at least one member.")
        if not errors:
            answered_at = None if held_on == today else clock.day_start(held_on) + timedelta(hours=12)
            services.record_paper_results(db.session, current_user.id, form.submission_id.data, course, module, graded,
                                          answered_at=answered_at)
            db.session.commit()
            flash(_("Results of %(count)s members are saved.", count=len(graded)))
            return redirect(url_for("facilitate.group", group_id=group.id))
    return render_template(
        "facilitate/paper.html", group=group, course=course, module=module, pairs=pairs, errors=errors,
        given=request.form, submission_id=form.submission_id.data, today=clock.today().isoformat(),
    ), 400 if errors else 200
