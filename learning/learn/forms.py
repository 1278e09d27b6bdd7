"""Forms of the money tools: numbers in any digits, a clear message on the field that is wrong."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, FormField, HiddenField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from learning.i18n.fields import PersonTextField
from learning.inputs import RowList
from learning.learn.numbers import NumberError, parse_amount

NUMBER_MESSAGES = {
    "empty": _l("Enter a number."),
    "not_a_number": _l("Enter a number using digits only, for example 5000 or ၅၀၀၀."),
    "negative": _l("Enter a number of 0 or more."),
    "too_large": _l("This number is too large."),
}
CURRENCIES = [
    SelectChoice("THB", _l("Thai baht")), SelectChoice("MYR", _l("Malaysian ringgit")),
    SelectChoice("MMK", _l("Myanmar kyat")),
]
MAX_CHANNELS = 4
MAX_BUDGET_ROWS = 20


class AmountField(StringField):
    """A number typed with Latin, Myanmar or Shan digits; `amount` holds the parsed Decimal."""

    def __init__(self, *args, optional: bool = False, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.amount = None

    def pre_validate(self, form):
        self.amount = None
        try:
            self.amount = parse_amount(self.data, allow_empty=self.optional)
        except NumberError as exc:
            raise ValidationError(NUMBER_MESSAGES[exc.reason]) from exc

    @property
    def is_blank(self) -> bool:
        return not (self.data or "").strip()


class ChannelForm(Form):
    """One way of sending: a name, the fee and the exchange rate; a row left empty is skipped."""

    name = PersonTextField(_l("Way of sending"), validators=[Length(max=60)])
    fee = AmountField(_l("Fee"), optional=True)
    rate = AmountField(_l("Kyat you get for 1 unit"), optional=True)

    @property
    def is_blank(self) -> bool:
        return not (self.name.data or "").strip() and self.fee.is_blank and self.rate.is_blank

    def validate_rate(self, field):
        if not self.is_blank and field.amount is None:
            raise ValidationError(_l("Enter the exchange rate for this way of sending."))
        if field.amount is not None and field.amount == 0:
            raise ValidationError(_l("The exchange rate must be more than 0."))


class RemittanceForm(FlaskForm):
    """Compare two to four ways of sending one amount home."""

    amount = AmountField(_l("Amount you send"))
    currency = SelectField(_l("Currency"), choices=CURRENCIES, default="THB")
    market_rate = AmountField(_l("Market rate: kyat for 1 unit (if you know it)"), optional=True)
    channels = RowList(FormField(ChannelForm), min_entries=MAX_CHANNELS, max_entries=MAX_CHANNELS)

    def validate_amount(self, field):
        if field.amount is not None and field.amount == 0:
            raise ValidationError(_l("Enter an amount of more than 0."))

    def validate_channels(self, field):
        filled = [entry for entry in field.entries if not entry.form.is_blank]
        if len(filled) < 2:
            raise ValidationError(_l("Fill in at least two ways of sending to compare them."))


class BudgetLineForm(Form):
    label = PersonTextField(_l("What"), validators=[Length(max=60)])
    amount = AmountField(_l("Kyat a month"), optional=True)


class ExpenseLineForm(BudgetLineForm):
    kind = RadioField(_l("Need or want"), choices=[SelectChoice("need", _l("Need")), SelectChoice("want", _l("Want"))], default="need")


class BudgetForm(FlaskForm):
    """A month's income and expenses."""

    incomes = RowList(FormField(BudgetLineForm), min_entries=3, max_entries=MAX_BUDGET_ROWS)
    expenses = RowList(FormField(ExpenseLineForm), min_entries=6, max_entries=MAX_BUDGET_ROWS)
    rows = HiddenField()

    def validate_incomes(self, field):
        if not any(entry.form.amount.amount for entry in field.entries):
            raise ValidationError(_l("Enter at least one income."))
