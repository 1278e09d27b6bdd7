"""Household sign-in form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from learning.i18n.languages import to_latin_digits


class HouseholdSignInForm(FlaskForm):
    """The household code from the sign-in card and the six-digit PIN."""

    code = StringField(
        _l("Household code"), validators=[DataRequired(_l("Enter the household code from your card.")), Length(max=32)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    # masked, and never sent back in the page after a refused sign-in: the next person on a shared phone must not
    # see it; the number keypad still opens
    pin = PasswordField(
        _l("PIN (6 digits)"),
        filters=[lambda v: to_latin_digits(v).replace(" ", "") if v else v],
        validators=[DataRequired(_l("Enter the 6-digit PIN.")),
                    Regexp(r"^[0-9]{6}$", message=_l("The PIN has 6 digits."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": "12"},
    )
    next = HiddenField()
