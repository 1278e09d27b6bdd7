"""Progress pages: the member learning now, and the whole household side by side."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from learning import db
from learning.auth.household_session import (
    current_member,
    household_required,
    household_session,
    member_required,
)
from learning.certificates.models import Certificate
from learning.learn import bp
from learning.learn.library import catalog
from learning.learn.progress import course_complete, lessons_read, quiz_states


@bp.route("/learn/my-progress")
@member_required
def my_progress():
    """Lessons read and quiz results of the member learning now."""
    member = current_member()
    certificates = {c.course_id: c for c in db.session.scalars(
        select(Certificate).where(Certificate.member_id == member.id, Certificate.revoked_at.is_(None)))}
    return render_template(
        "learn/my_progress.html", member=member, catalog=catalog(), certificates=certificates,
        reads=lessons_read(db.session, [member.id])[member.id],
        quizzes=quiz_states(db.session, [member.id])[member.id], course_complete=course_complete,
    )


@bp.route("/learn/household-progress")
@household_required
def household_progress():
    """Every member of the household side by side."""
    household = household_session().household
    ids = [m.id for m in household.current_members]
    return render_template(
        "learn/household_progress.html", household=household, catalog=catalog(),
        reads=lessons_read(db.session, ids), quizzes=quiz_states(db.session, ids), course_complete=course_complete,
    )
