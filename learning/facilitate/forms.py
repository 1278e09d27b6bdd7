"""Facilitators' forms."""
from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Form, FormField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from learning import clock
from learning.i18n.fields import PersonTextField
from learning.i18n.languages import LANGUAGES, to_latin_digits
from learning.i18n.text import NEVER_CONVERT
from learning.inputs import RowList, SubmissionIdField

LANGUAGE_CHOICES = [SelectChoice(code, language.autonym) for code, language in LANGUAGES.items()]


class GroupForm(FlaskForm):
    """A new group: name, township, village, start date."""

    name = PersonTextField(_l("Group name"), validators=[DataRequired(_l("Enter a name for the group.")),
                                                        Length(max=120, message=_l("At most 120 characters."))])
    township = SelectField(_l("Township"), validators=[InputRequired(_l("Choose a township."))])
    village = PersonTextField(_l("Village"), validators=[DataRequired(_l("Enter the village.")),
                                                        Length(max=120, message=_l("At most 120 characters."))])
    start_date = DateField(_l("Start date"), validators=[InputRequired(_l("Enter the date the group starts."))])


class GroupFacilitatorForm(FlaskForm):
    """Give a group to another facilitator of its township."""

    facilitator = SelectField(_l("Facilitator"), coerce=int,
                              validators=[InputRequired(_l("Choose a facilitator."))])


class AddHouseholdForm(FlaskForm):
    """Put a household into a group by its code."""

    code = StringField(_l("Household code"), validators=[DataRequired(_l("Enter the household code from the card.")),
                                                        Length(max=32)])


class MemberForm(Form):
    """One member row; a row left empty is skipped."""

    name = PersonTextField(_l("Name"), validators=[Length(max=120, message=_l("At most 120 characters."))])
    father_name = PersonTextField(_l("Father's name"),
                                  validators=[Length(max=120, message=_l("At most 120 characters."))])
    sex = SelectField(_l("Sex"), choices=[SelectChoice("female", _l("Female")), SelectChoice("male", _l("Male")),
                                          SelectChoice("other", _l("Other"))], default="female")
    birth_year = StringField(_l("Year of birth"), render_kw={"inputmode": "numeric", "maxlength": "4"})
    relation = SelectField(_l("Relation to the head"), choices=[
        SelectChoice("head", _l("Head of household")), SelectChoice("spouse", _l("Husband or wife")),
        SelectChoice("child", _l("Son or daughter")), SelectChoice("parent", _l("Mother or father")),
        SelectChoice("sibling", _l("Brother or sister")), SelectChoice("grandchild", _l("Grandchild")),
        SelectChoice("other_relative", _l("Other relative")), SelectChoice("not_related", _l("Not related")),
    ], default="head")
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, default="my")

    @property
    def is_blank(self) -> bool:
        return not (self.name.data or "").strip() and not (self.father_name.data or "").strip() \
            and not (self.birth_year.data or "").strip()

    def validate_birth_year(self, field):
        if self.is_blank:
            return
        year = to_latin_digits((field.data or "").strip())
        if not re.fullmatch(r"[0-9]{4}", year) or not 1900 <= int(year) <= clock.today().year:
            raise ValidationError(_l("Enter the year of birth with four digits, for example 1990 or ၁၉၉၀."))

    def stored(self, field: PersonTextField) -> str:
        """A name as it is stored: a Shan, Mon or Karen name exactly as typed (NFC), never run through a Zawgyi
        converter; any other name as normalised."""
        if self.language.data in NEVER_CONVERT:
            return unicodedata.normalize("NFC", (field.typed or field.data or "").strip())
        return field.data or ""

    def validate_name(self, field):
        if not self.is_blank and not (field.data or "").strip():
            raise ValidationError(_l("Enter the name."))
        if len(self.stored(field)) > 120:  # the Length validator saw the converted text, not what is stored
            raise ValidationError(_l("At most 120 characters."))

    def validate_father_name(self, field):
        if not self.is_blank and not (field.data or "").strip():
            raise ValidationError(_l("Enter the father's name."))
        if len(self.stored(field)) > 120:
            raise ValidationError(_l("At most 120 characters."))


class RegistrationForm(FlaskForm):
    """A household, its members and the consent read out to them."""

    township = SelectField(_l("Township"), validators=[InputRequired(_l("Choose a township."))])
    village = PersonTextField(_l("Village"), validators=[DataRequired(_l("Enter the village.")),
                                                        Length(max=120, message=_l("At most 120 characters."))])
    phone = StringField(_l("Phone number (if the household wants to give one)"),
                        render_kw={"inputmode": "tel", "autocomplete": "off"})
    consent_language = SelectField(_l("Language of the household"), choices=LANGUAGE_CHOICES, default="my")
    members = RowList(FormField(MemberForm), min_entries=4, max_entries=20)
    consent = BooleanField(_l("I read the consent text out to the household in their language, and they agreed."))
    same_people = BooleanField(_l("I have checked: these are different people, register them."))
    submission_id = SubmissionIdField()

    def validate_phone(self, field):
        cleaned = to_latin_digits(field.data or "").replace(" ", "").replace("-", "")
        if cleaned and not re.fullmatch(r"\+?[0-9]{7,15}", cleaned):
            raise ValidationError(_l("Enter a phone number with digits only, for example 09 123 456 789."))
        field.data = cleaned or None

    def validate_consent(self, field):
        if not field.data:
            raise ValidationError(_l("Read the consent text out and tick the box: nobody is registered without consent."))

    def validate_members(self, field):
        if not any(not entry.form.is_blank for entry in field.entries):
            raise ValidationError(_l("Enter at least one member."))


class WithdrawalForm(FlaskForm):
    """Confirm a member's consent withdrawal (it cannot be undone)."""

    confirm = BooleanField(_l("The person asked to withdraw their consent, and I told them what it means."),
                           validators=[DataRequired(_l("Tick the box to confirm the person asked for this."))])
