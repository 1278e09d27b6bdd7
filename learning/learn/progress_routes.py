"""Progress pages: the member learning now, and the whole household side by side."""
from __future__ import annotations

from flask import render_template

from learning import db
from learning.auth.household_session import (
    current_household,
    current_member,
    household_required,
    member_required,
)
from learning.learn import bp, knowledge
from learning.learn.completion import completion_dates
from learning.learn.library import catalog
from learning.learn.progress import lessons_read, quiz_states
from learning.learn.signals import course_links


def _completed(member_ids: list[int]) -> dict[str, dict[int, object]]:
    """course id -> {member id: day completed}, one query per course whatever the number of members."""
    return {course.id: completion_dates(db.session, course, member_ids) for course in catalog().courses}


@bp.route("/learn/my-progress")
@member_required
def my_progress():
    """Lessons read and quiz results of the member learning now."""
    member = current_member()
    links = course_links(db.session, member)
    reads = lessons_read(db.session, [member.id])[member.id]
    return render_template(
        "learn/my_progress.html", member=member, catalog=catalog(), links=links, reads=reads,
        quizzes=quiz_states(db.session, [member.id])[member.id], completed=_completed([member.id]),
        checks=knowledge.offered_in(db.session, member.id, catalog().courses, reads),
    )


@bp.route("/learn/household-progress")
@household_required
def household_progress():
    """Every member of the household side by side."""
    household = current_household()
    ids = [m.id for m in household.current_members]
    return render_template(
        "learn/household_progress.html", household=household, catalog=catalog(),
        reads=lessons_read(db.session, ids), quizzes=quiz_states(db.session, ids), completed=_completed(ids),
    )
