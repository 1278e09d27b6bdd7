"""Nothing assumes one course: with a second (small) course beside the real one, boards, paper results,
certificates, exports, the dashboard, progress and synthetic data all carry both."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from learning.certificates.models import Certificate
from learning.config import PROJECT_ROOT
from learning.learn.library import catalog
from learning.learn.models import QuizAttempt
from tests.builders import PIN, make_group, make_household, pass_module
from tests.conftest import csrf_token

TINY = Path(__file__).resolve().parents[1] / "data" / "courses" / "minimal" / "tiny-course"
FIRST, SECOND = "money-and-migration", "tiny-course"


@pytest.fixture
def app_config(app_config, tmp_path):
    """The real course and the tiny test course side by side."""
    folder = tmp_path / "courses"
    folder.mkdir()
    (folder / FIRST).symlink_to(PROJECT_ROOT / "courses" / FIRST, target_is_directory=True)
    (folder / SECOND).symlink_to(TINY, target_is_directory=True)
    return {**app_config, "COURSES_DIR": str(folder)}


@pytest.fixture
def world(auth, db):
    client, facilitator = auth.staff_client("facilitator")
    household = make_household(db, members=2)
    group = make_group(db, facilitator, [household])
    db.commit()
    return client, group, household


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_catalogue_has_both_courses(app):
    with app.app_context():
        assert [c.id for c in catalog().courses] == [FIRST, SECOND]


def test_the_board_shows_every_course_and_paper_results_reach_the_second(app, db, world):
    client, group, household = world
    board = client.get(f"/facilitate/groups/{group.id}?lang=en").text
    assert "Tiny course" in board and f"/paper/{SECOND}/tiny-module" in board and f"/paper/{FIRST}/" in board
    url = f"/facilitate/groups/{group.id}/paper/{SECOND}/tiny-module"
    page = client.get(url + "?lang=en")
    assert page.status_code == 200 and "Which one? (en)" in page.text
    member = household.members[0]
    response = client.post(url, data={"csrf_token": csrf_token(page.text), "submission_id": "tinypaper0000000001",
                                      f"m{member.id}-pick-one": "a", f"m{member.id}-how-much": "1500"})
    assert response.status_code == 302
    db.rollback()
    attempt = db.scalar(select(QuizAttempt).where(QuizAttempt.member_id == member.id))
    assert (attempt.course_id, attempt.module_id, attempt.passed) == (SECOND, "tiny-module", True)
    certificate = db.scalar(select(Certificate).where(Certificate.member_id == member.id))
    assert certificate.course_id == SECOND  # the one module of the tiny course: complete, certified at once
    assert client.get(f"/facilitate/groups/{group.id}/paper/{SECOND}/sending-money-home").status_code == 404


def test_the_certificate_list_shows_who_waits_in_each_course(app, db, world):
    client, group, household = world
    with app.app_context():
        tiny = catalog().course(SECOND)
        pass_module(db, household.members[1], tiny.modules[0])
    db.commit()
    page = client.get("/facilitate/certificates?lang=en").text
    assert "Tiny course" in page and household.members[1].name in page


def test_exports_have_a_row_per_member_and_course_and_a_course_filter(auth, app, world):
    _client, group, household = world
    coordinator, _ = auth.staff_client("coordinator")
    rows = _csv(coordinator.get("/reports/completions.csv?lang=en"))
    header, body = rows[0], rows[1:]
    course = header.index("Course")
    assert sorted(r[course] for r in body) == sorted([catalog_title(app, FIRST), "Tiny course"] * 2)
    assert len(body) == 4 and "Module 1: lessons read" in header
    only = _csv(coordinator.get(f"/reports/completions.csv?lang=en&course={SECOND}"))
    assert {r[only[0].index("Course")] for r in only[1:]} == {"Tiny course"} and len(only) == 3
    assert "Tiny module en: lessons read" in only[0]


def catalog_title(app, course_id: str) -> str:
    with app.test_request_context("/?lang=en"):
        from learning.learn.library import text_for

        return text_for(catalog().course(course_id).texts, "en").title


def test_the_dashboard_shows_every_course(auth, app, world):
    coordinator, _ = auth.staff_client("coordinator")
    page = coordinator.get("/reports/?lang=en").text
    assert catalog_title(app, FIRST) in page and "Tiny course" in page
    filtered = coordinator.get(f"/reports/?lang=en&course={SECOND}").text
    assert "Tiny course" in filtered and f"<h2>{catalog_title(app, FIRST)}</h2>" not in filtered


def test_progress_pages_show_every_course_and_its_certificate(auth, app, db, client):
    household = make_household(db, members=1)
    with app.app_context():
        tiny = catalog().course(SECOND)
    db.commit()
    assert auth.household(household.code, PIN).status_code == 302
    assert auth.choose(household.members[0]).status_code == 302
    page = client.get(f"/learn/{SECOND}/tiny-module/quiz?lang=en").text
    response = client.post(f"/learn/{SECOND}/tiny-module/quiz", data={
        "csrf_token": csrf_token(page), "submission_id": page.split('name="submission_id" type="hidden" value="')[1]
        .split('"')[0], "q-pick-one": "a", "q-how-much": "1500"})
    assert response.status_code == 302
    progress = client.get("/learn/my-progress?lang=en").text
    assert "Tiny course" in progress and "You have completed this course." in progress
    assert "/learn/certificates/" in progress  # the certificate's download link, from the certificates package
    assert [m.id for m in tiny.modules] == ["tiny-module"]


def test_synthetic_data_covers_every_course(app, db, runner):
    result = runner.invoke(args=["demo", "synth", "--households", "40", "--seed", "3"])
    assert result.exit_code == 0, result.output
    db.rollback()
    courses = set(db.scalars(select(QuizAttempt.course_id).distinct()))
    assert courses == {FIRST, SECOND}
    assert db.scalar(select(func.count()).select_from(Certificate).where(Certificate.course_id == SECOND)) > 0


def test_a_karen_reader_of_a_module_not_yet_in_karen_gets_burmese_and_a_note(app, client):
    """The tiny course has Burmese and English only (every module of the real course is in Karen now)."""
    from learning.i18n.languages import LANGUAGES

    with app.app_context():
        lesson = catalog().course(SECOND).module("tiny-module").lesson("first")
    assert "ksw" not in lesson.texts
    response = client.get(f"/learn/{SECOND}/tiny-module/first?lang=ksw")
    assert lesson.texts["my"].title in response.text
    assert LANGUAGES["ksw"].autonym in response.text  # the note names the language asked for
    assert lesson.texts["en"].title not in response.text  # never English for a Karen reader
