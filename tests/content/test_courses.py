"""The course "Money and migration": complete in Burmese and English, first module in the other four languages."""
import re

import pytest

from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog

COURSES = PROJECT_ROOT / "courses"
SCRIPT_LETTERS = {
    "shn": re.compile("[\u1075-\u108f\u109e\u109f]"),  # Shan letters, vowels and tone marks
    "mnw": re.compile("[\u105a-\u1060\u1033-\u1035]"),  # Mon letters, medials and vowels
    "ksw": re.compile("[\u1061-\u1064]"),  # S'gaw Karen letters and tones
}


@pytest.fixture(scope="module")
def course():
    return load_catalog(COURSES).course("money-and-migration")


def test_two_modules_of_four_or_five_lessons_with_a_quiz_of_eight_to_ten(course):
    assert [m.id for m in course.modules] == ["sending-money-home", "household-budget"]
    for module in course.modules:
        assert 4 <= len(module.lessons) <= 5
        assert 8 <= len(module.quiz.questions) <= 10
        types = {q.type for q in module.quiz.questions}
        assert types == {"single", "multiple", "number"}


def test_burmese_and_english_are_complete(course):
    for module in course.modules:
        for code in ("my", "en"):
            assert code in module.texts
            assert all(code in lesson.texts for lesson in module.lessons)


@pytest.mark.parametrize("code", ["shn", "mnw", "ksw", "cnh"])
def test_sending_money_home_exists_in_each_ethnic_language_as_a_draft(course, code):
    module = course.module("sending-money-home")
    assert module.texts[code].info.status == "draft"
    for lesson in module.lessons:
        assert lesson.texts[code].info.status == "draft"


@pytest.mark.parametrize("code", ["shn", "mnw", "ksw"])
def test_shan_mon_and_karen_lessons_use_their_own_letters(code):
    files = sorted(COURSES.glob(f"money-and-migration/*/{code}/*.md"))
    assert files
    for path in files:
        body = path.read_text(encoding="utf-8").split("+++", 2)[2]
        paragraphs = [p for p in body.split("\n\n") if re.search("[\u1000-\u109f]", p)]
        with_letters = [p for p in paragraphs if SCRIPT_LETTERS[code].search(p)]
        assert len(with_letters) >= 0.6 * len(paragraphs), f"{path}: too few {code}-specific letters"


def test_hakha_chin_is_written_in_latin_letters():
    for path in sorted(COURSES.glob("money-and-migration/*/cnh/*.md")):
        body = path.read_text(encoding="utf-8").split("+++", 2)[2]
        latin = len(re.findall("[A-Za-z]", body))
        myanmar = len(re.findall("[\u1000-\u109f]", body))
        assert latin > 20 * max(myanmar, 1), path


def test_no_text_written_by_us_claims_to_be_reviewed():
    texts = [p for p in COURSES.rglob("*") if p.suffix in (".md", ".toml")]
    assert len(texts) > 30
    for path in texts:
        assert 'status = "reviewed"' not in path.read_text(encoding="utf-8"), path
