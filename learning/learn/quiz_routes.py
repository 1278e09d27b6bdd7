"""Module quizzes: one page, submitted as a whole; a double tap or a retry stores one attempt."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from learning import db
from learning.auth.household_session import current_member, current_member_id, member_required
from learning.learn import bp, grading, services
from learning.learn.library import catalog
from learning.learn.models import QuizAttempt
from learning.learn.quiz_forms import QuizForm, field_name, read_answers
from learning.learn.signals import course_links


def _module_or_404(course_id: str, module_id: str):
    course = catalog().course(course_id)
    module = course.module(module_id) if course else None
    if module is None:
        abort(404)
    return course, module


@bp.route("/learn/<course_id>/<module_id>/quiz", methods=["GET", "POST"])
@member_required
def quiz(course_id: str, module_id: str):
    """The module's quiz for the member learning now."""
    course, module = _module_or_404(course_id, module_id)
    form = QuizForm()
    errors: dict[str, str] = {}
    if request.method == "POST":
        answers, errors = read_answers(module.quiz, request.form)
        if form.validate_on_submit() and not errors:
            member = current_member()
            stored = services.record_answers(db.session, member, course, module, form.submission_id.data, answers,
                                             order_seed=form.submission_id.data)
            db.session.commit()
            if stored.attempt.member_id != member.id:
                flash(_("This quiz form was already sent for someone else. Please answer it again."))
                return redirect(url_for("learn.quiz", course_id=course.id, module_id=module.id))
            return redirect(url_for("learn.quiz_result", course_id=course.id, module_id=module.id,
                                    attempt_id=stored.attempt.id))
        if form.errors and not errors:
            abort(400)  # a tampered or missing submission id
    status = 400 if request.method == "POST" else 200
    order = grading.option_order(module.quiz, form.submission_id.data)  # shuffled, fixed for this attempt
    return render_template("learn/quiz.html", course=course, module=module, form=form, errors=errors,
                           given=request.form, field_name=field_name, order=order,
                           order_seed=form.submission_id.data), status


@bp.route("/learn/<course_id>/<module_id>/quiz/attempts/<int:attempt_id>")
@member_required
def quiz_result(course_id: str, module_id: str, attempt_id: int):
    """An attempt's score, pass or not, and every question's explanation; only for its own member."""
    course, module = _module_or_404(course_id, module_id)
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.member_id != current_member_id() or attempt.module_id != module.id \
            or attempt.course_id != course.id:
        abort(404)
    same_version = attempt.content_version == module.version
    graded = grading.score(module.quiz, grading.answers_from_json(attempt.answers, module.quiz)) if same_version else None
    # (label, url) once the course is complete and its certificate issued
    certificate = course_links(db.session, current_member()).get(course.id) if attempt.passed else None
    return render_template("learn/quiz_result.html", course=course, module=module, attempt=attempt, graded=graded,
                           certificate=certificate, order=grading.shown_order(module.quiz, attempt.option_order))
