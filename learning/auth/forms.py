"""Staff sign-in and account forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from learning.i18n.fields import PersonTextField


class StaffLoginForm(FlaskForm):
    """Username and password."""

    username = StringField(_l("Username"), validators=[DataRequired(_l("Enter your username.")), Length(max=64)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=200)]
    )
    next = HiddenField()


class AccountForm(FlaskForm):
    """The name shown to others and printed on certificates."""

    display_name = PersonTextField(
        _l("Your name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=120, message=_l("At most 120 characters."))],
    )
