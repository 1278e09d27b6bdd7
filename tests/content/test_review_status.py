"""Honest review status: "reviewed" needs a reviewer and a date, and a translation knows when its source changed."""

import pytest

from learning.content.loader import read_catalog
from learning.content.model import TextFile
from learning.content.review import normalised_text, set_header_values, source_hash, stale, stamp


@pytest.fixture
def courses(tiny):
    return tiny


def module_dir(courses):
    return courses / "tiny-course" / "tiny-module"


def test_reviewed_without_reviewer_or_date_is_an_error(courses):
    lesson = module_dir(courses) / "my" / "first.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace('"draft"', '"reviewed"'), encoding="utf-8")
    _, problems = read_catalog(courses)
    messages = {(p.path, p.line, p.message) for p in problems}
    path = "courses/tiny-course/tiny-module/my/first.md"
    assert (path, 3, 'status = "reviewed" needs reviewer: the native speaker who reviewed it') in messages
    assert (path, 3, 'status = "reviewed" needs reviewed_on: the date of the review (2025-03-01)') in messages


def test_reviewed_with_reviewer_and_date_is_kept(courses):
    catalog, problems = read_catalog(courses)
    assert problems == []
    info = catalog.course("tiny-course").module("tiny-module").lesson("second").texts["en"].info
    assert (info.status, info.reviewer, str(info.reviewed_on)) == ("reviewed", "test reviewer", "2025-01-15")


def test_reviewed_on_must_be_a_date(runner, courses):
    lesson = module_dir(courses) / "en" / "second.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("2025-01-15", '"last week"'), encoding="utf-8")
    result = runner.invoke(args=["courses", "check", "--root", str(courses)])
    assert result.exit_code == 1
    assert "tiny-module/en/second.md:6: reviewed_on must be a date such as 2025-03-01" in result.output


def test_a_translation_is_never_stamped_then_current_then_stale(runner, courses):
    result = runner.invoke(args=["courses", "stale", "--root", str(courses)])
    assert "courses/tiny-course/tiny-module/my/first.md: never stamped (source_hash; en source " in result.output
    assert "courses/tiny-course/my.toml: never stamped" in result.output
    listed = [line.split(":")[0] for line in result.output.splitlines()]
    assert not any("/en/" in path or path.endswith("/en.toml") for path in listed)  # English is the source

    result = runner.invoke(args=["courses", "stamp", "--lang", "my", "--root", str(courses)])
    assert result.exit_code == 0, result.output
    assert "stamped courses/tiny-course/tiny-module/my/first.md: source_hash = " in result.output
    assert runner.invoke(args=["courses", "stale", "--root", str(courses)]).output.strip() == "stale: none"

    source = module_dir(courses) / "en" / "first.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Keep receipts.", "Keep every receipt."), encoding="utf-8")
    result = runner.invoke(args=["courses", "stale", "--root", str(courses)])
    assert "courses/tiny-course/tiny-module/my/first.md: stale: the en source" in result.output
    assert "1 stale, 0 never stamped" in result.output


def test_stamping_changes_one_line_and_keeps_the_rest_byte_identical(courses):
    lesson = module_dir(courses) / "my" / "first.md"
    before = lesson.read_bytes()

    written = stamp(TextFile(lesson, "my"))

    after = lesson.read_bytes()
    lines_before, lines_after = before.split(b"\n"), after.split(b"\n")
    assert len(lines_after) == len(lines_before) + 1
    assert lines_after[4] == f'source_hash = "{written["source_hash"]}"'.encode()
    assert lines_after[:4] + lines_after[5:] == lines_before
    assert read_catalog(courses)[1] == []

    (module_dir(courses) / "en" / "first.md").write_text("+++\ntitle = \"x\"\nstatus = \"draft\"\nauthor = \"t\"\n+++\n")
    stamp(TextFile(lesson, "my"))
    assert len(lesson.read_bytes().split(b"\n")) == len(lines_after)  # replaced, not added again


def test_toml_text_is_stamped_before_its_first_table(courses):
    raw = 'status = "draft"\nauthor = "t"\ntitle = "x"\n\n[questions.a]\nprompt = "p"\n'
    stamped = set_header_values(raw, {"source_hash": "0123456789ab", "source_hash_my": "ba9876543210"}, False)
    assert stamped == (
        'status = "draft"\nauthor = "t"\nsource_hash = "0123456789ab"\nsource_hash_my = "ba9876543210"\n'
        'title = "x"\n\n[questions.a]\nprompt = "p"\n'
    )


def test_shan_is_compared_with_english_and_burmese(courses):
    shan = module_dir(courses) / "shn"
    shan.mkdir()
    (shan / "first.md").write_text('+++\ntitle = "ၵႃႈ"\nstatus = "draft"\nauthor = "t"\n+++\n\nၵႃႈ\n', encoding="utf-8")
    file = TextFile(shan / "first.md", "shn")
    assert {entry.key for entry in stale([file])} == {"source_hash", "source_hash_my"}
    stamp(file)
    assert stale([file]) == []


def test_a_new_review_status_in_the_source_does_not_make_translations_stale(courses):
    source = module_dir(courses) / "en" / "first.md"
    before = source_hash(source)
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            'status = "draft"', 'status = "reviewed"\nreviewer = "A"\nreviewed_on = 2025-02-01'
        ),
        encoding="utf-8",
    )
    assert source_hash(source) == before
    assert normalised_text("a  \r\nb\n\n\n", False) == "a\nb"


def test_a_hand_written_source_hash_is_an_error(courses):
    text = courses / "tiny-course" / "my.toml"
    text.write_text('source_hash = "latest"\n' + text.read_text(encoding="utf-8"), encoding="utf-8")
    _, problems = read_catalog(courses)
    assert [str(p) for p in problems] == [
        "courses/tiny-course/my.toml:1: source_hash must be 12 hex digits written by `flask courses stamp`"
    ]


def test_stamp_needs_files_or_a_language(runner, courses):
    result = runner.invoke(args=["courses", "stamp", "--root", str(courses)])
    assert result.exit_code == 2
    result = runner.invoke(args=["courses", "stamp", "--root", str(courses), str(courses / "tiny-course" / "course.toml")])
    assert result.exit_code == 2 and "not a text file" in result.output


def test_a_guide_translation_is_listed_and_stamped_like_a_lesson(runner, courses):
    guide = module_dir(courses) / "guide"
    guide.mkdir()
    (guide / "en.md").write_text('+++\ntitle = "Guide"\nstatus = "draft"\nauthor = "t"\n+++\n\n## Goal\n\nText.\n')
    (guide / "my.md").write_text('+++\ntitle = "လမ်းညွှန်"\nstatus = "draft"\nauthor = "t"\n+++\n\n## ရည်မှန်းချက်\n\nစာ။\n')
    result = runner.invoke(args=["courses", "stale", "--root", str(courses)])
    assert "tiny-module/guide/my.md: never stamped (source_hash; en source " in result.output
    result = runner.invoke(args=["courses", "stamp", str(guide / "my.md"), "--root", str(courses)])
    assert result.exit_code == 0, result.output
    assert "guide/my.md: stale" not in runner.invoke(args=["courses", "stale", "--root", str(courses)]).output
    assert "guide/my.md: never" not in runner.invoke(args=["courses", "stale", "--root", str(courses)]).output
