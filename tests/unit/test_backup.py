"""``flask db backup`` and ``flask db restore``: a consistent copy while the site writes, restored into a new
database with the same rows (SQLite: VACUUM INTO; PostgreSQL: pg_dump/pg_restore)."""
import os
import sqlite3
import stat
import threading
import uuid

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from learning.audit.models import AuditEntry
from learning.cli.backup import row_counts
from learning.db import make_engine, utcnow
from learning.households.models import Household, Member, Relation, Sex
from tests.conftest import is_postgres


def _household(number: str) -> Household:
    """A household of two, as one registration writes it (the audit entry is added by the caller)."""
    return Household(
        code=number, code_key=number, township_pcode="MMR011001", village="ရွာသစ်", phone="09421555777",
        consent_recorded_at=utcnow(), consent_language="my", consent_text_version="test", pin_hash="x",
        members=[Member(name=f"name {number}", father_name="ဦးဘ", sex=Sex.FEMALE, birth_year=1990,
                        relation=Relation.HEAD, preferred_language="my"),
                 Member(name=f"child {number}", father_name="ဦးဘ", sex=Sex.MALE, birth_year=2010,
                        relation=Relation.CHILD, preferred_language="my")],
    )


def _register(session: Session, number: str) -> None:
    household = _household(number)
    session.add(household)
    session.flush()
    session.add(AuditEntry(action="household.register", subject_type="household", subject_id=household.id,
                           details={}))


class Writer(threading.Thread):
    """Registers households, one transaction each, until stopped; counts its commits."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.engine = make_engine(url)
        self.stop = threading.Event()
        self.commits = 0
        self.error: BaseException | None = None

    def run(self):
        try:
            while not self.stop.is_set():
                with Session(self.engine) as session:
                    _register(session, f"W{self.commits:07d}")
                    session.commit()
                self.commits += 1
        except BaseException as error:  # reported by the test
            self.error = error
        finally:
            self.engine.dispose()


@pytest.fixture
def restore_url(app_config, tmp_path):
    """A database URL that does not exist yet, dropped afterwards."""
    if not is_postgres():
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"restore_{uuid.uuid4().hex[:12]}"
    url = make_url(app_config["DATABASE_URL"]).set(database=name)
    yield url.render_as_string(hide_password=False)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _seed(app, households: int) -> None:
    engine = app.extensions["db_engine"]
    with Session(engine) as session:
        for number in range(households):
            _register(session, f"S{number:07d}")
        session.commit()


def test_a_backup_taken_while_the_site_writes_restores_whole_transactions(app, runner, tmp_path, restore_url):
    url = app.config["DATABASE_URL"]
    _seed(app, 1500)  # enough rows that the copy takes a while
    before = row_counts(url)
    writer = Writer(url)  # one registration after another: at any moment, one is half-written
    writer.start()
    while writer.commits < 5 and writer.is_alive():
        threading.Event().wait(0.01)
    commits_at_start = writer.commits
    target = tmp_path / "backup.file"
    result = runner.invoke(args=["db", "backup", str(target)])
    commits_at_end = writer.commits
    writer.stop.set()
    writer.join()
    assert writer.error is None
    assert result.exit_code == 0, result.output
    assert "integrity: ok" in result.output
    assert commits_at_end > commits_at_start, "the writer must have been writing during the backup"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600  # personal data: readable by its owner only
    after = row_counts(url)

    restored = runner.invoke(args=["db", "restore", str(target), "--into", restore_url])
    assert restored.exit_code == 0, restored.output
    assert "integrity: ok" in restored.output
    counts = row_counts(restore_url)
    for table in ("households", "members", "audit_log"):
        assert before[table] <= counts[table] <= after[table], table
    assert counts["townships"] == before["townships"] and counts["states"] == before["states"]
    engine = make_engine(restore_url)
    with Session(engine) as session:
        # every registration in the copy is whole: its two members and its audit entry, nothing half-written
        per_household = session.execute(select(Member.household_id, func.count()).group_by(Member.household_id)).all()
        assert {count for _, count in per_household} == {2}
        assert len(per_household) == counts["households"] == counts["audit_log"]
    engine.dispose()
    if not is_postgres():
        path = make_url(restore_url).database
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_backup_of_a_quiet_database_restores_every_row(app, runner, tmp_path, restore_url):
    _seed(app, 20)
    target = tmp_path / "quiet.backup"
    assert runner.invoke(args=["db", "backup", str(target)]).exit_code == 0
    assert runner.invoke(args=["db", "restore", str(target), "--into", restore_url]).exit_code == 0
    assert row_counts(restore_url) == row_counts(app.config["DATABASE_URL"])


def test_restore_refuses_a_database_that_holds_data(app, runner, tmp_path):
    target = tmp_path / "refuse.backup"
    assert runner.invoke(args=["db", "backup", str(target)]).exit_code == 0
    result = runner.invoke(args=["db", "restore", str(target)])  # into the live database
    assert result.exit_code != 0
    assert "new" in result.output


def test_backup_never_overwrites_a_file(app, runner, tmp_path):
    target = tmp_path / "existing.backup"
    target.write_bytes(b"keep me")
    result = runner.invoke(args=["db", "backup", str(target)])
    assert result.exit_code != 0 and "exists" in result.output
    assert target.read_bytes() == b"keep me"


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, tmp_path, restore_url):
    target = tmp_path / "not-a-backup"
    target.write_text("hello")
    result = runner.invoke(args=["db", "restore", str(target), "--into", restore_url])
    assert result.exit_code != 0 and "neither" in result.output
