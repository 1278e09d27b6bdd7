"""Database wiring: declarative base, one engine per app, one session per request.

SQLite is the embedded default and PostgreSQL the production engine. On SQLite every connection gets
WAL, a busy timeout and foreign keys; write transactions start with ``BEGIN IMMEDIATE`` so that
concurrent writers queue instead of failing with "database is locked" (the pysqlite recipe from the
SQLAlchemy documentation). A request that may write takes the write lock at its first statement: every
POST, and any GET from the moment it calls :func:`begin_writing`. Outside a request (CLI) every transaction takes it,
unless the connection says otherwise with the execution option ``sqlite_begin="deferred"``.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from sqlalchemy import DateTime, Enum, MetaData, Select, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator
from werkzeug.local import LocalProxy

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Base(DeclarativeBase):
    """Base class of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def string_enum(cls: type, name: str) -> Enum:
    """A Python enum stored as its string values with a CHECK constraint (the same on SQLite and PostgreSQL)."""
    return Enum(cls, native_enum=False, create_constraint=True, length=16, name=name,
                values_callable=lambda members: [m.value for m in members])


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime: use learning.db.utcnow()")
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def _sqlite_wants_immediate(conn) -> bool:
    chosen = conn.get_execution_options().get("sqlite_begin")
    if chosen is not None:
        return chosen == "immediate"
    if not has_request_context():
        return True  # CLI commands and background work: assume a write
    return request.method not in SAFE_METHODS or bool(g.get("_intends_to_write"))


def begin_writing() -> None:
    """From here on this GET request writes: end its read transaction, so the next one takes the write lock
    first (on SQLite, upgrading a read transaction to a write one can fail at once under concurrency), and on
    PostgreSQL leave autocommit reading for a real transaction."""
    db_session = g.get("_db_session")
    if db_session is not None:
        if db_session.in_transaction():
            db_session.commit()
        db_session.bind = db_session.info.get("writing_bind", db_session.bind)
    g._intends_to_write = True


@contextmanager
def short_write() -> Iterator[Session]:
    """A write transaction of its own inside a request that otherwise reads (a household session's last-seen
    time): it takes the write lock first and commits; the reads after it go on as before."""
    db_session = get_session()
    if db_session.in_transaction():
        db_session.commit()
    reading_bind = db_session.bind
    db_session.bind = db_session.info.get("writing_bind", reading_bind)
    try:
        db_session.connection(execution_options={"sqlite_begin": "immediate"})
        yield db_session
        db_session.commit()
    finally:
        db_session.bind = reading_bind


class DriverQuery:
    """A Core statement compiled once for one database and run on a DBAPI cursor, each value converted by its
    column's type where the driver's differs (SQLite's stored times become aware datetimes and its dates dates, as
    through the ORM). What this skips is SQLAlchemy's work per execution and per row (an execution context, a result
    object, a Row each), which costs as much in the process as a small query, or as a large one's rows; so it also
    skips the engine's execution events and echo. Parameters go to the driver as they are: strings and numbers.
    With `lists`, IN lists of fixed values are rendered at compile time; every bound parameter then needs a default
    (bindparam("low", 0)), replaced when the query runs."""

    def __init__(self, statement: Select, dialect, lists: bool = False) -> None:
        compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": lists})
        self.sql, self.defaults = compiled.string, compiled.params
        self.order = tuple(compiled.positiontup) if compiled.positional else None
        self.convert = [(i, processor) for i, column in enumerate(statement.selected_columns)
                        if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None))]

    def rows(self, dbapi_connection, params: dict, first: bool = False) -> list:
        """Every row (or only the first, when `first`), as lists of converted values."""
        values = {**self.defaults, **params}
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(self.sql, [values[name] for name in self.order] if self.order is not None else values)
            found = cursor.fetchmany(1) if first else cursor.fetchall()
        finally:
            cursor.close()
        if not self.convert:
            return found
        converted = []
        for row in found:
            row = list(row)
            for i, processor in self.convert:
                row[i] = processor(row[i])
            converted.append(row)
        return converted


