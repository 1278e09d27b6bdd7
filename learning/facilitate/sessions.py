"""Sessions with a group: attendance on one screen, lessons covered counted as read for those present."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from learning import clock, db
from learning.auth.access import staff_required
from learning.facilitate import bp, services
from learning.facilitate.board import group_members
from learning.facilitate.models import Attendance, AttendanceRecord, GroupSession
from learning.facilitate.scope import group_or_404
from learning.inputs import SubmissionForm
from learning.learn.library import catalog


def _lesson_keys():
    """Every lesson as (key, module, lesson), key = "course/module/lesson"."""
    return [(f"{c.id}/{m.id}/{le.id}", m, le) for c in catalog().courses for m in c.modules for le in m.lessons]


def _read_attendance(pairs, errors: dict[str, str]) -> dict[int, Attendance]:
    statuses = {}
    for _household, member in pairs:
        value = request.form.get(f"attendance-{member.id}", "")
        if value not in {a.value for a in Attendance}:
            errors[f"attendance-{member.id}"] = _("Choose present, absent or excused.")
        else:
            statuses[member.id] = Attendance(value)
    return statuses


EARLIEST_SESSION = date(2000, 1, 1)


def read_session_date(errors: dict[str, str]) -> date | None:
    """The form's "held_on" date of a session: a day (Myanmar time) not in the future, else an error in `errors`.
    A year before 2000 is a typing slip (0026 for 2026), and too early to be turned into a time."""
    try:
        held_on = date.fromisoformat(request.form.get("held_on", ""))
    except ValueError:
        held_on = None
    if held_on is None or held_on < EARLIEST_SESSION:
        errors["held_on"] = _("Enter the date of the session.")
        return None
    if held_on > clock.today():  # the day in Myanmar, not on the server
        errors["held_on"] = _("The session cannot be in the future.")
    return held_on


@bp.route("/groups/<int:group_id>/sessions/new", methods=["GET", "POST"])
@staff_required()
def new_session(group_id: int):
    """Date, lessons covered and every member's attendance, saved in one post."""
    group = group_or_404(db.session, current_user, group_id)
    pairs = group_members(db.session, group)
    lessons = _lesson_keys()
    form = SubmissionForm()
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)  # a tampered or missing submission id
        held_on = read_session_date(errors)
        by_key = {key: (module, lesson) for key, module, lesson in lessons}
        covered = {key: by_key[key] for key in request.form.getlist("lessons") if key in by_key}
        attendance = _read_attendance(pairs, errors)
        if not errors:
            earlier = services.same_session(db.session, group, held_on, list(covered))
            retried = earlier is not None and earlier.submission_id == form.submission_id.data
            if earlier is not None and not retried:  # Save, Back, Save: the first one, to change it
                flash(_("This session (same day, same lessons) was saved before. Here it is: change what needs "
                        "changing and save."))
                return redirect(url_for("facilitate.edit_session", group_id=group.id, session_id=earlier.id))
            services.record_session(db.session, group, current_user.id, form.submission_id.data, held_on=held_on,
                                    covered=covered, attendance=attendance)
            db.session.commit()
            flash(_("Attendance is saved."))
            return redirect(url_for("facilitate.group", group_id=group.id))
    return render_template(
        "facilitate/session.html", group=group, pairs=pairs, lessons=lessons, errors=errors,
        given=request.form, today=clock.today().isoformat(), submission_id=form.submission_id.data, editing=None,
    ), 400 if errors else 200


@bp.route("/groups/<int:group_id>/sessions/<int:session_id>", methods=["GET", "POST"])
@staff_required()
def edit_session(group_id: int, session_id: int):
    """A saved session's attendance, to correct; its day and lessons stay as saved."""
    group = group_or_404(db.session, current_user, group_id)
    found = db.session.get(GroupSession, session_id)
    if found is None or found.group_id != group.id:
        abort(404)
    pairs = group_members(db.session, group)
    lessons = _lesson_keys()
    by_key = {key: (module, lesson) for key, module, lesson in lessons}
    form = FlaskForm()
    errors: dict[str, str] = {}
    given = {f"attendance-{r.member_id}": r.status.value for r in db.session.scalars(
        select(AttendanceRecord).where(AttendanceRecord.session_id == found.id))}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        attendance = _read_attendance(pairs, errors)
        if not errors:
            covered = {key: by_key[key] for key in found.lessons or [] if key in by_key}
            services.change_attendance(db.session, found, current_user.id, covered, attendance)
            db.session.commit()
            flash(_("Attendance is saved."))
            return redirect(url_for("facilitate.group", group_id=group.id))
        given = request.form
    return render_template(
        "facilitate/session.html", group=group, pairs=pairs, lessons=lessons, errors=errors, given=given,
        today=found.held_on.isoformat(), submission_id=None, editing=found,
    ), 400 if errors else 200
