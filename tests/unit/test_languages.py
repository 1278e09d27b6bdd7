"""The languages table, digits and formatting."""
from datetime import date

import pytest

from learning.i18n.languages import LANGUAGES, chain, localise_digits, to_latin_digits


def test_six_languages_with_burmese_first():
    assert list(LANGUAGES) == ["my", "shn", "mnw", "ksw", "cnh", "en"]


@pytest.mark.parametrize("code", ["shn", "mnw", "ksw", "cnh"])
def test_ethnic_languages_fall_back_to_burmese_then_english(code):
    assert chain(code) == (code, "my", "en")


def test_digits_round_trip():
    assert localise_digits("2026-11-27", "my") == "၂၀၂၆-၁၁-၂၇"
    assert localise_digits("2026", "cnh") == "2026"
    assert to_latin_digits("၁၂၃") == "123"
    assert to_latin_digits("႑႒႓") == "123"  # Shan digits


@pytest.mark.parametrize(
    ("code", "myanmar_digits"),
    [("my", True), ("shn", True), ("mnw", True), ("ksw", True), ("cnh", False), ("en", False)],
)
def test_numbers_and_dates_use_the_languages_digits(app, code, myanmar_digits):
    from learning.i18n import formatting

    with app.test_request_context(f"/?lang={code}"):
        app.preprocess_request()
        number = formatting.number(1234567)
        when = formatting.short_date(date(2026, 11, 27))
    if myanmar_digits:
        assert number == "၁,၂၃၄,၅၆၇"
        assert "၂၀၂၆" in when and "2026" not in when
    else:
        assert number == "1,234,567"
        assert "2026" in when
