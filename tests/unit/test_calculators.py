"""The money tools' rules."""
from decimal import Decimal as D

import pytest

from learning.learn.calculators import BudgetLine, Channel, compare_channels, plan_budget, suggested_saving
from learning.learn.numbers import NumberError, parse_amount


def test_fee_comes_out_of_the_amount_and_the_costs_add_up_worked_by_hand():
    # (5,000 − 50) × 118 = 4,950 × 118 = 584,100 kyat received.
    # Fee: 50 × 120 = 6,000 kyat. Exchange rate: (120 − 118) × 4,950 = 9,900 kyat. Total 15,900 kyat,
    # which is 5,000 × 120 − 584,100 = 600,000 − 584,100; 15,900 ÷ 600,000 = 2.65% → 2.7%.
    comparison = compare_channels(D(5000), [Channel("shop", D(50), D(118)), Channel("app", D(0), D(112))], D(120))
    shop = comparison.results[0]
    assert shop.channel.name == "shop" and shop.sent == D(4950) and shop.received == D(584100)
    assert (shop.fee_cost, shop.rate_cost, shop.total_cost, shop.cost_percent) == (D(6000), D(9900), D(15900), D("2.7"))
    assert comparison.full_value - shop.received == shop.total_cost
    assert (comparison.reference_rate, comparison.market_rate_given, comparison.full_value) == (D(120), True, D(600000))


def test_three_ways_most_kyat_first_and_each_cost_adds_up():
    # The example of the lesson "The true cost of sending money": market rate 120, 5,000 baht = 600,000 kyat.
    comparison = compare_channels(
        D(5000),
        [Channel("app", D(0), D(108)), Channel("shop", D(100), D(112)), Channel("bank", D(1100), D(112))],
        market_rate=D(120),
    )
    assert [r.channel.name for r in comparison.results] == ["shop", "app", "bank"]
    assert comparison.best.channel.name == "shop"
    shop, app, bank = comparison.results
    # (5,000 − 100) × 112 = 548,800; 100 × 120 = 12,000; (120 − 112) × 4,900 = 39,200; 51,200 ÷ 600,000 = 8.5%
    assert (shop.received, shop.fee_cost, shop.rate_cost, shop.total_cost, shop.cost_percent) == (
        D(548800), D(12000), D(39200), D(51200), D("8.5"))
    # 5,000 × 108 = 540,000; no fee; (120 − 108) × 5,000 = 60,000; 60,000 ÷ 600,000 = 10%
    assert (app.received, app.fee_cost, app.rate_cost, app.total_cost, app.cost_percent) == (
        D(540000), D(0), D(60000), D(60000), D(10))
    # (5,000 − 1,100) × 112 = 436,800; 1,100 × 120 = 132,000; 8 × 3,900 = 31,200; 163,200
    assert (bank.received, bank.fee_cost, bank.rate_cost, bank.total_cost) == (
        D(436800), D(132000), D(31200), D(163200))
    assert all(r.received + r.total_cost == D(600000) for r in comparison.results)


def test_a_rate_above_the_market_rate_costs_nothing_is_flagged_and_is_not_the_best():
    # Hundi at 125 against a market rate of 120: 5,000 × 125 = 625,000 kyat, more than the shop's 578,200,
    # but its exchange-rate cost is 0, not (120 − 125) × 5,000 = −25,000.
    comparison = compare_channels(D(5000), [Channel("hundi", D(0), D(125)), Channel("shop", D(100), D(118))], D(120))
    assert [r.channel.name for r in comparison.results] == ["shop", "hundi"]
    shop, hundi = comparison.results
    assert comparison.best is shop and not shop.above_market
    assert hundi.above_market and hundi.received == D(625000)
    assert (hundi.fee_cost, hundi.rate_cost, hundi.total_cost, hundi.cost_percent) == (D(0), D(0), D(0), D(0))
    assert comparison.any_above_market


def test_above_the_market_rate_the_fee_still_counts():
    # Fee 50 baht at 120 = 6,000 kyat; the rate (125) adds nothing; (5,000 − 50) × 125 = 618,750 received.
    comparison = compare_channels(D(5000), [Channel("a", D(50), D(125)), Channel("b", D(0), D(120))], D(120))
    b, a = comparison.results
    assert (a.received, a.fee_cost, a.rate_cost, a.total_cost, a.cost_percent) == (D(618750), D(6000), 0, D(6000), D(1))
    assert not b.above_market and b.total_cost == 0  # a rate equal to the market rate is not flagged
    assert comparison.best is b


def test_when_every_rate_is_above_the_market_rate_none_is_the_best():
    comparison = compare_channels(D(100), [Channel("a", D(0), D(130)), Channel("b", D(0), D(125))], D(120))
    assert comparison.best is None and all(r.above_market and r.total_cost == 0 for r in comparison.results)


