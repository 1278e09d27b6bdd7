"""Issue 18: a course's knowledge check in course.toml, and the facilitator's guides beside a module's lessons."""
import shutil

import pytest

from learning.content.loader import read_catalog


@pytest.mark.parametrize("check, message", [
    ('questions = ["tiny-module/pick-one"]', "asks 6 to 10 questions, not 1"),
    ('questions = ["tiny-module/nope", "tiny-module/pick-one", "tiny-module/pick-one", "a", "b", "c"]',
     "'tiny-module/nope' names no question"),
    ('questions = ["tiny-module/nope", "tiny-module/pick-one", "tiny-module/pick-one", "a", "b", "c"]',
     "'tiny-module/pick-one' is asked twice"),
    ('questions = "tiny-module/pick-one"', "must be a list"),
])
def test_the_loader_refuses_a_wrong_check(tiny, check, message):
    course_dir = next(d for d in tiny.iterdir() if (d / "course.toml").exists())
    text = (course_dir / "course.toml").read_text()
    (course_dir / "course.toml").write_text(text + f"\n[check]\n{check}\n")
    _, problems = read_catalog(tiny)
    assert any(message in p.message for p in problems), problems


def test_guides_do_not_change_the_module_version(tiny):
    catalog, problems = read_catalog(tiny)
    course = catalog.courses[0]
    module = course.modules[0]
    guide = tiny / course.id / module.id / "guide"
    guide.mkdir()
    shutil.copy(next((tiny / course.id / module.id).glob("*/" + module.lessons[0].id + ".md")), guide / "en.md")
    again, problems = read_catalog(tiny)
    assert problems == []
    assert again.courses[0].modules[0].version == module.version
    assert "en" in again.courses[0].modules[0].guides
