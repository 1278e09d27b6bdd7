"""Households in a facilitator's area: look one up, unlock it, give it a new PIN."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import db
from learning.auth.access import staff_required
from learning.facilitate import bp, services
from learning.facilitate.scope import household_or_404, households_in_scope
from learning.households.codes import code_key
from learning.households.models import Household
from learning.paging import page_number_from, paginate

HOUSEHOLDS_PAGE = 50


@bp.route("/households")
@staff_required()
def households():
    """Households in your area, a page at a time; search by code."""
    query = households_in_scope(current_user).order_by(Household.code, Household.id)
    typed = request.args.get("code", "").strip()
    if typed:
        query = query.where(Household.code_key == code_key(typed))
    page = paginate(db.session, query, page_number_from(request.args), HOUSEHOLDS_PAGE)
    return render_template("facilitate/households.html", households=page.items, page=page, typed=typed)


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
    services.unlock(db.session, found, current_user.id)
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
    pin = services.new_pin(db.session, found, current_user.id, current_app.config["PIN_PEPPER"])
    db.session.commit()
    return render_template("facilitate/household.html", household=found, new_pin=pin)
