"""Progress: lessons read once, ticks on the course page, a member's page and the household's."""
from sqlalchemy import func, select

from learning.learn.models import LessonRead, Source

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
