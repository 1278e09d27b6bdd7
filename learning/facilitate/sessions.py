"""Sessions with a group: attendance on one screen, lessons covered counted as read for those present."""
from __future__ import annotations

import re
import secrets
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learning import db
from learning.auth.access import staff_required
from learning.db import insert_ignoring_conflict
from learning.facilitate import bp
from learning.facilitate.board import group_members
from learning.facilitate.models import Attendance, AttendanceRecord, GroupSession
from learning.facilitate.scope import group_or_404
from learning.learn.library import catalog
from learning.learn.models import Source
from learning.learn.progress import record_read

SUBMISSION = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _lesson_keys():
    """Every lesson as (key, module, lesson), key = "course/module/lesson"."""
    return [(f"{c.id}/{m.id}/{le.id}", m, le) for c in catalog().courses for m in c.modules for le in m.lessons]


@bp.route("/groups/<int:group_id>/sessions/new", methods=["GET", "POST"])
@staff_required()
def new_session(group_id: int):
    """Date, lessons covered and every member's attendance, saved in one post."""
    group = group_or_404(db.session, current_user, group_id)
    pairs = group_members(db.session, group)
    lessons = _lesson_keys()
    errors: dict[str, str] = {}
    if request.method == "POST":
        submission_id = request.form.get("submission_id", "")
        if not SUBMISSION.match(submission_id):
            abort(400)
        try:
            held_on = date.fromisoformat(request.form.get("held_on", ""))
        except ValueError:
            held_on = None
            errors["held_on"] = _("Enter the date of the session.")
        if held_on and held_on > date.today():
            errors["held_on"] = _("The session cannot be in the future.")
        covered = [key for key in request.form.getlist("lessons") if key in {k for k, _, _ in lessons}]
        statuses = {}
        for _household, member in pairs:
            value = request.form.get(f"attendance-{member.id}", "")
            if value not in {a.value for a in Attendance}:
                errors[f"attendance-{member.id}"] = _("Choose present, absent or excused.")
            else:
                statuses[member.id] = Attendance(value)
        if not errors:
            inserted = insert_ignoring_conflict(db.session, GroupSession, {
                "group_id": group.id, "held_on": held_on, "lessons": covered, "submission_id": submission_id,
                "recorded_by_id": current_user.id}, ["submission_id"])
            if inserted:  # a double tap or a retry stores the session once
                session = db.session.scalar(select(GroupSession).where(GroupSession.submission_id == submission_id))
                by_key = {k: (m, le) for k, m, le in lessons}
                for member_id, status in statuses.items():
                    db.session.add(AttendanceRecord(session_id=session.id, member_id=member_id, status=status))
                    if status is Attendance.PRESENT:
                        for key in covered:
                            module, lesson = by_key[key]
                            record_read(db.session, member_id, module, lesson.id, Source.FACILITATOR, current_user.id)
            db.session.commit()
            flash(_("Attendance is saved."))
            return redirect(url_for("facilitate.group", group_id=group.id))
    return render_template(
        "facilitate/session.html", group=group, pairs=pairs, lessons=lessons, errors=errors,
        given=request.form, today=date.today().isoformat(),
        submission_id=request.form.get("submission_id") or secrets.token_urlsafe(16),
    ), 400 if errors else 200
