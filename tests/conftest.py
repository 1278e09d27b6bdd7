"""Fixtures: an app on a fresh database per test (SQLite by default, PostgreSQL when DATABASE_URL says so)."""
from __future__ import annotations

import os
import re
import shutil
from functools import cache
from html import unescape

import pytest
from jinja2 import BytecodeCache
from sqlalchemy import text
from sqlalchemy.orm import Session

from learning import create_app
from learning.config import TestConfig
from learning.db import Base, make_engine
from learning.models import metadata
from learning.places.services import load_townships
from tests.builders import PASSWORD, PIN

REFERENCE_TABLES = {"states", "townships"}


def _share_werkzeug_url_builders() -> None:
    """Every test makes a new app, and Werkzeug compiles each of its ~280 routes' URL builders from Python source
    again: 90% of create_app's 60 ms. The builder is the same function for the same route pattern (it reads the
    rule's converters through its `self` argument when called), so the test process compiles each one once.
    Test-only: production makes one app per process."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    compiled: dict = {}

    def shared(self, append_unknown=True):
        key = (tuple(self._trace), repr(sorted((self.defaults or {}).items())), append_unknown,
               tuple(sorted((name, type(c).__name__) for name, c in self._converters.items())))
        found = compiled.get(key)
        if found is None:
            found = compiled[key] = compile_builder(self, append_unknown)
        return found

    Rule._compile_builder = shared


_share_werkzeug_url_builders()


class _SharedTemplateCode(BytecodeCache):
    """Compiled templates shared by every test app of this process. Jinja keeps its compiled templates per
    environment, so each test's new app compiled every page it rendered again (a third of a layout test's CPU).
    The key is the template's name and a checksum of its source, so a changed template is compiled anew."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CODE = _SharedTemplateCode()


def database_url() -> str | None:
    """DATABASE_URL; on PostgreSQL under pytest-xdist, a database of this worker's own beside it."""
    url = os.environ.get("DATABASE_URL") or None
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if url and url.startswith("postgresql") and worker:
        return worker_database(url, worker)
    return url


@cache
def worker_database(url: str, worker: str) -> str:
    """The URL of a database named after DATABASE_URL's and the xdist worker ("test_gw0"), made when missing."""
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = make_engine(url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def is_postgres() -> bool:
    return (database_url() or "").startswith("postgresql")


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """The schema and the townships, made once: a template file on SQLite, the test database on PostgreSQL."""
    if is_postgres():
        url = database_url()
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        metadata.create_all(engine)
        with Session(engine) as session:
            load_townships(session)
            session.commit()
        engine.dispose()
        return ("postgresql", url)
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    metadata.create_all(engine)
    with Session(engine) as session:
        load_townships(session)
        session.commit()
    engine.dispose()  # closing the last connection checkpoints the WAL into the file
    return ("sqlite", path)


def empty_postgres(url: str) -> None:
    """Delete every row but the reference tables' (places), children first, and restart the id sequences (on
    tables this small, DELETE takes about a millisecond where TRUNCATE takes tens)."""
    engine = make_engine(url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                conn.execute(table.delete())
        for sequence, _, _ in postgres_sequences(url):
            conn.execute(text("SELECT setval(:sequence, 1, false)"), {"sequence": sequence})
    engine.dispose()


@cache
def postgres_sequences(url: str) -> tuple[tuple[str, str, str], ...]:
    """(sequence, table, column) of every id that a sequence gives, outside the reference tables."""
    engine = make_engine(url)
    with engine.connect() as conn:
        found = tuple((sequence, table.name, column.name)
                      for table in Base.metadata.sorted_tables if table.name not in REFERENCE_TABLES
                      for column in table.primary_key.columns
                      if (sequence := conn.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                                  {"t": table.name, "c": column.name})))
    engine.dispose()
    return found


@pytest.fixture
def app_config(database_template, tmp_path):
    """Settings for a test app on a fresh database; tests may change them before asking for `app`."""
    kind, source = database_template
    if kind == "sqlite":
        target = tmp_path / "test.sqlite3"
        shutil.copyfile(source, target)
        url = f"sqlite:///{target}"
    else:
        empty_postgres(source)
        url = source
    return {"ENV_NAME": "test", "DATABASE_URL": url, "SECRET_KEY": TestConfig.SECRET_KEY}


_catalogs: dict = {}


def _share_catalog(application) -> None:
    """Give the app the catalogue loaded for an earlier test app with the same courses folder, when nothing in
    that folder has changed since: parsing and rendering every lesson takes about 0.1 s, once per test otherwise."""
    from pathlib import Path

    from learning.learn.library import load_into

    root = Path(application.config["COURSES_DIR"])
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()))
    found = _catalogs.get(root)
    if found is not None and found[0] == stamp:
        application.extensions["content_catalog"] = found[1]
    else:
        _catalogs[root] = (stamp, load_into(application))