class Lookup:
    """One small SELECT that a request makes before anything else (the household session, on every signed-in
    page), run on the DBAPI cursor of a pooled connection, outside the request's ORM session (a DriverQuery).
    It reads in autocommit on PostgreSQL (the reading engine); on SQLite the driver runs a lone SELECT outside any
    transaction (isolation_level=None), so it never takes the write lock."""

    def __init__(self, statement: Select) -> None:
        self.statement = statement
        self._compiled: dict[str, DriverQuery] = {}

    def first(self, **params) -> tuple | None:
        """The first row, or None."""
        from flask import current_app

        engine = current_app.extensions.get("db_reading_engine") or current_app.extensions["db_engine"]
        query = self._compiled.get(engine.dialect.name)
        if query is None:
            query = self._compiled[engine.dialect.name] = DriverQuery(self.statement, engine.dialect)
        with engine.connect() as connection:
            found = query.rows(connection.connection, params, first=True)
        return tuple(found[0]) if found else None


def _reading(db_session: Session) -> bool:
    """True while a GET request's session reads in autocommit (PostgreSQL)."""
    reading = db_session.info.get("reading_bind")
    return reading is not None and db_session.bind is reading


def _refuse_autocommit_writes(factory: sessionmaker) -> None:
    """On PostgreSQL a GET reads in autocommit (no BEGIN and ROLLBACK round trips); a write there would not be
    one transaction, so it is refused: call begin_writing() or use short_write() first."""

    @event.listens_for(factory, "before_flush")
    def _no_flush(session, _context, _instances):
        if _reading(session) and (session.new or session.dirty or session.deleted):
            raise RuntimeError("a GET request writes without begin_writing()")

    @event.listens_for(factory, "do_orm_execute")
    def _no_dml(state):
        if _reading(state.session) and (state.is_insert or state.is_update or state.is_delete):
            raise RuntimeError("a GET request writes without begin_writing()")


def make_engine(url: str, echo: bool = False) -> Engine:
    """Create the engine, with the SQLite connection settings our concurrency relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
            dbapi_connection.isolation_level = None  # let us emit BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if _sqlite_wants_immediate(conn) else "BEGIN")

        return engine
    engine = create_engine(url, echo=echo, pool_size=5, max_overflow=5)
    _ping_when_idle(engine)
    return engine


PING_AFTER_IDLE_SECONDS = 10


def _ping_when_idle(engine: Engine) -> None:
    """Test a pooled PostgreSQL connection before use when it has been idle for a while (a restarted server or a
    dropped link leaves dead ones), but not on every checkout: under load that round trip is a sixth of a
    signed-in page. A dead connection is replaced, not handed to the request (SQLAlchemy's checkout recipe)."""

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy):
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as exc:  # any failure: the pool drops this connection and opens another
            raise DisconnectionError() from exc


def init_app(app: Flask) -> None:
    """Create the app's engine and session factory and close the request's session at teardown."""
    engine = make_engine(app.config["DATABASE_URL"], app.config.get("SQLALCHEMY_ECHO", False))
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = factory = sessionmaker(engine, expire_on_commit=False)
    _refuse_autocommit_writes(factory)
    # PostgreSQL: requests that only read (GET) run in autocommit, which saves the BEGIN and ROLLBACK round trips;
    # each statement still sees committed data as it would in a READ COMMITTED transaction.
    app.extensions["db_reading_engine"] = engine.execution_options(isolation_level="AUTOCOMMIT") \
        if engine.dialect.name == "postgresql" else None

    @app.teardown_appcontext
    def _close_session(exc):
        db_session = g.pop("_db_session", None)
        if db_session is not None:
            if exc is not None:
                db_session.rollback()
            db_session.close()


def get_session() -> Session:
    """The session of the current request or app context, opened on first use."""
    if "_db_session" not in g:
        from flask import current_app

        db_session = current_app.extensions["db_sessionmaker"]()
        reading = current_app.extensions.get("db_reading_engine")
        if reading is not None and has_request_context() and request.method in SAFE_METHODS \
                and not g.get("_intends_to_write"):
            db_session.info.update(writing_bind=db_session.bind, reading_bind=reading)
            db_session.bind = reading
        g._db_session = db_session
    return g._db_session


session: Session = LocalProxy(get_session)  # type: ignore[assignment]


def insert_ignoring_conflict(db_session: Session, model, values: dict, conflict_columns: list[str],
                             index_where=None) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL; True when the row was inserted.

    (RETURNING tells, where rowcount does not: psycopg reports -1 for these statements.)

    index_where names a partial unique index (for example "one valid certificate per member and course").
    """
    if db_session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(model).values(**values).on_conflict_do_nothing(
        index_elements=conflict_columns, index_where=index_where
    ).returning(*model.__table__.primary_key.columns)
    return db_session.execute(statement).first() is not None
