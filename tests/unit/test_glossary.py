"""Glossaries: one file per language under courses/glossary/, and warnings where a text uses a rejected word."""
import shutil
from pathlib import Path

import pytest

from learning.cli.i18n import catalog_word_checks
from learning.config import PROJECT_ROOT
from learning.content.glossary import read_glossaries

DATA = Path(__file__).resolve().parent.parent / "data" / "courses"
EN = """status = "draft"
author = "test"

[terms.receipt]
preferred = "receipt"

[terms.kyat]
preferred = "kyat"
rejected = ["kyats"]

[terms.remittance]
preferred = "remittance"
"""
MY = """status = "draft"
author = "test"

[terms.receipt]
preferred = "ပြေစာ"
rejected = ["ဘောက်ချာ", "ငွေ"]
allowed_in = ["ငွေလွှဲ"]
note = "what the sender keeps"
"""


@pytest.fixture
def courses(tmp_path):
    root = tmp_path / "courses"
    shutil.copytree(DATA / "minimal", root)
    (root / "glossary").mkdir()
    (root / "glossary" / "en.toml").write_text(EN, encoding="utf-8")
    (root / "glossary" / "my.toml").write_text(MY, encoding="utf-8")
    return root


def glossaries(root):
    found, problems = read_glossaries(root / "glossary", str)
    assert problems == []
    return found


def test_a_rejected_burmese_word_is_found_inside_a_run_of_text(courses):
    my = glossaries(courses)["my"]
    [use] = my.rejected_uses("ဒီဘောက်ချာကိုသိမ်းပါ")
    assert (use.term.id, use.variant) == ("receipt", "ဘောက်ချာ")
    assert str(use) == "uses rejected 'ဘောက်ချာ' for term 'receipt'; preferred 'ပြေစာ'"


def test_allowed_words_and_half_syllables_are_not_rejected_uses(courses):
    my = glossaries(courses)["my"]
    assert my.rejected_uses("ငွေလွှဲ ပြေစာ") == []  # ငွေ inside the allowed ငွေလွှဲ
    assert my.rejected_uses("ငွေ့") == []  # ငွေ့ (steam) is another syllable than ငွေ
    assert [u.variant for u in my.rejected_uses("ငွေ ပေးပါ")] == ["ငွေ"]


def test_latin_script_matches_whole_words_ignoring_case(courses):
    en = glossaries(courses)["en"]
    assert [u.variant for u in en.rejected_uses("She sent 5,000 Kyats.")] == ["kyats"]
    assert en.rejected_uses("kyatsu and 5,000 kyat") == []


def test_courses_check_warns_with_file_line_and_still_passes(runner, courses):
    lesson = courses / "tiny-course" / "tiny-module" / "my" / "first.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("ပြေစာကို", "ဘောက်ချာကို"), encoding="utf-8")

    result = runner.invoke(args=["courses", "check", "--root", str(courses)])

    assert result.exit_code == 0, result.output
    assert (
        "warning: courses/tiny-course/tiny-module/my/first.md:7: uses rejected 'ဘောက်ချာ' for term 'receipt'; "
        "preferred 'ပြေစာ'"
    ) in result.output
    assert "courses: ok (1 warning(s))" in result.output


def test_toml_keys_are_not_text(runner, courses):
    (courses / "glossary" / "en.toml").write_text(EN.replace('"kyats"', '"kyats", "prompt", "pick-one"'), encoding="utf-8")
    result = runner.invoke(args=["courses", "check", "--root", str(courses)])
    assert "warning:" not in result.output, result.output


def test_a_missing_language_or_term_is_fine_but_an_unknown_term_is_an_error(runner, courses):
    (courses / "glossary" / "shn.toml").write_text(
        'status = "draft"\nauthor = "t"\n\n[terms.kyatt]\npreferred = "ၵျၢပ်ႈ"\n', encoding="utf-8"
    )
    result = runner.invoke(args=["courses", "check", "--root", str(courses)])
    assert result.exit_code == 1
    assert "courses/glossary/shn.toml:4: unknown term 'kyatt': not in en.toml" in result.output, result.output
    assert result.output.count("courses/glossary/") == 1  # no word about the missing mnw, ksw and cnh files


def test_a_glossary_needs_status_and_preferred_words(courses):
    (courses / "glossary" / "my.toml").write_text(
        'status = "final"\nauthor = "t"\n\n[terms.receipt]\nrejected = ["x"]\nspelling = "y"\n', encoding="utf-8"
    )
    _, problems = read_glossaries(courses / "glossary", str)
    messages = [f"{p.line}: {p.message}" for p in problems]
    assert any(m.startswith("1: status must be one of draft, reviewed") for m in messages)
    assert "4: term 'receipt': unknown key 'spelling' (use allowed_in, note, preferred, rejected)" in messages
    assert "4: term 'receipt': preferred is missing or empty" in messages


def test_catalog_msgstrs_are_warned_about(tmp_path, courses):
    po = tmp_path / "translations" / "my" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Keep the receipt."\nmsgstr "ဘောက်ချာကို သိမ်းပါ။"\n',
        encoding="utf-8",
    )
    errors, warnings = catalog_word_checks(courses, tmp_path / "translations")
    assert errors == []
    assert warnings == [
        "translations/my/LC_MESSAGES/messages.po:5 (msgid 'Keep the receipt.'): "
        "uses rejected 'ဘောက်ချာ' for term 'receipt'; preferred 'ပြေစာ'"
    ]


def test_the_english_glossary_names_the_programme_terms():
    en = glossaries(PROJECT_ROOT / "courses")["en"]
    assert len(en.terms) >= 40
    assert {"kyat", "remittance", "hundi", "emergency-fund", "moneylender", "nrc", "pin", "otp"} <= set(en.terms)
    assert en.terms["central-bank"].preferred == "Central Bank of Myanmar"


def test_quiz_fairness_warnings_are_printed_when_that_check_exists(runner, courses, tmp_path, monkeypatch):
    from learning.content import checks

    (tmp_path / "fake_fairness.py").write_text(
        "def quiz_warnings(catalog):\n"
        "    return [f'{c.id}: the right answer is option a in every question' for c in catalog.courses]\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(checks, "FAIRNESS", "fake_fairness")

    result = runner.invoke(args=["courses", "check", "--root", str(courses)])

    assert result.exit_code == 0
    assert "warning: tiny-course: the right answer is option a in every question" in result.output
    monkeypatch.setattr(checks, "FAIRNESS", "no_such_fairness_module")
    assert checks.quiz_warnings(None) == []
