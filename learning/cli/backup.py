"""Backups: a consistent copy of the database while the site keeps writing, and a restore into a new database.

SQLite: ``VACUUM INTO`` copies the database as one read transaction sees it (WAL lets writers go on meanwhile).
PostgreSQL: ``pg_dump --format=custom`` takes one snapshot of the whole database; ``pg_restore`` loads it in a
single transaction. Backup files hold personal data: they are written readable by their owner only.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import URL, make_url

from learning.db import make_engine
from learning.models import metadata

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """The backup or restore cannot be done as asked; the message says why."""


@dataclass(frozen=True)
class Summary:
    """What a backup or a restore holds: rows per table, and whether the integrity check passed."""

    counts: dict[str, int]
    integrity: str  # "ok", or what the check found


def row_counts(url: str) -> dict[str, int]:
    """Rows in each of our tables at url."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            present = set(inspect(conn).get_table_names())
            return {t.name: conn.scalar(select(func.count()).select_from(t))
                    for t in metadata.sorted_tables if t.name in present}
    finally:
        engine.dispose()


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("the SQLite database must be a file")
    return Path(url.database)


def _sqlite_integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        found += [f"foreign key: {row}" for row in conn.execute("PRAGMA foreign_key_check")]
        return "ok" if found == ["ok"] else "; ".join(found)
    finally:
        conn.close()


def _private_temporary(target: Path) -> Path:
    """A new empty file beside target, readable and writable by its owner only."""
    temporary = target.with_name(f".{target.name}.partial")
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return temporary


def _pg_command(program: str, url: URL) -> tuple[list[str], dict[str, str]]:
    """The program with connection arguments, and an environment carrying the password (not in argv)."""
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client)")
    args = [program, "--no-password"]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def backup(database_url: str, target: Path) -> Summary:
    """Copy the database at database_url into the new file target, consistently, while others write."""
    url = make_url(database_url)
    if target.exists():
        raise BackupError(f"{target} exists: choose a new file name (backups are never overwritten)")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a folder")
    temporary = _private_temporary(target)
    try:
        if url.get_backend_name() == "sqlite":
            source = _sqlite_path(url)
            if not source.exists():
                raise BackupError(f"{source} does not exist")
            temporary.unlink()  # VACUUM INTO wants to create the file itself
            conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
            try:
                old_umask = os.umask(0o077)
                try:
                    conn.execute("VACUUM INTO ?", (str(temporary),))
                finally:
                    os.umask(old_umask)
            finally:
                conn.close()
            integrity = _sqlite_integrity(temporary)
            counts = row_counts(f"sqlite:///{temporary}")
        elif url.get_backend_name() == "postgresql":
            args, env = _pg_command("pg_dump", url)
            args += ["--format=custom", "--no-owner", "--no-privileges", "--file", str(temporary), url.database]
            _run(args, env)
            _run(["pg_restore", "--list", str(temporary)], env)  # the archive reads from end to end
            integrity, counts = "ok", row_counts(database_url)
        else:
            raise BackupError(f"backups of {url.get_backend_name()} databases are not supported")
        if integrity != "ok":
            raise BackupError(f"the copy failed its integrity check: {integrity}")
        os.replace(temporary, target)
        return Summary(counts, integrity)
    finally:
        temporary.unlink(missing_ok=True)


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")


def _kind(source: Path) -> str:
    with open(source, "rb") as f:
        head = f.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{source} is neither a SQLite backup nor a pg_dump archive")


def _create_postgres_database(url: URL) -> None:
    """Create url's database when it does not exist; refuse one that already holds tables."""
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database})
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{url.database}"'))  # restore() checked the name: letters, digits, - and _
                return
    finally:
        admin.dispose()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if inspect(conn).get_table_names():
                raise BackupError(f"database {url.database} is not empty: restore into a new database")
    finally:
        engine.dispose()


def restore(source: Path, database_url: str) -> Summary:
    """Restore a backup into the new (missing or empty) database at database_url."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    url = make_url(database_url)
    kind = _kind(source)
    if kind != url.get_backend_name():
        raise BackupError(f"{source} is a {kind} backup; it cannot be restored into a "
                          f"{url.get_backend_name()} database")
    if kind == "sqlite":
        target = _sqlite_path(url)
        if target.exists() and target.stat().st_size > 0:
            raise BackupError(f"{target} exists: restore into a new file")
        if _sqlite_integrity(source) != "ok":
            raise BackupError(f"{source} fails SQLite's integrity check")
        old_umask = os.umask(0o077)
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
        finally:
            os.umask(old_umask)
        integrity = _sqlite_integrity(target)
    else:
        if not url.database or not url.database.replace("_", "").replace("-", "").isalnum():
            raise BackupError("name the new database with letters, digits, - and _ only")
        _create_postgres_database(url)
        args, env = _pg_command("pg_restore", url)
        _run(args + ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                     "--dbname", url.database, str(source)], env)
        integrity = "ok"
    return Summary(row_counts(database_url), integrity)
