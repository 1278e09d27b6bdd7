"""Households in a facilitator's area: look one up, unlock it, give it a new PIN, record a consent withdrawal."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import db
from learning.auth.access import staff_required
from learning.facilitate import bp
from learning.facilitate.forms import WithdrawalForm
from learning.facilitate.scope import household_or_404, households_in_scope
from learning.households import privacy, services
from learning.households.codes import code_key
from learning.households.models import Household
from learning.reports.audit import record


@bp.route("/households")
@staff_required()
def households():
    """Households in your area; search by code."""
    query = households_in_scope(current_user).order_by(Household.code).limit(200)
    typed = request.args.get("code", "").strip()
    if typed:
        query = query.where(Household.code_key == code_key(typed))
    return render_template("facilitate/households.html", households=db.session.scalars(query).all(), typed=typed)


@bp.route("/households/<int:household_id>")
@staff_required()
def household(household_id: int):
    """One household: members, PIN lock state, and the actions."""
    found = household_or_404(db.session, current_user, household_id)
    return render_template("facilitate/household.html", household=found, new_pin=None)


@bp.route("/households/<int:household_id>/unlock", methods=["POST"])
@staff_required()
def unlock(household_id: int):
    """Lift a lock-out after too many wrong PINs."""
    found = household_or_404(db.session, current_user, household_id)
    services.unlock(db.session, found)
    record(db.session, "household.unlock", "household", found.id, actor_id=current_user.id,
           township_pcode=found.township_pcode)
    db.session.commit()
    flash(_("The household is unlocked."))
    return redirect(url_for("facilitate.household", household_id=found.id))


@bp.route("/households/<int:household_id>/new-pin", methods=["POST"])
@staff_required()
def new_pin(household_id: int):
    """Issue a new random PIN; it is shown once, here, to write on the household's card."""
    found = household_or_404(db.session, current_user, household_id)
    if found.erased_at is not None:
        flash(_("This household's details were erased: register it again to give it a PIN."))
        return redirect(url_for("facilitate.household", household_id=found.id))
    pin = services.issue_pin(db.session, found, current_app.config["PIN_PEPPER"])
    record(db.session, "household.new_pin", "household", found.id, actor_id=current_user.id,
           township_pcode=found.township_pcode)
    db.session.commit()
    return render_template("facilitate/household.html", household=found, new_pin=pin)


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
        privacy.withdraw_consent(db.session, member, current_user.id)
        db.session.commit()
        flash(_("The withdrawal is recorded and the person's details are erased."))
        return redirect(url_for("facilitate.household", household_id=found.id))
    status = 400 if request.method == "POST" else 200
    return render_template("facilitate/withdraw.html", household=found, member=member, form=form), status