@pytest.fixture
def app(app_config):
    application = create_app(app_config)
    application.jinja_env.bytecode_cache = _TEMPLATE_CODE
    _share_catalog(application)
    yield application
    application.extensions["db_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """A session on the test database for arranging and checking, outside any request.

    It reads in deferred transactions so that it never holds SQLite's write lock between requests; call
    ``db.rollback()`` before checking what a request wrote, to see the newest data.
    """
    engine = app.extensions["db_engine"].execution_options(sqlite_begin="deferred")
    session = Session(engine, expire_on_commit=False)
    yield session
    session.close()


NEXT_FIELD = re.compile(r'<input[^>]*name="next"[^>]*value="([^"]*)"')
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token in a rendered form."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


@pytest.fixture
def household(app, db):
    """A household of three (Burmese names; the second prefers Shan) with PIN builders.PIN."""
    from tests.builders import make_household

    found = make_household(db, members=3)
    db.commit()
    return found


class AuthActions:
    """Signing in and out through the real forms, as a person does (the `auth` fixture of Flask's tutorial).

    Each action opens the form's page for its CSRF token, posts the form and returns the response. Actions work
    on the test's `client`; ``auth.on(other)`` does the same on another client (a second phone or browser).
    """

    def __init__(self, app, client, db):
        self.app, self.client, self._db = app, client, db

    def on(self, client) -> AuthActions:
        """The same actions on another test client."""
        return AuthActions(self.app, client, self._db)

    def staff(self, username: str, password: str = PASSWORD, *, next: str | None = None, query: str = ""):
        """Staff sign-in: the page opened with `query` (as from a link), the form posted (with `next` if given)."""
        page = self.client.get(f"/staff/login{query}")
        data = {"username": username, "password": password, "csrf_token": csrf_token(page.text)}
        if next is not None:
            data["next"] = next
        return self.client.post(f"/staff/login{query}", data=data)

    def new_staff(self, role: str = "facilitator", **fields):
        """A new staff account of the role (tests.builders.make_staff), signed in."""
        from tests.builders import make_staff

        staff = make_staff(self._db, role=role, **fields)
        self._db.commit()
        response = self.staff(staff.username)
        assert response.status_code == 302, response.text
        return staff

    def staff_client(self, role: str = "facilitator", **fields):
        """A new client (someone else's browser) signed in as a new staff account; returns (client, staff)."""
        client = self.app.test_client()
        return client, self.on(client).new_staff(role, **fields)

    def household(self, code: str, pin: str = PIN, *, query: str = ""):
        """Household sign-in: the page opened with `query`, the form posted as the page gives it."""
        page = self.client.get(f"/household/sign-in{query}")
        field = NEXT_FIELD.search(page.text)
        return self.client.post(f"/household/sign-in{query}", data={
            "code": code, "pin": pin, "next": unescape(field.group(1)) if field else "",
            "csrf_token": csrf_token(page.text)})

    def choose(self, member, *, next: str | None = None):
        """Tap a member's button (a Member or its id) on the who-is-learning page."""
        page = self.client.get("/household/")
        data = {"member_id": getattr(member, "id", member), "csrf_token": csrf_token(page.text)}
        if next is not None:
            data["next"] = next
        return self.client.post("/household/choose", data=data)

    def logout(self):
        """Staff sign-out, with the form on the staff home page."""
        page = self.client.get("/staff/")
        return self.client.post("/staff/logout", data={"csrf_token": csrf_token(page.text)})

    def sign_out(self):
        """Household sign-out, with the form on the who-is-learning page."""
        page = self.client.get("/household/")
        return self.client.post("/household/sign-out", data={"csrf_token": csrf_token(page.text)})


@pytest.fixture
def auth(app, client, db):
    """Sign in and out on the test's client: auth.staff(username), auth.new_staff(role), auth.household(code, pin),
    auth.choose(member), auth.logout(), auth.sign_out(); auth.on(other_client) for a second device."""
    return AuthActions(app, client, db)


@pytest.fixture
def member_client(client, auth, household):
    """A client signed in as the household, with its first member learning."""
    assert auth.household(household.code, PIN).status_code == 302
    assert auth.choose(household.members[0]).status_code == 302
    return client
