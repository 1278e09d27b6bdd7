"""Fuzzing every form with Hypothesis: profiles, and a watch on responses and on what the database holds.

Profiles (choose with HYPOTHESIS_PROFILE=<name>):
- ``ci`` (the default when the CI variable is set): a modest number of examples, derandomized, so that every
  CI run tries the same inputs and a red build can be reproduced exactly; no example database is written.
- ``dev`` (the default otherwise): as many examples, but new ones each run, and failures are saved in
  .hypothesis/ and tried first next time.
- ``deep``: many more examples, to hunt for bugs before a release.

Each test runs many examples against one app and database, so nothing is compared with zero: every example
counts the rows of every table before and after, and a request that did not succeed must have changed nothing.
After every example no text may be longer than its column (SQLite would keep it; PostgreSQL refuses it).
"""
from __future__ import annotations

import logging
import os

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis.control import currently_in_test_context
from sqlalchemy import String, func, select

from learning.extensions import limiter
from learning.models import metadata

_COMMON = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.large_base_example,
                           HealthCheck.filter_too_much],
    print_blob=True,
)
settings.register_profile("ci", max_examples=75, derandomize=True, **_COMMON)
settings.register_profile("dev", max_examples=75, **_COMMON)
settings.register_profile("deep", max_examples=1000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def app(app, tmp_path):
    """The test app, keeping uploaded import files in the test's own folder."""
    app.instance_path = str(tmp_path / "instance")
    return app


class _Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


class Watch:
    """Counts the rows of every table, and checks each response for a crash."""

    def __init__(self, app, db):
        self.app, self.db = app, db
        self.errors = _Errors()
        self.tables = list(metadata.sorted_tables)
        self._count = select(*[select(func.count()).select_from(t).scalar_subquery().label(t.name)
                               for t in self.tables])
        # Rows whose text is longer than its column: SQLite keeps them, PostgreSQL refuses them with a 500.
        self._too_long = select(*[
            select(func.count()).select_from(t).where(func.length(c) > c.type.length).scalar_subquery()
            .label(f"{t.name}.{c.name}")
            for t in self.tables for c in t.columns if isinstance(c.type, String) and c.type.length])

    def counts(self) -> dict[str, int]:
        """Rows in every table, as committed now."""
        self.db.rollback()
        self.db.expire_all()
        counts = dict(self.db.execute(self._count).one()._mapping)
        self.db.rollback()
        return counts

    def start(self) -> dict[str, int]:
        """Before an example: forget rate-limit counts and logged errors; the row counts to compare with."""
        limiter.reset()
        self.errors.records.clear()
        return self.counts()

    def changes(self, before: dict[str, int]) -> dict[str, int]:
        """The tables whose row count changed since `before`, with the change."""
        after = self.counts()
        too_long = {column: n for column, n in self.db.execute(self._too_long).one()._mapping.items() if n}
        self.db.rollback()
        assert not too_long, f"text longer than its column in {too_long}"
        changed = {name: after[name] - before[name] for name in after if after[name] != before[name]}
        _event("saved: " + ", ".join(sorted(changed)) if changed else "saved nothing")
        return changed

    def check(self, response, allowed: set[int] | None = None, sent=()):
        """Read the whole body (a streamed export fails while streaming), then: no 500, no logged crash, and
        one of the statuses the page is meant to answer with; 400 whenever a form sent a NUL character."""
        body = response.get_data().decode("utf-8", "replace")  # or an XLSX
        _event(f"{response.request.method} {response.status_code}")
        crashes = [r.getMessage() for r in self.errors.records]
        assert response.status_code < 500, (response.status_code, crashes, body[:500])
        assert not crashes, crashes
        if any(carries_nul(part) for part in sent):
            allowed = {400}
        if allowed is not None:
            assert response.status_code in allowed, (response.status_code, body[:2000])
        return response

    def get(self, client, url: str, allowed: set[int] | None = None, query=None, **kwargs):
        """GET and check."""
        return self.check(client.get(url, query_string=query, **kwargs), allowed)

    def post(self, client, url: str, allowed: set[int] | None = None, data=None, query=None, **kwargs):
        """POST and check."""
        response = client.post(url, data=data, query_string=query, **kwargs)
        return self.check(response, allowed, sent=(data,))


def _event(text: str) -> None:
    """Count an outcome in Hypothesis' statistics (pytest --hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(text)


def carries_nul(fields) -> bool:
    """True when a form field's name or value (files aside) contains NUL: the app refuses those with 400."""
    if not fields:
        return False
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        if "\x00" in name or any(isinstance(v, str) and "\x00" in v for v in values):
            return True
    return False


@pytest.fixture
def watch(app, db):
    found = Watch(app, db)
    app.logger.addHandler(found.errors)
    yield found
    app.logger.removeHandler(found.errors)
