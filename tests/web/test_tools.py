"""The money tools: forms that post and show the result, with a message on each wrong field."""
import re

from tests.conftest import csrf_token


def _post(client, url, data):
    page = client.get(url)
    return client.post(url, data={**data, "csrf_token": csrf_token(page.text)})


def _errors(html):
    return [re.sub(r"\s+", " ", e).strip() for e in re.findall(r'<p class="error"[^>]*>(.*?)</p>', html, re.S)]


REMITTANCE = {
    "amount": "၅,၀၀၀", "currency": "THB", "market_rate": "120",
    "channels-0-name": "Phone app", "channels-0-fee": "0", "channels-0-rate": "112",
    "channels-1-name": "Shop", "channels-1-fee": "100", "channels-1-rate": "118",
}


def test_remittance_comparison_shows_what_the_family_receives_cheapest_first(client):
    response = _post(client, "/tools/remittance?lang=en", REMITTANCE)
    assert response.status_code == 200
    html = response.text
    assert html.index("Shop") < html.index("Phone app", html.index("Result"))
    assert "Your family receives 578,200 kyat" in html and "True cost: 21,800 kyat (3.6%)" in html


def test_remittance_results_use_myanmar_digits_in_burmese(client):
    html = _post(client, "/tools/remittance?lang=my", REMITTANCE).text
    assert "၅၇၈,၂၀၀" in html


def test_bad_numbers_get_a_message_on_the_field(client):
    data = {**REMITTANCE, "amount": "abc", "market_rate": "-3", "channels-1-rate": ""}
    response = _post(client, "/tools/remittance?lang=en", data)
    assert response.status_code == 400
    errors = _errors(response.text)
    assert "Enter a number using digits only, for example 5000 or ၅၀၀၀." in errors
    assert "Enter a number of 0 or more." in errors
    assert "Enter the exchange rate for this way of sending." in errors
    assert re.search(r'<input[^>]*id="amount"[^>]*value="abc"', response.text)  # what was typed is kept


def test_comparing_needs_two_ways(client):
    data = {"amount": "5000", "currency": "THB", "channels-0-name": "A", "channels-0-fee": "0", "channels-0-rate": "110"}
    response = _post(client, "/tools/remittance?lang=en", data)
    assert response.status_code == 400
    assert "Fill in at least two ways of sending to compare them." in _errors(response.text)


def test_an_empty_amount_says_so(client):
    response = _post(client, "/tools/remittance?lang=en", {**REMITTANCE, "amount": ""})
    assert "Enter a number." in _errors(response.text)


BUDGET = {
    "incomes-0-label": "Harvest", "incomes-0-amount": "150,000",
    "incomes-1-label": "Remittance", "incomes-1-amount": "၃၆၀၀၀၀",
    "expenses-0-label": "Food", "expenses-0-amount": "300000", "expenses-0-kind": "need",
    "expenses-1-label": "Snacks", "expenses-1-amount": "60000", "expenses-1-kind": "want",
}


def test_budget_shows_balance_shares_and_a_saving(client):
    response = _post(client, "/tools/budget?lang=en", BUDGET)
    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.text)
    assert "<dt>Balance</dt><dd class=\"\">150,000</dd>" in html
    assert "<dt>Needs</dt><dd>300,000 (83%)</dd>" in html
    assert "Try to save 51,000 kyat this month" in html


def test_budget_that_does_not_balance_suggests_cutting_wants(client):
    response = _post(client, "/tools/budget?lang=en", {**BUDGET, "incomes-1-amount": "100000"})
    assert "You spend 110,000 kyat more than comes in." in response.text


def test_budget_needs_an_income_and_rejects_bad_numbers(client):
    response = _post(client, "/tools/budget?lang=en", {"expenses-0-amount": "-1", "expenses-0-label": "Food"})
    assert response.status_code == 400
    errors = _errors(response.text)
    assert "Enter at least one income." in errors and "Enter a number of 0 or more." in errors


def test_budget_rows_can_be_added_without_javascript(client):
    before = _post(client, "/tools/budget?lang=en", {**BUDGET, "add": "expense"}).text
    assert 'name="expenses-6-amount"' in before and 'name="expenses-7-amount"' not in before
    assert 'value="Snacks"' in before  # nothing typed is lost


def test_tools_work_in_every_language(client):
    for code in ("my", "shn", "mnw", "ksw", "cnh", "en"):
        for url in ("/tools/remittance", "/tools/budget"):
            assert client.get(f"{url}?lang={code}").status_code == 200
