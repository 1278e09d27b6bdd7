"""The Myanmar-script spelling check: HarfBuzz with the site's font finds dotted circles, the Unicode-order rules
find marks out of order, and real Burmese, Shan, Mon and Karen spellings pass."""
import shutil
from pathlib import Path

import pytest

from learning.cli.i18n import catalog_word_checks
from learning.content.script import file_problems, shows_dotted_circle, text_errors, word_problem
from learning.i18n.text import is_wellformed_unicode

DATA = Path(__file__).resolve().parent.parent / "data" / "courses"
MON_AI_FIRST = "\u1010\u1032\u102f"  # တဲု: ဲ typed before ု
MON_AI_AFTER = "\u1010\u102f\u1032"  # တုဲ ("to be"), as Unicode stores it
BURMESE = "ငွေလွှဲ ပြေစာကို သိမ်းထားပါ။ ယောက်ျားလေး မိန်းကလေး"
SHAN = "ႁဵၼ်းႁူႉ လၢႆးသူင်ႇငိုၼ်းၶိုၼ်းႁိူၼ်း ႁႂ်ႈလွတ်ႈၽေး"
KAREN = "ကျိၣ်စ့အါကတၢၢ်တကူ ဘၣ်နၢ်ပၢၢ် အလဲစှၤကတၢၢ်လီၤ."
MON = "ဗီုပြၚ် ပ္ဍဲဒေသ တုဲ ဂွံ"


@pytest.fixture
def courses(tmp_path):
    root = tmp_path / "courses"
    shutil.copytree(DATA / "minimal", root)
    return root


def test_mon_ai_before_the_lower_vowel_fails_with_a_dotted_circle_and_an_order_error():
    assert shows_dotted_circle(MON_AI_FIRST)
    problem = word_problem(MON_AI_FIRST)
    assert problem and "order" in problem and "dotted circle" in problem and "U+1032" in problem


def test_mon_ai_after_the_lower_vowel_passes():
    assert not shows_dotted_circle(MON_AI_AFTER)
    assert word_problem(MON_AI_AFTER) is None


@pytest.mark.parametrize("sentence", [BURMESE, SHAN, KAREN, MON], ids=["my", "shn", "ksw", "mnw"])
def test_correct_sentences_pass(sentence):
    assert text_errors(sentence) == []


def test_karen_doubled_eu_is_a_real_spelling_harfbuzz_and_the_rules_agree():
    word = "\u1000\u1010\u1062\u1062\u103a"  # ကတၢၢ်, "most"
    assert not shows_dotted_circle(word)
    assert is_wellformed_unicode(word)
    assert not is_wellformed_unicode("\u1000\u102d\u102d")  # other signs typed twice are still refused


def test_a_mark_with_no_letter_before_it_shows_a_dotted_circle():
    errors = text_errors("ငွေ \u103b\u1019")  # ျ after a space (Zawgyi order)
    assert [e.word for e in errors] == ["\u103b\u1019"]
    assert "dotted circle" in errors[0].reason


def test_a_dotted_circle_written_on_purpose_is_not_an_error():
    assert word_problem("\u25cc\u1032") is None


def test_latin_text_is_not_shaped():
    assert text_errors("Ma Thandar sends 5,000 baht.") == []


def test_each_error_names_the_line_the_word_and_its_context(tmp_path):
    lesson = tmp_path / "mnw" / "lesson.md"
    lesson.parent.mkdir()
    lesson.write_text(
        f'+++\ntitle = "ဂွံ"\nstatus = "draft"\nauthor = "t"\n+++\n\nဗီုပြၚ် {MON_AI_FIRST} ဂွံ\n', encoding="utf-8"
    )
    [problem] = file_problems(lesson, "courses/mnw/lesson.md")
    assert (problem.path, problem.line) == ("courses/mnw/lesson.md", 7)
    assert MON_AI_FIRST in problem.message and f"ဗီုပြၚ် {MON_AI_FIRST} ဂွံ" in problem.message


def test_courses_check_fails_on_a_misspelt_word_in_a_quiz_text(runner, courses):
    text = courses / "tiny-course" / "tiny-module" / "my" / "module.toml"
    text.write_text(text.read_text(encoding="utf-8").replace("Which one? (my)", f"{MON_AI_FIRST} (my)"), encoding="utf-8")

    result = runner.invoke(args=["courses", "check", "--root", str(courses)])

    assert result.exit_code == 1
    assert "courses/tiny-course/tiny-module/my/module.toml:7: " in result.output
    assert "dotted circle" in result.output


def test_the_real_courses_have_no_misspelt_words(runner):
    result = runner.invoke(args=["courses", "check"])
    assert "dotted circle" not in result.output and "out of Unicode order" not in result.output, result.output


def test_catalog_msgstrs_are_checked_with_line_and_msgid(tmp_path):
    po = tmp_path / "translations" / "mnw" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "Done"\nmsgstr "{MON_AI_FIRST}"\n\nmsgid "Yes"\nmsgstr "{MON_AI_AFTER}"\n',
        encoding="utf-8",
    )

    errors, warnings = catalog_word_checks(tmp_path / "courses", tmp_path / "translations")

    assert len(errors) == 1 and warnings == []
    assert errors[0].startswith("translations/mnw/LC_MESSAGES/messages.po:5 (msgid 'Done'): ")
