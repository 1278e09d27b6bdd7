"""A course's knowledge check: once, before the first lesson, not graded, skippable (learn/knowledge.py)."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from learning import db
from learning.auth.household_session import current_member_id, member_required
from learning.inputs import SubmissionForm
from learning.learn import bp, grading, knowledge
from learning.learn.library import catalog
from learning.learn.progress import lessons_read
from learning.learn.quiz_forms import field_name, read_answers


@bp.route("/learn/<course_id>/check", methods=["GET", "POST"])
@member_required
def check(course_id: str):
    """The check's questions on one page; Send stores the answers, Skip stores that it was skipped. Once either
    is stored, or once the member has read a lesson of the course, the page says so and leads on to the course."""
    course = catalog().course(course_id)
    if course is None or not course.check:
        abort(404)
    member_id = current_member_id()
    form = SubmissionForm()
    errors: dict[str, str] = {}
    quiz = knowledge.as_quiz(course)
    if request.method == "POST" and form.validate_on_submit():
        if not knowledge.offered(db.session, member_id, course, lessons_read(db.session, [member_id])[member_id]):
            return redirect(url_for("learn.course", course_id=course.id))  # a retry: stored before, or too late
        skipped = "skip" in request.form
        answers, errors = (None, {}) if skipped else read_answers(quiz, request.form)
        if not errors:
            knowledge.record_check(db.session, member_id, course, form.submission_id.data, answers,
                                   None if skipped else grading.option_order(quiz, form.submission_id.data))
            db.session.commit()
            return redirect(url_for("learn.check_done", course_id=course.id, skipped=int(skipped) or None))
    elif request.method == "POST":
        abort(400)  # a tampered or missing submission id or CSRF token
    elif not knowledge.offered(db.session, member_id, course, lessons_read(db.session, [member_id])[member_id]):
        return render_template("learn/check_done.html", course=course, skipped=False, not_offered=True)
    order = grading.option_order(quiz, form.submission_id.data)
    return render_template("learn/check.html", course=course, items=knowledge.questions(course), form=form,
                           errors=errors, given=request.form, field_name=field_name, order=order), \
        400 if errors else 200


@bp.route("/learn/<course_id>/check/done")
@member_required
def check_done(course_id: str):
    """Thanks, and the way into the first lesson; no score (the check is not graded)."""
    course = catalog().course(course_id)
    if course is None or not course.check:
        abort(404)
    return render_template("learn/check_done.html", course=course, skipped=bool(request.args.get("skipped")),
                           not_offered=False)
