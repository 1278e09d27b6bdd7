"""Sessions with a group: attendance on one screen, lessons covered counted as read for those present."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import clock, db
from learning.auth.access import staff_required
from learning.facilitate import bp, services
from learning.facilitate.board import group_members
from learning.facilitate.models import Attendance
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


def _read_date(errors: dict[str, str]) -> date | None:
    try:
        held_on = date.fromisoformat(request.form.get("held_on", ""))
    except ValueError:
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
        held_on = _read_date(errors)
        by_key = {key: (module, lesson) for key, module, lesson in lessons}
        covered = {key: by_key[key] for key in request.form.getlist("lessons") if key in by_key}
        attendance = _read_attendance(pairs, errors)
        if not errors:
            services.record_session(db.session, group, current_user.id, form.submission_id.data, held_on=held_on,
                                    covered=covered, attendance=attendance)
            db.session.commit()
            flash(_("Attendance is saved."))
            return redirect(url_for("facilitate.group", group_id=group.id))
    return render_template(
        "facilitate/session.html", group=group, pairs=pairs, lessons=lessons, errors=errors,
        given=request.form, today=clock.today().isoformat(), submission_id=form.submission_id.data,
    ), 400 if errors else 200
