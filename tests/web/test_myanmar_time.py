"""Dates are Myanmar days (UTC+06:30), whatever the server's clock: "today", the day a thing happened, and the
days a filter covers."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from learning import clock
from learning.facilitate.models import GroupSession
from tests.builders import make_group, make_household
from tests.conftest import csrf_token

# 00:30 on 5 December in Myanmar is still 4 December in UTC.
EARLY_MORNING_IN_MYANMAR = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)


@pytest.fixture
def early_morning(monkeypatch):
    monkeypatch.setattr("learning.db.utcnow", lambda: EARLY_MORNING_IN_MYANMAR)


def test_today_is_the_day_in_myanmar(early_morning):
    assert clock.today() == date(2026, 12, 5)
    assert clock.myanmar_date(datetime(2026, 12, 4, 17, 29)) == date(2026, 12, 4)  # naive values are UTC
    assert clock.myanmar_date(datetime(2026, 12, 4, 17, 30, tzinfo=UTC)) == date(2026, 12, 5)


def test_a_myanmar_day_starts_at_half_past_five_the_evening_before_in_utc():
    assert clock.day_start(date(2026, 12, 5)) == datetime(2026, 12, 4, 17, 30, tzinfo=UTC)


def test_a_session_held_this_morning_in_myanmar_is_not_in_the_future(auth, db, early_morning):
    client, facilitator = auth.staff_client("facilitator")
    household = make_household(db, members=1)
    group = make_group(db, facilitator, [household])
    db.commit()
    page = client.get(f"/facilitate/groups/{group.id}/sessions/new?lang=en").text
    assert 'value="2026-12-05"' in page  # the form proposes today's date in Myanmar
    submission = page.split('name="submission_id" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_token(page), "submission_id": submission, "held_on": "2026-12-05",
            f"attendance-{household.members[0].id}": "present"}
    assert client.post(f"/facilitate/groups/{group.id}/sessions/new", data=data).status_code == 302
    tomorrow = client.post(f"/facilitate/groups/{group.id}/sessions/new?lang=en",
                           data={**data, "held_on": "2026-12-06", "submission_id": submission + "x"})
    assert tomorrow.status_code == 400 and "cannot be in the future" in tomorrow.text
    db.rollback()
    assert db.scalar(select(func.count()).select_from(GroupSession)) == 1


def test_date_filters_at_the_ends_of_the_calendar_bound_nothing():
    from learning.households.models import Household

    assert clock.within_days(Household.created_at, date.min, date.max) == []
    assert len(clock.within_days(Household.created_at, date(1, 1, 2), date(9999, 12, 30))) == 2
