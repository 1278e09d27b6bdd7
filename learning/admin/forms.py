"""Staff account forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from learning.i18n.fields import PersonTextField


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NewStaffForm(FlaskForm):
    username = StringField(_l("Username"), validators=[
        DataRequired(_l("Enter a username.")),
        Regexp(r"^[A-Za-z0-9._-]{1,64}$", message=_l("Use 1-64 letters, digits, dots, dashes or underscores."))])
    display_name = PersonTextField(_l("Name"), validators=[DataRequired(_l("Enter the name.")), Length(max=120)])
    password = PasswordField(_l("First password (at least 10 characters)"), validators=[
        DataRequired(_l("Enter a first password.")), Length(min=10, max=200, message=_l("At least 10 characters."))])
    role = SelectField(_l("Role"))
    states = CheckboxesField(_l("States and regions (coordinators)"))
    townships = CheckboxesField(_l("Townships (facilitators)"))


class TownshipsForm(FlaskForm):
    townships = CheckboxesField(_l("Townships"))


class DisableStaffForm(FlaskForm):
    """Confirm disabling an account (a tap on Disable alone changes nothing)."""

    confirm = BooleanField(_l("Yes, disable this account. Its sessions end at once."),
                           validators=[DataRequired(_l("Tick the box to confirm that this account is to be disabled."))])
