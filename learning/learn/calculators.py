"""The money tools' rules: pure functions, no Flask, no database.

Sending money (one rule, stated on the page in the same words):

- The fee is paid in the currency sent (baht, ringgit) and comes out of the amount; what is left is changed
  into kyat at the way's rate: kyat received = (amount − fee) × rate.
- The reference rate is the market rate the learner typed or, when none was typed, the best rate typed.
- True cost = what the family would get if the whole amount were changed at the reference rate with no fee,
  minus what they get. It splits into two parts that add up to it:
  cost of the fee = fee × reference rate, and
  cost of the exchange rate = (reference rate − the way's rate) × (amount − fee).
- A rate better than the market rate would make the second part negative. It is counted as 0 instead, and
  the way is flagged (a rate above the market rate is a sign of an unlicensed service, such as hundi); such a
  way is not ranked as the best one, though what the family would receive through it is still shown.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
THOUSAND = Decimal(1000)
SAVING_SHARE = Decimal("0.10")  # when no saving is typed: a tenth of income, put aside first


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _percent(part: Decimal, whole: Decimal, step: Decimal = Decimal("0.1")) -> Decimal:
    return (part / whole * HUNDRED).quantize(step, ROUND_HALF_UP) if whole else Decimal(0)


@dataclass(frozen=True)
class Channel:
    """A way to send money: its name, the fee (in the currency sent) and the kyat it gives for 1 unit."""

    name: str
    fee: Decimal
    rate: Decimal


@dataclass(frozen=True)
class ChannelResult:
    """What the family receives through a channel and what the transfer costs, in kyat.

    ``sent`` is what is left of the amount after the fee, in the currency sent; ``fee_counted`` is the part of
    the fee that could be taken (never more than the amount). ``above_market`` marks a rate better than the
    market rate: its exchange-rate cost is 0, not negative.
    """

    channel: Channel
    sent: Decimal
    received: Decimal
    fee_counted: Decimal
    fee_cost: Decimal
    rate_cost: Decimal
    total_cost: Decimal
    cost_percent: Decimal
    fee_exceeds_amount: bool
    above_market: bool


@dataclass(frozen=True)
class Comparison:
    """Every channel's result, the reference rate they were measured against, and where that rate came from.

    ``results``: at-or-below-market channels first, most kyat received first; channels above the market rate
    after them (also most kyat first). ``best`` is the first channel that is not above the market rate and
    whose fee leaves something to send, if any.
    """

    amount: Decimal
    reference_rate: Decimal
    market_rate_given: bool
    full_value: Decimal  # the whole amount at the reference rate with no fee, in whole kyat
    results: list[ChannelResult]

    @property
    def best(self) -> ChannelResult | None:
        """The way that gives the family the most kyat, among those not above the market rate that deliver."""
        return next((r for r in self.results if not r.above_market and not r.fee_exceeds_amount), None)

    @property
    def any_above_market(self) -> bool:
        """Whether some way claims a rate better than the market rate."""
        return any(r.above_market for r in self.results)


def compare_channels(amount: Decimal, channels: list[Channel], market_rate: Decimal | None) -> Comparison:
    """Measure each channel against the market rate (or, without one, the best rate typed).

    received = (amount − fee) × rate; fee cost = fee × reference; exchange-rate cost = (reference − rate) ×
    (amount − fee), never below 0; true cost = fee cost + exchange-rate cost.
    """
    given = bool(market_rate)
    reference = market_rate if market_rate else max(c.rate for c in channels)
    full_value = amount * reference
    results = []
    for channel in channels:
        fee = min(channel.fee, amount)
        sent = amount - fee
        above = given and channel.rate > reference
        fee_exact = fee * reference
        rate_exact = Decimal(0) if above else sent * (reference - channel.rate)
        fee_cost, rate_cost = _round(fee_exact), _round(rate_exact)
        results.append(ChannelResult(
            channel=channel, sent=sent, received=_round(sent * channel.rate), fee_counted=fee,
            fee_cost=fee_cost, rate_cost=rate_cost, total_cost=fee_cost + rate_cost,
            cost_percent=_percent(fee_exact + rate_exact, full_value), fee_exceeds_amount=channel.fee >= amount,
            above_market=above,
        ))
    results.sort(key=lambda r: (r.above_market, -r.received, r.channel.name))
    return Comparison(amount, reference, given, _round(full_value), results)


@dataclass(frozen=True)
class BudgetLine:
    """One line of a budget: what it is, kyat a month, and for an expense whether it is a need."""

    label: str
    amount: Decimal
    need: bool = True


@dataclass(frozen=True)
class BudgetResult:
    """A month's budget, saving first: income − saving = money to spend; balance = that − expenses.

    ``saving_suggested`` is true when no saving was typed and a tenth of income is used. ``shortfall`` is how
    much the expenses must be cut (0 when they fit); ``needs_exceed`` says the needs alone do not fit, so
    cutting wants is not enough.
    """

    income: Decimal
    saving: Decimal
    saving_suggested: bool
    saving_percent: Decimal
    to_spend: Decimal
    expenses: Decimal
    needs: Decimal
    wants: Decimal
    balance: Decimal
    needs_percent: Decimal
    wants_percent: Decimal
    shortfall: Decimal
    needs_exceed: bool


def suggested_saving(income: Decimal) -> Decimal:
    """A tenth of income, rounded to the nearest 1,000 kyat (to the kyat when that is less than 1,000)."""
    target = income * SAVING_SHARE
    if target >= THOUSAND:
        return (target / THOUSAND).quantize(Decimal(1), ROUND_HALF_UP) * THOUSAND
    return _round(target)


def plan_budget(incomes: list[BudgetLine], expenses: list[BudgetLine], saving: Decimal | None = None) -> BudgetResult:
    """Save first: take the saving from income, then see whether the expenses fit in what is left.

    With no saving given, a tenth of income is suggested and used. The saving must not exceed the income.
    """
    income = sum((line.amount for line in incomes), Decimal(0))
    needs = sum((line.amount for line in expenses if line.need), Decimal(0))
    wants = sum((line.amount for line in expenses if not line.need), Decimal(0))
    spent = needs + wants
    suggested = saving is None
    if saving is None:
        saving = suggested_saving(income)
    if saving > income:
        raise ValueError("the saving is more than the income")
    to_spend = income - saving
    balance = to_spend - spent
    shortfall = -balance if balance < 0 else Decimal(0)
    return BudgetResult(
        income=income, saving=saving, saving_suggested=suggested,
        saving_percent=_percent(saving, income, Decimal(1)), to_spend=to_spend,
        expenses=spent, needs=needs, wants=wants, balance=balance,
        needs_percent=_percent(needs, spent, Decimal(1)), wants_percent=_percent(wants, spent, Decimal(1)),
        shortfall=shortfall, needs_exceed=needs > to_spend,
    )
