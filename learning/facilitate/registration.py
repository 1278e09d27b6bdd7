"""Registering a household in the field, its sign-in card, and the cards of a whole group."""
from __future__ import annotations

import base64

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from learning import db
from learning.auth.access import staff_required
from learning.certificates.downloads import pdf_response
from learning.certificates.layouts import CardContent
from learning.facilitate import bp, services
from learning.facilitate.board import group_members
from learning.facilitate.forms import RegistrationForm
from learning.facilitate.scope import group_or_404, households_in_scope, township_choices
from learning.households.models import Household
from learning.households.services import NewMember, possible_duplicates
from learning.i18n import page_language
from learning.i18n.languages import LANGUAGES, to_latin_digits
from learning.i18n.translations import current_language
from learning.inputs import row_id


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


def _new_members(form: RegistrationForm) -> list[NewMember]:
    people = []
    for entry in form.members.entries:
        row = entry.form
        if row.is_blank:
            continue
        name, father = row.stored(row.name), row.stored(row.father_name)  # Shan, Mon, Karen: as typed
        people.append(NewMember(name, father, row.sex.data, int(to_latin_digits(row.birth_year.data.strip())),
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


def _visible(duplicates: list) -> list:
    """The possible duplicates in households the staff member may see: of any other, nothing is said (that a
    person is registered elsewhere is not theirs to learn)."""
    ids = {member.household_id for _new, member in duplicates}
    if not ids:
        return duplicates
    visible = set(db.session.scalars(households_in_scope(current_user).with_only_columns(Household.id)
                                     .where(Household.id.in_(ids))))
    return [(new, member) for new, member in duplicates if member.household_id in visible]


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
    duplicates = []
    if request.method == "POST" and request.form.get("refresh") is None and form.validate_on_submit():
        already = services.registered_by(db.session, form.submission_id.data)
        if already is not None:  # a double tap or a retried post: the household exists; its PIN was shown once
            return render_template("facilitate/registered.html", household=already, pin=None, qr=None)
        people = _new_members(form)
        duplicates = _visible(possible_duplicates(db.session, form.village.data, people))
        if not duplicates or form.same_people.data:
            household, pin = services.register(
                db.session, current_user.id, form.submission_id.data, group=group,
                township_pcode=form.township.data, village=form.village.data, phone=form.phone.data,
                consent_language=form.consent_language.data, members=people, pepper=current_app.config["PIN_PEPPER"],
            )
            db.session.commit()
            # the PDF libraries load on first use, not at start-up
            from learning.certificates.pdf import qr_png

            qr = base64.b64encode(qr_png(sign_in_address())).decode()
            return render_template("facilitate/registered.html", household=household, pin=pin, qr=qr)
    elif form.submission_id.errors:
        abort(400)  # a tampered or missing submission id
    if request.form.get("refresh") is not None and len(form.members.entries) < 20 and request.form.get("refresh") == "member":
        form.members.append_entry()
    status = 400 if request.method == "POST" and request.form.get("refresh") is None else 200
    language = form.consent_language.data if form.consent_language.data in LANGUAGES else current_language()
    return render_template(
        "facilitate/register.html", form=form, group=group, duplicates=duplicates,
        submission_id=form.submission_id.data, consent=consent_text(language),
    ), status


@bp.route("/groups/<int:group_id>/cards", methods=["GET", "POST"])
@staff_required()
def group_cards(group_id: int):
    """Cards for the households the facilitator chooses (at first those without a card yet). Printing gives each
    chosen household a new PIN (PINs are stored only as hashes), so the page asks first and says so."""
    found = group_or_404(db.session, current_user, group_id)
    households = list(dict.fromkeys(h for h, _ in group_members(db.session, found)))
    chosen = {h.id for h in households if h.pin_hash is None}
    error = None
    if request.method == "POST":
        asked = set(request.form.getlist("households", type=row_id))
        picked = [h for h in households if h.id in asked]
        if picked:
            from learning.facilitate.cards import render_cards  # the PDF libraries load on first use

            pins = services.new_group_pins(db.session, picked, current_user.id, current_app.config["PIN_PEPPER"])
            data = render_cards([_card(household, pin) for household, pin in pins])
            db.session.commit()
            return pdf_response(data, f"group-{found.id}-cards.pdf")
        error, chosen = _("Choose at least one household."), asked
    return render_template("facilitate/cards.html", group=found, households=households, chosen=chosen,
                           error=error), 400 if error else 200
