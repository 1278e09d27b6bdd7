"""A household session's last-seen time is written at most once a minute, and the session rules still hold.

The clock the session check reads is moved by hand (learning.auth.household_session.utcnow); the statements a
request runs are watched on the app's engine. Nothing here measures time.
"""
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from learning.auth import household_session
from learning.households import services
from learning.households.models import HouseholdSession

LESSON = "/learn/money-and-migration/sending-money-home/true-cost"
PROGRESS = "/learn/my-progress"
WRITES = ("INSERT", "UPDATE", "DELETE")


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def stored(db):
    """The household session row as the database holds it now."""

    def read() -> HouseholdSession:
        db.rollback()
        db.expire_all()
        return db.scalars(select(HouseholdSession)).one()

    return read


@pytest.fixture
def clock(monkeypatch, member_client, stored):
    """The session check's clock, starting at the last-seen time written at sign-in."""
    found = Clock(stored().last_seen_at)
    monkeypatch.setattr(household_session, "utcnow", found)
    return found


@pytest.fixture
def statements(app):
    """Every SQL statement the app runs, as sent to the database (BEGIN included on SQLite)."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()).upper())

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def writes(seen: list[str]) -> list[str]:
    return [s for s in seen if s.startswith(WRITES) or s.startswith("BEGIN IMMEDIATE")]


def session_updates(seen: list[str]) -> list[str]:
    return [s for s in seen if s.startswith("UPDATE HOUSEHOLD_SESSIONS")]


def test_a_signed_in_request_within_a_minute_of_the_last_write_writes_nothing(member_client, clock, statements,
                                                                               stored):
    signed_in_at = clock.now
    assert member_client.get(LESSON).status_code == 200  # the first visit records the lesson as read
    clock.now = signed_in_at + timedelta(seconds=59)
    statements.clear()
    for url in (LESSON, PROGRESS, LESSON):
        response = member_client.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert statements, "the session is read from the database"
    assert writes(statements) == []  # no write, and on SQLite no write transaction either
    assert stored().last_seen_at == signed_in_at


def test_a_signed_in_request_a_minute_after_the_last_write_writes_it_once(member_client, clock, statements,
                                                                         stored):
    clock.now += timedelta(seconds=61)
    statements.clear()
    assert member_client.get(PROGRESS).status_code == 200
    assert len(session_updates(statements)) == 1
    assert sum(s.startswith("BEGIN IMMEDIATE") for s in statements) <= 1  # the page's own reads take no lock
    assert stored().last_seen_at == clock.now

    touched_at = clock.now
    clock.now += timedelta(seconds=30)
    statements.clear()
    assert member_client.get(PROGRESS).status_code == 200
    assert session_updates(statements) == []
    assert stored().last_seen_at == touched_at


def test_a_session_in_use_stays_signed_in_and_is_written_about_once_a_minute(member_client, clock, statements,
                                                                              stored):
    started = clock.now
    statements.clear()
    for step in range(1, 25):  # a request every 50 seconds for 20 minutes
        clock.now = started + timedelta(seconds=50 * step)
        assert member_client.get(PROGRESS).status_code == 200
    assert len(session_updates(statements)) == 12  # at 100 s, 200 s, ... 1200 s
    assert stored().last_seen_at == started + timedelta(seconds=1200)
    assert stored().ended_at is None


def test_the_idle_limit_still_ends_the_session(member_client, clock, stored):
    clock.now += timedelta(minutes=15, seconds=1)
    response = member_client.get(PROGRESS)
    assert response.status_code == 302 and "/household/sign-in" in response.headers["Location"]
    assert stored().ended_at == clock.now


def test_the_idle_limit_counts_from_the_stored_last_seen_so_a_session_never_outlives_it(member_client, clock,
                                                                                         stored):
    """A request within the minute leaves last-seen as it was: the session then ends 15 minutes after the stored
    time, a little under 15 minutes after that request, never later."""
    signed_in_at = clock.now
    clock.now = signed_in_at + timedelta(seconds=40)
    assert member_client.get(PROGRESS).status_code == 200
    assert stored().last_seen_at == signed_in_at
    clock.now = signed_in_at + timedelta(minutes=15, seconds=1)  # 14 min 21 s after the last request
    assert member_client.get(PROGRESS).status_code == 302
    clock.now = signed_in_at + timedelta(seconds=41)  # an ended session stays ended, whatever the clock says
    assert member_client.get(PROGRESS).status_code == 302
    assert stored().ended_at is not None


def test_the_eight_hour_limit_still_ends_a_session_in_use(member_client, clock):
    started = clock.now
    for minutes in range(10, 8 * 60, 10):
        clock.now = started + timedelta(minutes=minutes)
        assert member_client.get(PROGRESS).status_code == 200
    clock.now = started + timedelta(hours=8, seconds=1)
    assert member_client.get(PROGRESS).status_code == 302


def test_two_workers_touching_at_once_write_harmlessly_and_never_move_last_seen_back(member_client, clock, db,
                                                                                      stored):
    rules = services.SessionPolicy(idle=timedelta(minutes=15), absolute=timedelta(hours=8))
    found = stored()
    later = clock.now + timedelta(seconds=90)
    services.touch_session(db, found, later, rules)
    db.commit()
    # a second worker read the same old last-seen time, decided to touch too, and its clock is a little behind
    services.touch_session(db, found, later - timedelta(seconds=1), rules)
    db.commit()
    assert stored().last_seen_at == later
    clock.now = later + timedelta(seconds=10)
    assert member_client.get(PROGRESS).status_code == 200


def test_a_lesson_read_before_opens_no_orm_session(app, member_client):
    """The signed-in page that is asked most (a lesson opened again) costs one lookup, not an ORM session."""
    assert member_client.get(LESSON).status_code == 200  # the first visit records the read
    opened = []
    factory = app.extensions["db_sessionmaker"]

    def counting_factory(*args, **kwargs):
        opened.append(1)
        return factory(*args, **kwargs)

    app.extensions["db_sessionmaker"] = counting_factory
    try:
        again = member_client.get(LESSON)
    finally:
        app.extensions["db_sessionmaker"] = factory
    assert again.status_code == 200 and again.headers["Cache-Control"] == "no-store"
    assert opened == []
    assert member_client.get(PROGRESS).status_code == 200  # pages that need more still read through the ORM


def test_the_session_lookup_gives_plain_values_with_aware_times(app, member_client, stored):
    row = stored()
    with app.app_context():
        found = services._SIGNED_IN.first(token_hash=row.id)
        assert services._SIGNED_IN.first(token_hash="0" * 64) is None
    signed = services.SignedIn(*found)
    assert signed.id == row.id and signed.household_id == row.household_id and signed.member_id == row.member_id
    assert signed.member_name and signed.member_language
    assert signed.last_seen_at.utcoffset() is not None and signed.created_at.utcoffset() is not None
