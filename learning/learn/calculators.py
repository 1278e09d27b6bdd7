"""The money tools' rules: pure functions, no Flask, no database."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
SAVING_SHARE = Decimal("0.10")  # suggest saving a tenth of income first, as the lessons teach


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Channel:
    """A way to send money: its name, the fee (in the sending currency) and kyat given per unit."""

    name: str
    fee: Decimal
    rate: Decimal


@dataclass(frozen=True)
class ChannelResult:
    """What the family receives through a channel, and what the transfer really costs, in kyat."""

    channel: Channel
    received: Decimal
    fee_cost: Decimal
    rate_cost: Decimal
    total_cost: Decimal
    cost_percent: Decimal
    fee_exceeds_amount: bool


def compare_channels(amount: Decimal, channels: list[Channel], market_rate: Decimal | None) -> list[ChannelResult]:
    """Cheapest first. The fee is taken from the amount; the rest is changed at the channel's rate.

    True cost = fee × market rate + (amount − fee) × (market rate − channel rate): everything the family loses
    against changing the whole amount at the market rate. Without a market rate, the best channel rate is used.
    """
    reference = market_rate if market_rate else max(c.rate for c in channels)
    full_value = amount * reference
    results = []
    for channel in channels:
        sent = max(amount - channel.fee, Decimal(0))
        received = _round(sent * channel.rate)
        fee_cost = _round(min(channel.fee, amount) * reference)
        rate_cost = _round(sent * (reference - channel.rate))
        total = fee_cost + rate_cost
        percent = (total / full_value * HUNDRED).quantize(Decimal("0.1"), ROUND_HALF_UP) if full_value else Decimal(0)
        results.append(ChannelResult(channel, received, fee_cost, rate_cost, total, percent, channel.fee >= amount))
    return sorted(results, key=lambda r: (-r.received, r.channel.name))


@dataclass(frozen=True)
class BudgetLine:
    label: str
    amount: Decimal
    need: bool = True


@dataclass(frozen=True)
class BudgetResult:
    """A month's budget: totals, balance, the shares of needs and wants, and a saving to aim for."""

    income: Decimal
    expenses: Decimal
    needs: Decimal
    wants: Decimal
    balance: Decimal
    needs_percent: Decimal
    wants_percent: Decimal
    suggested_saving: Decimal
    shortfall: Decimal


def plan_budget(incomes: list[BudgetLine], expenses: list[BudgetLine]) -> BudgetResult:
    """Totals and balance; suggest saving a tenth of income first, or what is left when that is less."""
    income = sum((line.amount for line in incomes), Decimal(0))
    needs = sum((line.amount for line in expenses if line.need), Decimal(0))
    wants = sum((line.amount for line in expenses if not line.need), Decimal(0))
    spent = needs + wants
    balance = income - spent

    def share(part: Decimal) -> Decimal:
        return (part / spent * HUNDRED).quantize(Decimal(1), ROUND_HALF_UP) if spent else Decimal(0)

    target = _round(income * SAVING_SHARE)
    suggested = min(target, balance) if balance > 0 else Decimal(0)
    return BudgetResult(
        income, spent, needs, wants, balance, share(needs), share(wants), suggested,
        shortfall=-balance if balance < 0 else Decimal(0),
    )