def test_without_a_market_rate_the_best_rate_typed_is_the_reference():
    # Reference 1,000 (the best rate typed). b: (1,000 − 10) × 1,000 = 990,000; fee 10 × 1,000 = 10,000.
    # a: 1,000 × 950 = 950,000; exchange rate (1,000 − 950) × 1,000 = 50,000.
    comparison = compare_channels(D(1000), [Channel("a", D(0), D(950)), Channel("b", D(10), D(1000))], None)
    assert (comparison.reference_rate, comparison.market_rate_given, comparison.full_value) == (
        D(1000), False, D(1000000))
    b, a = comparison.results
    assert (b.channel.name, b.received, b.fee_cost, b.rate_cost) == ("b", D(990000), D(10000), 0)
    assert (a.received, a.fee_cost, a.rate_cost) == (D(950000), 0, D(50000))
    assert not comparison.any_above_market and comparison.best is b


def test_ringgit_worked_by_hand():
    # 800 ringgit, fee 10 ringgit, 980 kyat per ringgit, market 1,000: (800 − 10) × 980 = 774,200 kyat;
    # fee 10 × 1,000 = 10,000; exchange rate (1,000 − 980) × 790 = 15,800; total 25,800 = 800,000 − 774,200.
    (result, _other) = compare_channels(D(800), [Channel("a", D(10), D(980)), Channel("b", D(0), D(900))], D(1000)).results
    assert (result.sent, result.received, result.fee_cost, result.rate_cost, result.total_cost) == (
        D(790), D(774200), D(10000), D(15800), D(25800))


def test_a_fee_larger_than_the_amount_delivers_nothing():
    comparison = compare_channels(D(50), [Channel("a", D(100), D(118))], D(120))
    (result,) = comparison.results
    assert result.received == 0 and result.sent == 0 and result.fee_exceeds_amount
    assert result.fee_counted == D(50) and result.total_cost == D(6000) and result.cost_percent == D(100)
    assert comparison.best is None  # nothing arrives: not the best of anything


def test_no_cost_is_ever_negative():
    for rate in (D(1), D(119), D(120), D(121), D(1000)):
        for market in (None, D(120)):
            for result in compare_channels(D(5000), [Channel("a", D(0), rate), Channel("b", D(40), D(110))], market).results:
                assert min(result.fee_cost, result.rate_cost, result.total_cost, result.cost_percent) >= 0


def test_budget_saves_first_a_suggested_tenth_of_income():
    # Income 150,000 + 120,000 + 360,000 = 630,000; no saving typed: a tenth, 63,000, is put aside first.
    # Left to spend 630,000 − 63,000 = 567,000; expenses 300,000 + 40,000 + 60,000 = 400,000; balance 167,000.
    result = plan_budget(
        [BudgetLine("harvest", D(150000)), BudgetLine("wages", D(120000)), BudgetLine("remittance", D(360000))],
        [BudgetLine("food", D(300000)), BudgetLine("phone", D(40000)), BudgetLine("snacks", D(60000), need=False)],
    )
    assert (result.income, result.saving, result.saving_suggested, result.saving_percent) == (
        D(630000), D(63000), True, D(10))
    assert (result.to_spend, result.expenses, result.balance) == (D(567000), D(400000), D(167000))
    assert (result.needs_percent, result.wants_percent) == (D(85), D(15))
    assert result.shortfall == 0 and not result.needs_exceed


def test_budget_uses_the_saving_typed():
    # The lesson "Save first": 800,000 − 100,000 = 700,000 to spend; needs 500,000 leave 200,000.
    result = plan_budget([BudgetLine("remittance", D(800000))], [BudgetLine("needs", D(500000))], D(100000))
    assert (result.saving, result.saving_suggested, result.saving_percent) == (D(100000), False, D(13))
    assert (result.to_spend, result.balance, result.shortfall) == (D(700000), D(200000), 0)


def test_a_budget_that_does_not_fit_after_saving_says_how_much_to_cut():
    # 630,000 − 60,000 = 570,000 to spend; 500,000 + 100,000 = 600,000 of expenses: cut 30,000, wants can.
    result = plan_budget([BudgetLine("wages", D(630000))],
                         [BudgetLine("food", D(500000)), BudgetLine("snacks", D(100000), need=False)], D(60000))
    assert (result.balance, result.shortfall, result.needs_exceed) == (D(-30000), D(30000), False)
    assert result.saving == D(60000)  # the saving is kept, not cut


def test_when_needs_alone_do_not_fit_after_saving_it_says_so():
    # 100,000 − 10,000 (a tenth) = 90,000 to spend; needs 95,000 + wants 5,000: short 10,000, needs alone exceed.
    result = plan_budget([BudgetLine("wages", D(100000))],
                         [BudgetLine("food", D(95000)), BudgetLine("snacks", D(5000), need=False)])
    assert (result.saving, result.to_spend, result.shortfall, result.needs_exceed) == (
        D(10000), D(90000), D(10000), True)


def test_the_suggested_saving_is_rounded_to_amounts_people_use():
    assert suggested_saving(D(515000)) == D(52000)  # 51,500 → 52,000
    assert suggested_saving(D(514999)) == D(51000)
    assert suggested_saving(D(5000)) == D(500)
    assert suggested_saving(D("0.000001")) == 0


def test_a_saving_larger_than_the_income_is_refused():
    with pytest.raises(ValueError):
        plan_budget([BudgetLine("wages", D(1000))], [], D(2000))


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
