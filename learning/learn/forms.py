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
# The currencies a migrant sends from, with the word used for one unit in sentences ("fee in baht").
CURRENCIES = [SelectChoice("THB", _l("Thai baht")), SelectChoice("MYR", _l("Malaysian ringgit"))]
CURRENCY_UNITS = {
    # NOTE: the currency's name after a number or in "fee in baht", "kyat for 1 baht".
    "THB": _l("baht"),
    # NOTE: the currency's name after a number or in "fee in ringgit", "kyat for 1 ringgit".
    "MYR": _l("ringgit"),
}
DEFAULT_CURRENCY = "THB"
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
    """One way of sending: a name, the fee and the exchange rate; a row left empty is skipped.

    The fee is in the currency sent and comes out of the amount; the rate is kyat for 1 unit of it.
    """

    name = PersonTextField(_l("Way of sending"), validators=[Length(max=60)])
    fee = AmountField(optional=True)  # labelled by RemittanceForm, in the currency sent
    rate = AmountField(optional=True)

    @property
    def is_blank(self) -> bool:
        return not (self.name.data or "").strip() and self.fee.is_blank and self.rate.is_blank

    def validate_rate(self, field):
        if not self.is_blank and field.amount is None:
            raise ValidationError(_l("Enter the exchange rate for this way of sending."))
        if field.amount is not None and field.amount == 0:
            raise ValidationError(_l("The exchange rate must be more than 0."))


class CurrencyField(SelectField):
    """The currency sent, with our own message for a value that is not offered."""

    def pre_validate(self, form):
        if self.data not in CURRENCY_UNITS:
            raise ValidationError(_l("Choose the currency you send: baht or ringgit."))


class RemittanceForm(FlaskForm):
    """Compare two to four ways of sending one amount home; every label names the currency chosen."""

    currency = CurrencyField(_l("Currency you send"), choices=CURRENCIES, default=DEFAULT_CURRENCY)
    amount = AmountField()  # these labels name the currency sent: see __init__
    market_rate = AmountField(optional=True)
    channels = RowList(FormField(ChannelForm), min_entries=MAX_CHANNELS, max_entries=MAX_CHANNELS)

    def __init__(self, *args, **kwargs):
        """Label the amount, the market rate and each way's fee and rate in the currency chosen."""
        super().__init__(*args, **kwargs)
        unit = self.unit
        self.amount.label.text = _l("Amount you send, in %(currency)s", currency=unit)
        self.market_rate.label.text = _l("Market rate: kyat for 1 %(currency)s (if you know it)", currency=unit)
        for entry in self.channels.entries:
            entry.form.fee.label.text = _l("Fee in %(currency)s", currency=unit)
            entry.form.fee.render_kw = {**entry.form.fee.render_kw, "aria-describedby": "fee-hint"}
            entry.form.rate.label.text = _l("Kyat you get for 1 %(currency)s", currency=unit)

    @property
    def currency_code(self) -> str:
        """The currency chosen, or the default while the choice is missing or not one we offer."""
        return self.currency.data if self.currency.data in CURRENCY_UNITS else DEFAULT_CURRENCY

    @property
    def unit(self):
        """The currency's name as used in sentences: "baht", "ringgit"."""
        return CURRENCY_UNITS[self.currency_code]

    def validate_amount(self, field):
        if field.amount is not None and field.amount == 0:
            raise ValidationError(_l("Enter an amount of more than 0."))

    def validate_market_rate(self, field):
        if field.amount is not None and field.amount == 0:
            raise ValidationError(_l("The market rate must be more than 0. Leave it empty if you do not know it."))

    def validate_channels(self, field):
        filled = [entry for entry in field.entries if not entry.form.is_blank]
        if len(filled) < 2:
            raise ValidationError(_l("Fill in at least two ways of sending to compare them."))


class BudgetLineForm(Form):
    label = PersonTextField(_l("What"), validators=[Length(max=60)])
    amount = AmountField(_l("Kyat a month"), optional=True)


class KindField(RadioField):
    """Need or want, with our own message for any other value."""

    def pre_validate(self, form):
        if self.data not in ("need", "want"):
            raise ValidationError(_l("Choose need or want."))


class ExpenseLineForm(BudgetLineForm):
    kind = KindField(_l("Need or want"), choices=[SelectChoice("need", _l("Need")), SelectChoice("want", _l("Want"))],
                     default="need")


class BudgetForm(FlaskForm):
    """A month's income, the saving put aside first, and the expenses paid from what is left."""

    incomes = RowList(FormField(BudgetLineForm), min_entries=3, max_entries=MAX_BUDGET_ROWS)
    saving = AmountField(_l("Saving: kyat you put aside first"), optional=True, render_kw={
        "inputmode": "decimal", "autocomplete": "off", "aria-describedby": "saving-hint"})
    expenses = RowList(FormField(ExpenseLineForm), min_entries=6, max_entries=MAX_BUDGET_ROWS)
    rows = HiddenField()

    def validate_incomes(self, field):
        if not any(entry.form.amount.amount for entry in field.entries):
            raise ValidationError(_l("Enter at least one income."))

    @property
    def income(self):
        """The month's income as typed, once the amounts are read (0 for rows with errors)."""
        return sum((entry.form.amount.amount or 0 for entry in self.incomes.entries), 0)

    def validate_saving(self, field):
        if field.amount is not None and field.amount > self.income:
            raise ValidationError(_l("The saving cannot be more than the income."))
