"""Database connections on PostgreSQL: pages that only read run without BEGIN/ROLLBACK round trips, a GET never
writes outside a transaction, and a pooled connection that died while idle is replaced, not handed to a page."""
from __future__ import annotations

import pytest
from sqlalchemy import event, text

from learning import db as database
from learning.audit import record
from learning.db import make_engine
from tests.conftest import database_url, is_postgres

pytestmark = pytest.mark.skipif(not is_postgres(), reason="PostgreSQL's connections and transactions")


def test_a_page_that_only_reads_runs_outside_a_transaction(app, auth):
    """No BEGIN and no ROLLBACK round trips around a page that only reads: its statements run in autocommit."""
    auth.new_staff("coordinator")
    modes: list[bool] = []
    engine = app.extensions["db_engine"]

    def note(conn, cursor, statement, *rest):
        modes.append(conn.connection.dbapi_connection.autocommit)

    event.listen(engine, "before_cursor_execute", note)
    try:
        assert auth.client.get("/reports/").status_code == 200
        reading = len(modes)
        assert auth.client.get("/reports/completions.csv").status_code == 200  # writes its audit entry first
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert reading > 3 and all(modes[:reading])
    assert not all(modes[reading:])  # the export's audit entry is written in a real transaction


def test_a_get_that_writes_without_begin_writing_is_refused(app):
    with app.test_request_context("/"):
        with pytest.raises(RuntimeError, match="begin_writing"):
            record(database.session, "household.unlock", "household", 1)
        database.session.rollback()
        database.begin_writing()
        record(database.session, "household.unlock", "household", 1)  # inside a real transaction now
        database.session.rollback()


def test_a_connection_that_died_while_idle_is_replaced(app, auth, monkeypatch):
    monkeypatch.setattr("learning.db.PING_AFTER_IDLE_SECONDS", 0)
    auth.new_staff("coordinator")
    assert auth.client.get("/reports/").status_code == 200
    other = make_engine(database_url())  # end the site's pooled connections, as a server restart would
    with other.connect() as conn:
        ended = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                  "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
        conn.commit()
    other.dispose()
    assert ended >= 1
    assert auth.client.get("/reports/").status_code == 200
