"""Registering a household in the field, its sign-in card, and the cards of a whole group."""
from __future__ import annotations

import base64
import re
import secrets

from flask import abort, current_app, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learning import db
from learning.auth.access import staff_required
from learning.certificates.layouts import CardContent
from learning.facilitate import bp
from learning.facilitate.board import group_members
from learning.facilitate.forms import RegistrationForm
from learning.facilitate.scope import group_or_404, township_choices
from learning.households import services
from learning.households.models import Household
from learning.i18n import page_language
from learning.i18n.languages import LANGUAGES, to_latin_digits
from learning.i18n.translations import current_language
from learning.reports.audit import record
from learning.site.inputs import row_id

SUBMISSION = re.compile(r"^[A-Za-z0-9_-]{16,59}$")  # stored as "form:<id>" in 64 characters


def sign_in_address() -> str:
    base = current_app.config.get("PUBLIC_URL")
    path = url_for("household.sign_in")
    return f"{base.rstrip('/')}{path}" if base else url_for("household.sign_in", _external=True)


def consent_text(language: str) -> str:
    """The consent text, in the household's language, as it is read out."""
    with page_language(language):
        return _(
            "Twe Let Learning keeps the names, village and phone number of your household so that you can learn, "
            "and so that your facilitator can follow your progress and give you certificates. We do not give your "
            "names to anyone outside the programme. You can ask your facilitator at any time to stop and to delete "
            "your records. Do you agree?"
        )


def _new_members(form: RegistrationForm) -> list[services.NewMember]:
    people = []
    for entry in form.members.entries:
        row = entry.form
        if row.is_blank:
            continue
        name, father = row.stored(row.name), row.stored(row.father_name)  # Shan, Mon, Karen: as typed
        people.append(services.NewMember(name, father, row.sex.data, int(to_latin_digits(row.birth_year.data.strip())),
                                         row.relation.data, row.language.data))
    return people


def _card(household: Household, pin: str) -> CardContent:
    language = household.consent_language
    with page_language(language):
        return CardContent(
            language=language, programme=_("Twe Let Learning"), code_label=_("Household code:"), code=household.code,
            pin_label=_("PIN:"), pin=pin, members=tuple(m.name for m in household.current_members),
            address=sign_in_address(), keep_safe=_("Keep this card safe. Do not show the PIN to people outside your household."),
        )


@bp.route("/register", methods=["GET", "POST"])
@staff_required()
def register():
    """Register a household and its members, with their consent; shows the card with the PIN once."""
    group_id = request.args.get("group_id", type=row_id)
    group = group_or_404(db.session, current_user, group_id) if group_id else None
    form = RegistrationForm()
    townships = township_choices(db.session, current_user)
    if group is not None:
        townships = [t for t in townships if t.pcode == group.township_pcode] or [group.township]
    form.township.choices = [(t.pcode, t.name(current_language())) for t in townships]
    if request.method == "GET":
        form.consent_language.data = current_language()
        if group is not None:
            form.village.data = group.village
    submission_id = request.form.get("submission_id") or secrets.token_urlsafe(16)
    duplicates = []
    if request.method == "POST" and request.form.get("refresh") is None and form.validate_on_submit():
        if not SUBMISSION.match(submission_id):
            abort(400)
        source_key = f"form:{submission_id}"
        already = db.session.scalar(select(Household).where(Household.import_key == source_key))
        if already is not None:  # a double tap or a retried post: the household exists; its PIN was shown once
            return render_template("facilitate/registered.html", household=already, pin=None, qr=None)
        people = _new_members(form)
        duplicates = services.possible_duplicates(db.session, form.village.data, people)
        if not duplicates or form.same_people.data:
            household, pin = services.register_household(
                db.session, township_pcode=form.township.data, village=form.village.data, phone=form.phone.data,
                consent_recorded_by_id=current_user.id, consent_language=form.consent_language.data,
                members=people, pepper=current_app.config["PIN_PEPPER"],
            )
            household.import_key = source_key
            household.group_id = group.id if group is not None else None
            record(db.session, "household.register", "household", household.id, actor_id=current_user.id,
                   township_pcode=household.township_pcode, members=len(people))
            db.session.commit()
            from learning.certificates.pdf import qr_png

            qr = base64.b64encode(qr_png(sign_in_address())).decode()
            return render_template("facilitate/registered.html", household=household, pin=pin, qr=qr)
    if request.form.get("refresh") is not None and len(form.members.entries) < 20 and request.form.get("refresh") == "member":
        form.members.append_entry()
    status = 400 if request.method == "POST" and request.form.get("refresh") is None else 200
    language = form.consent_language.data if form.consent_language.data in LANGUAGES else current_language()
    return render_template(
        "facilitate/register.html", form=form, group=group, duplicates=duplicates, submission_id=submission_id,
        consent=consent_text(language),
    ), status


@bp.route("/groups/<int:group_id>/cards", methods=["GET", "POST"])
@staff_required()
def group_cards(group_id: int):
    """Cards for every household of the group. Printing gives each household a new PIN (PINs are stored only
    as hashes), so the page asks first."""
    found = group_or_404(db.session, current_user, group_id)
    households = list(dict.fromkeys(h for h, _ in group_members(db.session, found)))
    if request.method == "GET":
        return render_template("facilitate/cards.html", group=found, households=households)
    if not households:
        abort(404)
    cards = []
    for household in households:
        pin = services.issue_pin(db.session, household, current_app.config["PIN_PEPPER"])
        record(db.session, "household.new_pin", "household", household.id, actor_id=current_user.id,
               township_pcode=household.township_pcode, reason="group cards printed")
        cards.append(_card(household, pin))
    from learning.facilitate.cards import render_cards

    data = render_cards(cards)
    db.session.commit()
    response = make_response(data)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="group-{found.id}-cards.pdf"'
    return response
