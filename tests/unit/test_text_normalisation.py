"""One normalisation for typed text: NFC, Zawgyi to Unicode when sure, a question when unsure."""
import unicodedata

import pytest

from learning.i18n.text import is_wellformed_unicode, normalise, zawgyi_probability
from learning.places.services import read_townships_csv

# Real Zawgyi (as typed on Zawgyi keyboards) and the Unicode it stands for.
ZAWGYI_SAMPLES = [
    ("ေမာင္ေမာင္", "မောင်မောင်"),
    ("ျမန္မာ", "မြန်မာ"),
    ("ေဒၚခင္ခင္", "ဒေါ်ခင်ခင်"),
    ("ဦးေအာင္ျမင့္", "ဦးအောင်မြင့်"),
    ("ႏွင္းဆီ", "နှင်းဆီ"),
    ("ႀကီး", "ကြီး"),
    ("ေက်ာ္ေက်ာ္", "ကျော်ကျော်"),
]
SHAN = "ၵႂၢမ်းတႆး ၼႂ်းမိူင်းတႆး ၵူၼ်းၼမ် ၵိၼ်ၶဝ်ႈ ယူႇလီ"
MON = "ဘာသာမန် ဂကူမန် သ္ပဒမ္ၚ် တၚ်ပၚ်"
KAREN = "ကညီကျိာ် ပှၤကညီ တၢ်မၤလိ"


@pytest.mark.parametrize(("zawgyi", "unicode"), ZAWGYI_SAMPLES)
def test_zawgyi_is_converted_when_the_detector_is_sure(zawgyi, unicode):
    assert zawgyi_probability(zawgyi) >= 0.95
    result = normalise(zawgyi)
    assert result.text == unicode
    assert result.converted and result.suggestion is None


def test_unsure_zawgyi_is_offered_as_a_question_not_converted():
    typed = "ၫို"  # Zawgyi for ညို; the detector gives about 0.9
    assert 0.05 < zawgyi_probability(typed) < 0.95
    result = normalise(typed)
    assert result.text == typed  # stored as typed unless the person chooses the other spelling
    assert result.suggestion == "ညို"


def test_short_names_valid_in_both_encodings_are_neither_changed_nor_questioned():
    for name in ("ပဲခူး", "ကိုကို", "သူ", "မိုး"):
        assert 0.05 < zawgyi_probability(name) < 0.95
        assert normalise(name).text == name
        assert normalise(name).suggestion is None


def test_pakokku_is_not_corrupted_although_it_scores_as_likely_zawgyi():
    assert zawgyi_probability("ပခုက္ကူ") > 0.9
    assert normalise("ပခုက္ကူ").text == "ပခုက္ကူ"


def test_all_township_names_are_kept_exactly_and_never_questioned():
    rows = read_townships_csv()
    assert len(rows) == 330
    ambiguous = 0
    for row in rows:
        for name in (row["township_name_my"], row["state_name_my"]):
            ambiguous += 0.05 < zawgyi_probability(name) < 0.95
            result = normalise(name)
            assert (result.text, result.suggestion, result.converted) == (name, None, False), name
    assert ambiguous >= 40  # the detector alone would have asked about these


@pytest.mark.parametrize("text", [SHAN, MON, KAREN])
def test_shan_mon_and_karen_are_never_converted(text):
    from learning.i18n.text import zawgyi_to_unicode

    assert zawgyi_to_unicode(text) != text  # a blind converter would destroy it
    assert normalise(text).text == text
    for language in ("shn", "mnw", "ksw"):
        assert normalise(text, language=language).text == text


def test_zawgyi_looking_text_in_a_shan_form_is_left_alone():
    assert normalise("ေမာင္ေမာင္", language="shn").text == "ေမာင္ေမာင္"


def test_text_is_stored_as_nfc_and_trimmed():
    decomposed = unicodedata.normalize("NFD", "Café  ")
    assert normalise(decomposed).text == "Café"
    assert normalise("  Naw Paw ").text == "Naw Paw"


def test_wellformed_check_rejects_signs_before_letters_and_bare_viramas():
    assert is_wellformed_unicode("မောင်မောင်")
    assert not is_wellformed_unicode("ေမာင္")
    assert not is_wellformed_unicode("မင္း")


def test_ai_is_stored_after_the_lower_vowels():
    """ဲ (U+1032) typed before ု/ူ renders as a dotted circle in Noto Sans Myanmar (seen in Chromium); after them it
    joins the letter. Mon writes this pair often (တုဲ, "to be")."""
    from learning.i18n.text import is_wellformed_unicode

    assert is_wellformed_unicode("\u1010\u102f\u1032")  # တုဲ
    assert is_wellformed_unicode("\u1010\u1030\u1032")
    assert not is_wellformed_unicode("\u1010\u1032\u102f")
    assert not is_wellformed_unicode("\u1010\u1032\u1030")
    assert is_wellformed_unicode("\u1000\u102d\u102f")  # ကို: the upper vowel ိ still comes first
