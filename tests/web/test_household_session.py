"""Shared phones: one tap to switch person, sessions that end, and no way back in with an old cookie."""
from datetime import timedelta

from sqlalchemy import select

from learning.db import utcnow
from learning.households.models import HouseholdSession
from tests.builders import PIN, make_household

LESSON = "/learn/money-and-migration/sending-money-home/true-cost"


def test_choosing_a_member_takes_one_tap_and_switches_to_their_language(auth, client, household):
    auth.household(household.code, PIN)
    shan_speaker = household.members[1]
    assert shan_speaker.preferred_language == "shn"
    response = auth.choose(shan_speaker)
    assert response.status_code == 302
    page = client.get("/learn/my-progress")
    assert '<html lang="shn">' in page.text and shan_speaker.name in page.text


def test_every_page_has_switch_person_and_a_sign_out_button(member_client):
    for url in ("/", "/learn/", LESSON, "/learn/my-progress", "/tools/budget"):
        html = member_client.get(url + "?lang=en").text
        assert 'href="/household/"' in html and "Switch person" in html
        assert 'action="/household/sign-out"' in html and 'method="post"' in html


def test_the_next_person_does_not_act_as_the_previous_one(auth, member_client, household):
    first, second = household.members[0], household.members[1]
    member_client.get(LESSON)
    auth.choose(second)
    page = member_client.get("/learn/my-progress?lang=en").text
    assert second.name in page and first.name not in page
    assert "Lessons read: 0 of 5" in page


def test_a_member_of_another_household_cannot_be_chosen(auth, member_client, db):
    other = make_household(db, members=1, code="OTHR-0001")
    db.commit()
    assert auth.choose(other.members[0]).status_code == 404


def test_sign_out_ends_the_session_and_the_old_cookie_signs_nobody_in(auth, app, member_client):
    old_cookie = member_client.get_cookie("tl_session").value
    assert auth.sign_out().status_code == 302
    assert member_client.get("/learn/my-progress").status_code == 302
    replay = app.test_client()
    replay.set_cookie("tl_session", old_cookie)
    response = replay.get("/learn/my-progress")
    assert response.status_code == 302 and "/household/sign-in" in response.headers["Location"]


def test_sign_out_is_post_only(member_client):
    assert member_client.get("/household/sign-out").status_code == 405
    assert member_client.get("/learn/my-progress").status_code == 200


def _age_session(db, **changes):
    db.rollback()
    db.expire_all()
    session = db.scalars(select(HouseholdSession)).one()
    for name, delta in changes.items():
        setattr(session, name, getattr(session, name) - delta)
    db.commit()


def test_the_session_ends_after_15_minutes_idle(member_client, db):
    assert member_client.get("/learn/my-progress").status_code == 200
    _age_session(db, last_seen_at=timedelta(minutes=16))
    assert member_client.get("/learn/my-progress").status_code == 302


def test_the_session_ends_after_8_hours_in_all(member_client, db):
    _age_session(db, created_at=timedelta(hours=8, minutes=1))
    assert member_client.get("/learn/my-progress").status_code == 302


def test_the_session_stays_while_in_use(member_client, db):
    _age_session(db, last_seen_at=timedelta(minutes=14))
    assert member_client.get("/learn/my-progress").status_code == 200
    db.rollback()
    db.expire_all()
    assert utcnow() - db.scalars(select(HouseholdSession)).one().last_seen_at < timedelta(minutes=1)


def test_the_session_cookie_changes_at_sign_in_and_is_not_remembered(auth, client, household):
    client.get("/household/sign-in")
    before = client.get_cookie("tl_session").value
    response = auth.household(household.code, PIN)
    after = client.get_cookie("tl_session").value
    assert before != after
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("tl_session="))
    assert "Expires" not in cookie and "Max-Age" not in cookie  # gone when the browser closes
    assert "remember" not in client.get("/household/sign-in").text.lower()


def test_signing_in_a_household_signs_staff_out_on_that_device(client, household, auth):
    auth.new_staff("facilitator")
    assert client.get("/staff/").status_code == 200
    auth.household(household.code, PIN)
    assert client.get("/staff/").status_code == 302


def test_signed_in_pages_are_not_stored(member_client):
    for url in (LESSON, "/learn/", "/learn/my-progress", "/household/"):
        assert member_client.get(url).headers["Cache-Control"] == "no-store"


def test_household_pages_need_a_sign_in(client):
    for url in ("/household/", "/learn/my-progress", "/learn/household-progress",
                "/learn/money-and-migration/sending-money-home/quiz"):
        response = client.get(url)
        assert response.status_code == 302 and "/household/sign-in" in response.headers["Location"]


def test_quizzes_need_a_member_chosen(auth, client, household):
    auth.household(household.code, PIN)
    response = client.get("/learn/money-and-migration/sending-money-home/quiz")
    assert response.status_code == 302 and response.headers["Location"].startswith("/household/?next=")
