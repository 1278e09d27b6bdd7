"""The money tools' rules."""
from decimal import Decimal as D

import pytest

from learning.learn.calculators import BudgetLine, Channel, compare_channels, plan_budget
from learning.learn.numbers import NumberError, parse_amount


def test_true_cost_is_fee_plus_exchange_rate_margin_cheapest_first():
    results = compare_channels(
        D(5000),
        [Channel("app", D(0), D(112)), Channel("shop", D(100), D(118)), Channel("bank", D(1100), D(118))],
        market_rate=D(120),
    )
    assert [r.channel.name for r in results] == ["shop", "app", "bank"]
    shop, app, bank = results
    assert (shop.received, shop.fee_cost, shop.rate_cost, shop.total_cost) == (D(578200), D(12000), D(9800), D(21800))
    assert (app.received, app.total_cost, app.cost_percent) == (D(560000), D(40000), D("6.7"))
    assert bank.received == D(460200) and bank.total_cost == D(139800)
    assert all(r.received + r.total_cost == D(600000) for r in results)


def test_without_a_market_rate_the_best_rate_is_the_reference():
    results = compare_channels(D(1000), [Channel("a", D(0), D(950)), Channel("b", D(10), D(1000))], None)
    assert [r.channel.name for r in results] == ["b", "a"]  # 990 × 1,000 beats 1,000 × 950
    assert results[0].rate_cost == 0 and results[0].fee_cost == D(10000)
    assert results[1].rate_cost == D(50000)


def test_a_fee_larger_than_the_amount_delivers_nothing():
    (result,) = compare_channels(D(50), [Channel("a", D(100), D(118))], D(120))
    assert result.received == 0 and result.fee_exceeds_amount


def test_budget_balance_shares_and_saving():
    result = plan_budget(
        [BudgetLine("harvest", D(150000)), BudgetLine("wages", D(120000)), BudgetLine("remittance", D(360000))],
        [BudgetLine("food", D(300000)), BudgetLine("phone", D(40000)), BudgetLine("snacks", D(60000), need=False)],
    )
    assert (result.income, result.expenses, result.balance) == (D(630000), D(400000), D(230000))
    assert (result.needs_percent, result.wants_percent) == (D(85), D(15))
    assert result.suggested_saving == D(63000) and result.shortfall == 0


def test_a_budget_that_does_not_balance_shows_the_shortfall_and_no_saving():
    result = plan_budget([BudgetLine("wages", D(100000))], [BudgetLine("food", D(140000))])
    assert result.balance == D(-40000) and result.shortfall == D(40000) and result.suggested_saving == 0


def test_a_small_balance_is_all_that_is_suggested():
    result = plan_budget([BudgetLine("wages", D(100000))], [BudgetLine("food", D(95000))])
    assert result.suggested_saving == D(5000)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("5000", D(5000)), ("5,000", D(5000)), ("၅,၀၀၀", D(5000)), ("၁၂၃", D(123)), ("႑႒႓", D(123)),
     (" 118.5 ", D("118.5")), ("1 000", D(1000))],
)
def test_numbers_in_any_digits_are_accepted(typed, value):
    assert parse_amount(typed) == value


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("", "empty"), ("  ", "empty"), ("-5", "negative"), ("abc", "not_a_number"), ("5k", "not_a_number"),
     ("1.2.3", "not_a_number"), ("٣", "not_a_number"), ("1e5", "not_a_number"), ("9" * 40, "too_large"),
     ("NaN", "not_a_number"), ("Infinity", "not_a_number")],
)
def test_bad_numbers_say_why(typed, reason):
    with pytest.raises(NumberError) as error:
        parse_amount(typed)
    assert error.value.reason == reason
