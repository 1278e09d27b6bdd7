"""Progress: lessons read once, ticks on the course page, a member's page and the household's."""
import re

from sqlalchemy import func, select

from learning.learn.models import LessonRead, Source
from tests.conftest import csrf_token

LESSON = "/learn/money-and-migration/sending-money-home/true-cost"


def _reads(db):
    db.rollback()
    db.expire_all()
    return db.scalars(select(LessonRead)).all()


def test_opening_a_lesson_records_it_once_and_keeps_the_first_time(member_client, household, db):
    member_client.get(LESSON)
    first = _reads(db)
    assert len(first) == 1
    read = first[0]
    assert (read.member_id, read.module_id, read.lesson_id, read.source) == (
        household.members[0].id, "sending-money-home", "true-cost", Source.PHONE)
    assert read.content_version
    member_client.get(LESSON)
    again = _reads(db)
    assert len(again) == 1 and again[0].read_at == read.read_at


def test_reading_without_a_member_records_nothing(client, db):
    client.get(LESSON)
    assert _reads(db) == []


def test_the_course_page_shows_ticks_and_quiz_states(member_client):
    member_client.get(LESSON)
    html = member_client.get("/learn/money-and-migration/?lang=en").text
    assert html.count('class="tick"') == 1
    assert html.count("Quiz not tried") == 2


def test_my_progress_counts_lessons_read_per_module(member_client):
    member_client.get(LESSON)
    member_client.get("/learn/money-and-migration/household-budget/income")
    html = member_client.get("/learn/my-progress?lang=en").text
    assert html.count("Lessons read: 1 of 5") == 2


def test_the_household_page_shows_every_member_side_by_side(auth, member_client, household, db):
    member_client.get(LESSON)
    auth.choose(household.members[2])
    for lesson in ("ways-to-send", "true-cost"):
        member_client.get(f"/learn/money-and-migration/sending-money-home/{lesson}")
    html = member_client.get("/learn/household-progress?lang=en").text
    for member in household.members:
        assert member.name in html
    assert "1 of 5 lessons" in html and "2 of 5 lessons" in html and "0 of 5 lessons" in html
    assert db.scalar(select(func.count()).select_from(LessonRead)) == 3


def test_record_read_tells_whether_it_was_the_first_time(app, household, db):
    from learning.learn.library import catalog
    from learning.learn.services import record_read

    with app.app_context():
        module = catalog().course("money-and-migration").module("sending-money-home")
    member_id = household.members[0].id
    assert record_read(db, member_id, module, "true-cost") is True
    assert record_read(db, member_id, module, "true-cost") is False
    db.commit()


def test_continue_leads_to_the_first_unread_lesson_then_the_quiz(member_client):
    from tests.web.test_quiz import MODULE, QUIZ_URL, right_answers

    course = "/learn/money-and-migration/"
    first = f"/learn/money-and-migration/sending-money-home/{MODULE.lessons[0].id}"
    # the course's knowledge check comes first (tests/web/test_knowledge_check.py); skipped here
    check = member_client.get("/learn/money-and-migration/check").text
    member_client.post("/learn/money-and-migration/check", data={"skip": "1", "csrf_token": csrf_token(check),
                       "submission_id": re.search(r'name="submission_id" type="hidden" value="([^"]+)"', check)[1]})
    for page in (course, "/learn/my-progress"):
        html = member_client.get(f"{page}?lang=en").text
        assert f'<p class="continue"><a class="button" href="{first}">Continue: Ways to send money home</a>' in html
    for lesson in MODULE.lessons[:2]:
        member_client.get(f"/learn/money-and-migration/sending-money-home/{lesson.id}")
    html = member_client.get(f"{course}?lang=en").text
    assert f'href="/learn/money-and-migration/sending-money-home/{MODULE.lessons[2].id}">Continue:' in html
    for lesson in MODULE.lessons[2:]:
        member_client.get(f"/learn/money-and-migration/sending-money-home/{lesson.id}")
    html = member_client.get("/learn/my-progress?lang=en").text
    assert f'href="{QUIZ_URL}">Continue: the quiz of Sending money home</a>' in html

    page = member_client.get(QUIZ_URL + "?lang=en").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    submission = re.search(r'name="submission_id" type="hidden" value="([^"]+)"', page).group(1)
    member_client.post(QUIZ_URL + "?lang=en", data={**right_answers(), "csrf_token": token, "submission_id": submission})
    html = member_client.get(f"{course}?lang=en").text
    assert 'href="/learn/money-and-migration/household-budget/income">Continue: ' in html


def test_there_is_no_continue_without_a_member(client):
    assert 'class="continue"' not in client.get("/learn/money-and-migration/?lang=en").text
