"""Myanmar time, where every date is decided: "today", the day something happened, the days a filter covers.

The server's clock runs in UTC; Myanmar is UTC+06:30 all year (no daylight saving), so a session held at
06:00 in Myanmar happened "yesterday" in UTC. Times are stored in UTC; days are Myanmar days.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

import learning.db

MYANMAR_TIME = timezone(timedelta(hours=6, minutes=30), "MMT")


def today() -> date:
    """Today's date in Myanmar."""
    return myanmar_date(learning.db.utcnow())


def myanmar_date(moment: datetime) -> date:
    """The Myanmar day of a stored moment (a naive value is taken as UTC, as SQLite gives it back)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(MYANMAR_TIME).date()


class myanmar_day(FunctionElement):  # noqa: N801 (used like a SQL function)
    """In SQL: the Myanmar day of a stored moment, as myanmar_date gives it in Python, for queries that return many
    of them (the database does in one step what Python would do in four per row)."""

    type = Date()
    inherit_cache = True


@compiles(myanmar_day, "sqlite")
def _myanmar_day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+390 minutes')"  # stored as naive UTC text


@compiles(myanmar_day)
def _myanmar_day_postgresql(element, compiler, **kw):
    return f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE INTERVAL '+06:30' AS DATE)"


def day_start(day: date) -> datetime:
    """The UTC moment at which a Myanmar day begins."""
    return datetime.combine(day, time(0), MYANMAR_TIME).astimezone(UTC)


def within_days(column, since: date | None, until: date | None) -> list:
    """Conditions: a timestamp column falls on a Myanmar day from `since` to `until` (both included). A bound at
    the very ends of the calendar (1 January of year 1, 31 December 9999) bounds nothing."""
    conditions = []
    if since and since > date.min:
        conditions.append(column >= day_start(since))
    if until and until < date.max:
        conditions.append(column < day_start(until + timedelta(days=1)))
    return conditions
