"""Fixtures: an app on a fresh database per test (SQLite by default, PostgreSQL when DATABASE_URL says so)."""
from __future__ import annotations

import os
import re
import shutil

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from learning import create_app
from learning.config import TestConfig
from learning.db import Base, make_engine
from learning.models import metadata
from learning.places.services import load_townships

REFERENCE_TABLES = {"states", "townships"}


def database_url() -> str | None:
    return os.environ.get("DATABASE_URL") or None


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


def _empty_postgres(url: str) -> None:
    engine = make_engine(url)
    tables = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app_config(database_template, tmp_path):
    """Settings for a test app on a fresh database; tests may change them before asking for `app`."""
    kind, source = database_template
    if kind == "sqlite":
        target = tmp_path / "test.sqlite3"
        shutil.copyfile(source, target)
        url = f"sqlite:///{target}"
    else:
        _empty_postgres(source)
        url = source
    return {"ENV_NAME": "test", "DATABASE_URL": url, "SECRET_KEY": TestConfig.SECRET_KEY}


@pytest.fixture
def app(app_config):
    application = create_app(app_config)
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


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token in a rendered form."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


@pytest.fixture
def login_as(app, client):
    """Create a staff account of a role and sign the test client in as it."""
    from tests.builders import make_staff

    def _login(role: str = "facilitator", **kwargs):
        with app.app_context():
            from learning import db as database

            staff = make_staff(database.session, role=role, **kwargs)
            database.session.commit()
            username = staff.username
        page = client.get("/staff/login")
        response = client.post(
            "/staff/login",
            data={"username": username, "password": "correct horse battery", "csrf_token": csrf_token(page.text)},
        )
        assert response.status_code == 302, response.text
        return username

    return _login


@pytest.fixture
def household(app, db):
    """A household of three (Burmese names; the second prefers Shan) with PIN builders.PIN."""
    from tests.builders import make_household

    found = make_household(db, members=3)
    db.commit()
    return found


def sign_in_household(client, code: str, pin: str):
    """Post the household sign-in form."""
    page = client.get("/household/sign-in")
    return client.post("/household/sign-in", data={"code": code, "pin": pin, "csrf_token": csrf_token(page.text)})


def choose_member(client, member_id: int):
    """Tap a member's button on the who-is-learning page."""
    page = client.get("/household/")
    return client.post("/household/choose", data={"member_id": member_id, "csrf_token": csrf_token(page.text)})


@pytest.fixture
def member_client(client, household):
    """A client signed in as the household, with its first member learning."""
    from tests.builders import PIN

    assert sign_in_household(client, household.code, PIN).status_code == 302
    assert choose_member(client, household.members[0].id).status_code == 302
    return client


def staff_client(app, db, role="facilitator", **scope):
    """A new test client signed in as a new staff account; returns (client, staff)."""
    from tests.builders import PASSWORD, make_staff

    staff = make_staff(db, role=role, **scope)
    db.commit()
    client = app.test_client()
    page = client.get("/staff/login")
    client.post("/staff/login", data={"username": staff.username, "password": PASSWORD,
                                      "csrf_token": csrf_token(page.text)})
    return client, staff
