"""Number fields open the phone's number keypad, and a PIN is never shown: not while typed, not after a refusal."""
import re

import pytest

from tests.builders import PIN


def _input(html: str, field_id: str) -> str:
    found = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html)
    assert found, field_id
    return found.group(0)


def test_the_pin_is_masked_and_not_sent_back_after_a_refusal(auth, household):
    page = auth.client.get("/household/sign-in?lang=en").text
    assert 'type="password"' in _input(page, "pin") and 'inputmode="numeric"' in _input(page, "pin")
    refused = auth.household(household.code, "123450")
    assert refused.status_code == 400
    assert "123450" not in refused.text and 'value=""' in _input(refused.text, "pin")
    locked_out = auth.household(household.code, "12345")  # refused for its form: still not echoed
    assert "12345" not in _input(locked_out.text, "pin")
    assert auth.household(household.code, PIN).status_code == 302


@pytest.mark.parametrize(("path", "field_id", "keypad"), [
    ("/tools/remittance", "amount", "decimal"),
    ("/tools/remittance", "market_rate", "decimal"),
    ("/tools/remittance", "channels-0-fee", "decimal"),
    ("/tools/budget", None, "decimal"),
])
def test_money_tools_open_the_decimal_keypad(client, path, field_id, keypad):
    html = client.get(f"{path}?lang=my").text
    inputs = [_input(html, field_id)] if field_id else re.findall(r'<input[^>]*name="[^"]*amount"[^>]*>', html)
    assert inputs
    for tag in inputs:
        assert f'inputmode="{keypad}"' in tag, tag


def test_registration_opens_the_number_and_phone_keypads(auth):
    auth.new_staff("facilitator", townships=("MMR011001",))
    html = auth.client.get("/facilitate/register?lang=en").text
    years = re.findall(r'<input[^>]*name="[^"]*birth_year"[^>]*>', html)
    assert years and all('inputmode="numeric"' in tag for tag in years)
    assert 'inputmode="tel"' in _input(html, "phone")
