"""The loader: immutable objects, HTML rendered once with raw HTML off, a version per module."""
import dataclasses

import pytest

from learning.content.loader import load_catalog


def test_loaded_content_cannot_be_changed(tiny):
    module = load_catalog(tiny).course("tiny-course").module("tiny-module")
    with pytest.raises(dataclasses.FrozenInstanceError):
        module.id = "other"
    with pytest.raises(TypeError):
        module.lessons[0].texts["en"] = None


def test_raw_html_in_lessons_is_shown_as_text_not_run(tiny):
    lesson = tiny / "tiny-course" / "tiny-module" / "en" / "second.md"
    lesson.write_text(lesson.read_text() + "\n<script>alert(1)</script>\n\n<b>bold</b>\n", encoding="utf-8")
    html = load_catalog(tiny).course("tiny-course").module("tiny-module").lesson("second").texts["en"].html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html


def test_images_point_to_the_media_route_with_a_content_hash(tiny):
    html = load_catalog(tiny).course("tiny-course").module("tiny-module").lesson("first").texts["en"].html
    assert 'src="/learn/media/tiny-course/tiny-module/img/coin.svg' in html or "coin.svg" in html
    assert 'loading="lazy"' in html


def test_the_module_version_changes_when_any_of_its_files_changes(tiny):
    before = load_catalog(tiny).course("tiny-course").module("tiny-module").version
    again = load_catalog(tiny).course("tiny-course").module("tiny-module").version
    text = tiny / "tiny-course" / "tiny-module" / "my" / "module.toml"
    text.write_text(text.read_text(encoding="utf-8").replace("Summary.", "Summary!"), encoding="utf-8")
    after = load_catalog(tiny).course("tiny-course").module("tiny-module").version
    assert before == again != after


def test_review_status_and_author_are_kept_per_file(tiny):
    module = load_catalog(tiny).course("tiny-course").module("tiny-module")
    first, second = module.lessons
    assert second.texts["en"].info.status == "reviewed"
    assert first.texts["my"].info.status == "draft"
    assert first.texts["my"].info.author == "test fixture"
    assert "my" not in second.texts


def test_quiz_structure_is_language_neutral(tiny):
    quiz = load_catalog(tiny).course("tiny-course").module("tiny-module").quiz
    single, number = quiz.questions
    assert (single.type, single.options, single.answer) == ("single", ("a", "b"), "a")
    assert (number.type, number.answer, number.tolerance) == ("number", 1500.0, 0.0)
