"""`flask courses check`: the real courses pass, and each kind of mistake is reported as file:line."""
import shutil
from pathlib import Path

import pytest

from learning.content.loader import ContentError, load_catalog, read_catalog

DATA = Path(__file__).resolve().parent.parent / "data" / "courses"
BROKEN = sorted(p.name for p in (DATA / "broken").iterdir())


def test_the_real_courses_pass_and_the_matrix_is_printed(runner):
    result = runner.invoke(args=["courses", "check"])
    assert result.exit_code == 0, result.output
    assert "money-and-migration/sending-money-home" in result.output
    header = next(line for line in result.output.splitlines() if line.startswith("module ")).split()
    assert header == ["module", "my", "shn", "mnw", "ksw", "cnh", "en"]
    assert "courses: ok" in result.output


def test_the_minimal_fixture_is_valid():
    catalog, problems = read_catalog(DATA / "minimal")
    assert problems == []
    module = catalog.course("tiny-course").module("tiny-module")
    assert [lesson.id for lesson in module.lessons] == ["first", "second"]
    assert module.quiz.pass_mark == 70 and module.quiz.total_points == 2


@pytest.mark.parametrize("kind", BROKEN)
def test_each_broken_fixture_gives_its_error(runner, tmp_path, kind):
    courses = tmp_path / "courses"
    shutil.copytree(DATA / "minimal", courses)
    shutil.copytree(DATA / "broken" / kind, courses, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.txt"))
    expected = (DATA / "broken" / kind / "expect.txt").read_text(encoding="utf-8").strip()

    result = runner.invoke(args=["courses", "check", "--root", str(courses)])

    assert result.exit_code == 1
    assert f"courses/{expected}" in result.output, result.output
    with pytest.raises(ContentError):
        load_catalog(courses)


def test_there_is_a_fixture_for_every_kind_of_error():
    assert set(BROKEN) >= {
        "unknown-module", "unknown-lesson", "unknown-question", "answer-key", "option-missing", "broken-image",
        "duplicate-id", "invalid-toml", "invalid-front-matter", "missing-front-matter",
    }
