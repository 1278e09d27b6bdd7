"""Recording a consent withdrawal: the facilitator confirms it beside the person, on the household's page."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import db
from learning.auth.access import staff_required
from learning.facilitate.forms import WithdrawalForm
from learning.facilitate.scope import household_or_404
from learning.privacy import bp, services


@bp.route("/households/<int:household_id>/members/<int:member_id>/withdraw", methods=["GET", "POST"])
@staff_required()
def withdraw(household_id: int, member_id: int):
    """Record that a member withdrew consent: their name is erased and they leave every list and export."""
    found = household_or_404(db.session, current_user, household_id)
    member = next((m for m in found.members if m.id == member_id), None)
    if member is None:
        abort(404)
    if member.erased_at is not None:  # a second tap, or someone else was quicker: nothing more to do
        flash(_("This person's consent withdrawal is recorded; their details are erased."))
        return redirect(url_for("facilitate.household", household_id=found.id))
    form = WithdrawalForm()
    if form.validate_on_submit():
        services.withdraw_consent(db.session, member, current_user.id)
        db.session.commit()
        flash(_("The withdrawal is recorded and the person's details are erased."))
        return redirect(url_for("facilitate.household", household_id=found.id))
    status = 400 if request.method == "POST" else 200
    return render_template("facilitate/withdraw.html", household=found, member=member, form=form), status
