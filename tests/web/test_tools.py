"""The money tools: forms that post and show the result, with a message on each wrong field."""
import re

from tests.conftest import csrf_token


def _post(client, url, data):
    page = client.get(url)
    return client.post(url, data={**data, "csrf_token": csrf_token(page.text)})


def _errors(html):
    return [re.sub(r"\s+", " ", e).strip() for e in re.findall(r'<p class="error"[^>]*>(.*?)</p>', html, re.S)]


def _text(html):
    """The page's text with tags removed and spaces squeezed, as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _results(html):
    return _text(html[html.index('<section class="results"'):html.index("</section>")])


def _card(html, name):
    """The class of the result card whose heading is `name`, and its text."""
    found = re.search(rf'<li class="([^"]*)">\s*<h3>{re.escape(name)}</h3>(.*?)</li>\s*(?=<li class="card|</ol>)', html, re.S)
    assert found, name
    return found.group(1), _text(found.group(2))


REMITTANCE = {
    "amount": "၅,၀၀၀", "currency": "THB", "market_rate": "120",
    "channels-0-name": "Phone app", "channels-0-fee": "0", "channels-0-rate": "112",
    "channels-1-name": "Shop", "channels-1-fee": "50", "channels-1-rate": "118",
}


def test_remittance_shows_the_working_worked_by_hand(client):
    response = _post(client, "/tools/remittance?lang=en", REMITTANCE)
    assert response.status_code == 200
    html = response.text
    assert html.index("Shop") < html.index("Phone app", html.index("Result"))
    results = _results(html)
    assert ("Market rate you typed: 120 kyat for 1 baht. At that rate, with no fee, 5,000 baht would bring "
            "600,000 kyat.") in results
    kind, shop = _card(html, "Shop")
    assert "best" in kind.split() and "Best of these ways" in shop
    # (5,000 − 50) × 118 = 584,100; fee 50 × 120 = 6,000; rate (120 − 118) × 4,950 = 9,900; 15,900 = 2.65% → 2.7%
    assert "Your family receives 584,100 kyat" in shop
    assert "Fee 50 baht, taken from the amount: 5,000 − 50 = 4,950 baht are changed into kyat." in shop
    assert "Exchange rate 118 kyat for 1 baht: 4,950 × 118 = 584,100 kyat." in shop
    assert "True cost: 15,900 kyat (2.7%)" in shop
    assert "Cost of the fee: 50 × 120 = 6,000 kyat" in shop
    assert "Cost of the exchange rate: (120 − 118) × 4,950 = 9,900 kyat" in shop
    _kind, app = _card(html, "Phone app")
    # 5,000 × 112 = 560,000; (120 − 112) × 5,000 = 40,000 = 6.7% of 600,000
    assert "Your family receives 560,000 kyat" in app and "True cost: 40,000 kyat (6.7%)" in app
    assert "How the true cost is counted: the fee is paid in baht and comes out of the amount" in results


def test_a_rate_above_the_market_rate_is_flagged_not_crowned_and_never_a_negative_cost(client):
    data = {**REMITTANCE, "channels-0-name": "Hundi", "channels-0-fee": "0", "channels-0-rate": "125"}
    html = _post(client, "/tools/remittance?lang=en", data).text
    results = _results(html)
    assert "-25,000" not in results and "−25,000" not in results
    assert not re.search(r"cost[^.]*: [-−]\d", results, re.I)
    assert "is unusual. Such ways are listed last" in results
    kind, hundi = _card(html, "Hundi")
    assert "best" not in kind.split() and "warn" in kind.split()
    assert "Your family receives 625,000 kyat" in hundi  # 5,000 × 125: still shown and compared
    assert "Better than the market rate: check that this service is licensed by the Central Bank of Myanmar." in hundi
    assert "Cost of the exchange rate: 0 kyat (the rate is better than the market rate)" in hundi
    assert "True cost: 0 kyat (0%)" in hundi
    kind, _shop = _card(html, "Shop")
    assert "best" in kind.split()
    assert html.index("<h3>Shop</h3>") < html.index("<h3>Hundi</h3>")


def test_without_a_market_rate_the_page_names_the_rate_it_compared_with(client):
    html = _post(client, "/tools/remittance?lang=en", {**REMITTANCE, "market_rate": ""}).text
    results = _results(html)
    assert "Market rate you typed" not in results
    assert ("No market rate given: in its place, the ways are compared with the best rate typed, 118 kyat for "
            "1 baht.") in results
    # reference 118: shop (5,000 − 50) × 118 = 584,100, fee 50 × 118 = 5,900, no exchange-rate cost
    _kind, shop = _card(html, "Shop")
    assert "Cost of the fee: 50 × 118 = 5,900 kyat" in shop
    assert "Cost of the exchange rate: (118 − 118) × 4,950 = 0 kyat" in shop


RINGGIT = {
    "amount": "800", "currency": "MYR", "market_rate": "1000",
    "channels-0-name": "Bank", "channels-0-fee": "10", "channels-0-rate": "980",
    "channels-1-name": "Wallet", "channels-1-fee": "0", "channels-1-rate": "950",
}


def test_the_chosen_currency_names_every_label_and_result(client):
    html = _post(client, "/tools/remittance?lang=en", RINGGIT).text
    form = _text(html[html.index("<form"):])
    for label in ("Amount you send, in ringgit", "Market rate: kyat for 1 ringgit (if you know it)", "Fee in ringgit",
                  "Kyat you get for 1 ringgit", "The fee is paid in ringgit and comes out of the amount you send."):
        assert label in form
    results = _results(html)
    assert "baht" not in results and "baht" not in form.replace("Thai baht", "")
    # (800 − 10) × 980 = 774,200; fee 10 × 1,000 = 10,000; (1,000 − 980) × 790 = 15,800; 25,800 = 3.2% of 800,000
    _kind, bank = _card(html, "Bank")
    assert "Fee 10 ringgit, taken from the amount: 800 − 10 = 790 ringgit are changed into kyat." in bank
    assert "Exchange rate 980 kyat for 1 ringgit: 790 × 980 = 774,200 kyat." in bank
    assert "Cost of the fee: 10 × 1,000 = 10,000 kyat" in bank
    assert "Cost of the exchange rate: (1,000 − 980) × 790 = 15,800 kyat" in bank
    assert "True cost: 25,800 kyat (3.2%)" in bank
    assert "Market rate you typed: 1,000 kyat for 1 ringgit." in results


def test_the_currency_can_be_chosen_before_typing_without_javascript(client):
    page = client.get("/tools/remittance?lang=en&currency=MYR").text
    assert "Fee in ringgit" in page and re.search(r'<option selected value="MYR"', page)
    switched = _post(client, "/tools/remittance?lang=en", {**REMITTANCE, "currency": "MYR", "switch": "1"})
    assert switched.status_code == 200 and 'class="results"' not in switched.text
    assert "Fee in ringgit" in switched.text and "Fee in baht" not in switched.text
    assert re.search(r'<input[^>]*id="channels-1-rate"[^>]*value="118"', switched.text)  # nothing typed is lost
    assert "Fee in baht" in client.get("/tools/remittance?lang=en&currency=XYZ").text


def test_remittance_results_use_myanmar_digits_in_burmese(client):
    hundi = {**REMITTANCE, "channels-0-name": "Hundi", "channels-0-rate": "125"}
    _post(client, "/tools/remittance?lang=en", hundi)  # a page compiled for English first keeps no English digits
    html = _post(client, "/tools/remittance?lang=my", hundi).text
    assert "၅၈၄,၁၀၀" in html
    _kind, card = _card(html, "Hundi")
    assert "၆၂၅,၀၀၀" in card and "0" not in card  # every figure, the 0 kyat exchange-rate cost too


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


def test_a_currency_not_offered_or_a_market_rate_of_zero_gets_a_message(client):
    response = _post(client, "/tools/remittance?lang=en", {**REMITTANCE, "currency": "MMK", "market_rate": "0"})
    assert response.status_code == 400 and 'class="results"' not in response.text
    errors = _errors(response.text)
    assert "Choose the currency you send: baht or ringgit." in errors
    assert "The market rate must be more than 0. Leave it empty if you do not know it." in errors


BUDGET = {
    "incomes-0-label": "Harvest", "incomes-0-amount": "150,000",
    "incomes-1-label": "Remittance", "incomes-1-amount": "၃၆၀၀၀၀",
    "expenses-0-label": "Food", "expenses-0-amount": "300000", "expenses-0-kind": "need",
    "expenses-1-label": "Snacks", "expenses-1-amount": "60000", "expenses-1-kind": "want",
}


def test_budget_puts_saving_first_suggesting_a_tenth_when_none_is_typed(client):
    response = _post(client, "/tools/budget?lang=en", BUDGET)
    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.text)
    # 150,000 + 360,000 = 510,000; a tenth, 51,000, first; 510,000 − 51,000 = 459,000; − 360,000 = 99,000
    assert "<dt>Saving, put aside first</dt><dd>51,000 (10%)</dd>" in html
    assert "<dt>Left to spend (income − saving)</dt><dd>459,000</dd>" in html
    assert '<dt>Balance (income − saving − expenses)</dt><dd class="">99,000</dd>' in html
    assert "<dt>Needs</dt><dd>300,000 (83%)</dd>" in html
    assert "You did not type a saving, so a tenth of your income is put aside first: 51,000 kyat." in html
    assert "Put 51,000 kyat aside on the day the money comes in, before you spend." in html
    assert "Try to save" not in html  # no saving out of what is left over


def test_budget_uses_the_saving_typed(client):
    html = re.sub(r"\s+", " ", _post(client, "/tools/budget?lang=en", {**BUDGET, "saving": "100,000"}).text)
    # 510,000 − 100,000 = 410,000 to spend; − 360,000 = 50,000
    assert "<dt>Saving, put aside first</dt><dd>100,000 (20%)</dd>" in html
    assert '<dt>Balance (income − saving − expenses)</dt><dd class="">50,000</dd>' in html
    assert "You did not type a saving" not in html


def test_budget_that_does_not_fit_after_saving_says_how_much_to_cut(client):
    # 150,000 + 240,000 = 390,000; − 30,000 saved = 360,000 to spend; expenses 300,000 + 60,000 = 360,000: fits.
    fits = _post(client, "/tools/budget?lang=en", {**BUDGET, "incomes-1-amount": "240000", "saving": "30000"})
    assert "Your expenses fit in what is left." in fits.text
    # 390,000 − 40,000 = 350,000 to spend; expenses 360,000: 10,000 too much, and the wants (60,000) can cover it
    text = re.sub(r"\s+", " ", _post(client, "/tools/budget?lang=en",
                                     {**BUDGET, "incomes-1-amount": "240000", "saving": "40000"}).text)
    assert ("Your expenses are 10,000 kyat more than the money left after saving. Keep the saving and cut "
            "10,000 kyat from your expenses, starting with your wants (60,000 kyat this month).") in text


def test_budget_whose_needs_alone_do_not_fit_says_so(client):
    response = _post(client, "/tools/budget?lang=en", {**BUDGET, "incomes-1-amount": "100000"})
    # 250,000 − 25,000 (a tenth) = 225,000 to spend; needs 300,000 alone are more; 360,000 − 225,000 = 135,000
    text = re.sub(r"\s+", " ", response.text)
    assert "Your expenses are 135,000 kyat more than the money left after saving, and your needs alone" in text


def test_a_saving_larger_than_the_income_gets_a_message(client):
    response = _post(client, "/tools/budget?lang=en", {**BUDGET, "saving": "600000"})
    assert response.status_code == 400 and 'class="results"' not in response.text
    assert "The saving cannot be more than the income." in _errors(response.text)


def test_budget_needs_an_income_and_rejects_bad_numbers(client):
    response = _post(client, "/tools/budget?lang=en", {"expenses-0-amount": "-1", "expenses-0-label": "Food"})
    assert response.status_code == 400
    errors = _errors(response.text)
    assert "Enter at least one income." in errors and "Enter a number of 0 or more." in errors


def test_an_expense_that_is_neither_a_need_nor_a_want_gets_a_message(client):
    response = _post(client, "/tools/budget?lang=en", {**BUDGET, "expenses-1-kind": "luxury"})
    assert response.status_code == 400 and "Choose need or want." in _errors(response.text)


def test_budget_rows_can_be_added_without_javascript(client):
    before = _post(client, "/tools/budget?lang=en", {**BUDGET, "add": "expense"}).text
    assert 'name="expenses-6-amount"' in before and 'name="expenses-7-amount"' not in before
    assert 'value="Snacks"' in before  # nothing typed is lost


def test_tools_work_in_every_language(client):
    for code in ("my", "shn", "mnw", "ksw", "cnh", "en"):
        for url in ("/tools/remittance", "/tools/budget"):
            assert client.get(f"{url}?lang={code}").status_code == 200
