"""Household sign-in, who is learning now, and sign-out."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from learning import db
from learning.auth import household_session as hs
from learning.auth.access import public, safe_next_path
from learning.auth.household_forms import HouseholdSignInForm
from learning.households import services
from learning.households.services import SignIn
from learning.inputs import row_id

bp = Blueprint("household", __name__, url_prefix="/household")


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    """Household code and PIN. Not limited per address: a whole village may share one."""
    form = HouseholdSignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        result = services.sign_in(db.session, form.code.data, form.pin.data, current_app.config["PIN_PEPPER"])
        db.session.commit()
        if result.outcome is SignIn.OK:
            hs.start(result.token)
            return redirect(url_for("household.who", next=safe_next_path(form.next.data, "")))
        if result.outcome is SignIn.LOCKED:
            form.pin.errors.append(_("Too many wrong PINs: this household is locked for 15 minutes. "
                                     "Your facilitator can unlock it."))
        else:
            form.pin.errors.append(_("The household code or PIN is not right."))
    status = 400 if request.method == "POST" else 200
    return render_template("household/sign_in.html", form=form), status


@bp.route("/")
@hs.household_required
def who():
    """Who is learning now? One large button per member."""
    household = hs.current_household()
    return render_template("household/who.html", household=household, next=request.args.get("next", ""))


@bp.route("/choose", methods=["POST"])
@hs.household_required
def choose():
    """One tap: this member is learning now. The page switches to their language."""
    member_id = request.form.get("member_id", type=row_id)
    found = hs.household_session()
    member = services.choose_member(db.session, found, member_id) if member_id is not None else None
    if member is None:
        abort(404)
    db.session.commit()
    g.lang_to_remember = member.preferred_language
    return redirect(safe_next_path(request.form.get("next"), url_for("learn.my_progress")))


@bp.route("/sign-out", methods=["POST"])
@public
def sign_out():
    """End the household session everywhere; the old cookie signs nobody back in."""
    found = hs.household_session()
    if found is not None:
        services.end_session(db.session, found)
        db.session.commit()
    hs.forget()
    flash(_("You have signed out."))
    response = redirect(url_for("site.index"))
    # The browser forgets the pages it kept for this person; courses saved for offline use and answers waiting to
    # be sent are kept (the service worker holds only pages that name nobody, and the answers until they are sent).
    response.headers["Clear-Site-Data"] = '"cache"'
    return response
