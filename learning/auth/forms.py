"""Staff sign-in and account forms."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from learning.auth.passwords import MIN_PASSWORD_LENGTH, PasswordProblem
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


def password_message(problem: PasswordProblem) -> str:
    """What to tell the person whose new password the rule refuses."""
    if problem is PasswordProblem.TOO_SHORT:
        return _("The new password must have at least %(count)d characters.", count=MIN_PASSWORD_LENGTH)
    if problem is PasswordProblem.USERNAME:
        return _("The password must not be the username.")
    return _("This password is too common: it is among the first that people try. Choose a longer one of your own, "
             "for example a few words that do not belong together.")


class NewPasswordForm(FlaskForm):
    """A new password, typed twice."""

    new_password = PasswordField(_l("New password (at least 10 characters)"), validators=[
        DataRequired(_l("Enter a new password.")), Length(max=200, message=_l("At most 200 characters."))])
    confirm_password = PasswordField(_l("The new password again"), validators=[
        DataRequired(_l("Enter the new password again.")),
        EqualTo("new_password", message=_l("The two new passwords are not the same."))])


class PasswordChangeForm(NewPasswordForm):
    """The current password, then the new one twice."""

    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password.")), Length(max=200)])
