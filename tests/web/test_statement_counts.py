"""Pages read with set-based queries: the number of SQL statements a page runs does not grow with the number of
members it covers. Each page is counted with a few households, then with four times as many."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from learning.certificates.services import issue_if_complete
from learning.learn.library import catalog
from tests.builders import make_group, make_household, pass_module


@contextmanager
def counting(app):
    """Count the statements sent to the database inside the block."""
    engine = app.extensions["db_engine"]
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def add_households(app, db, group, how_many: int) -> None:
    """Households of three: the first member completed every course (waiting for a certificate), the second
    has a certificate, the third has read nothing."""
    with app.test_request_context():
        for _ in range(how_many):
            household = make_household(db, members=3)
            household.group_id = group.id
            db.flush()
            waiting, certified, _idle = household.members
            for course in catalog().courses:
                for module in course.modules:
                    pass_module(db, waiting, module)
                    pass_module(db, certified, module)
                issue_if_complete(db, certified, course)
        db.commit()


PAGES = {
    "certificate list": lambda g: "/facilitate/certificates",
    "group board": lambda g: f"/facilitate/groups/{g}",
    "dashboard": lambda g: "/reports/",
    "completion export": lambda g: "/reports/completions.csv",
}


@pytest.mark.parametrize("role", ["facilitator", "coordinator"])
def test_statements_per_page_do_not_grow_with_the_members(auth, app, db, role):
    facilitator_client, facilitator = auth.staff_client("facilitator")
    group = make_group(db, facilitator)
    db.commit()
    client = facilitator_client if role == "facilitator" else auth.staff_client("coordinator")[0]
    pages = {name: path(group.id) for name, path in PAGES.items()
             if role == "coordinator" or not path(group.id).startswith("/reports/")}

    def measure() -> dict[str, int]:
        counts = {}
        for name, path in pages.items():
            with counting(app) as statements:
                response = client.get(path)
            assert response.status_code == 200, (name, response.status_code)
            counts[name] = len(statements)
        return counts

    add_households(app, db, group, 2)
    small = measure()
    page = client.get("/facilitate/certificates").text
    assert page.count("ဒေါ်ခင်ခင်") >= 2  # the members waiting for a certificate are listed
    add_households(app, db, group, 6)
    large = measure()
    assert large == small


def test_the_certificate_lists_come_a_page_at_a_time(auth, app, db, monkeypatch):
    monkeypatch.setattr("learning.facilitate.certificates.CERTIFICATES_PAGE", 3)
    client, facilitator = auth.staff_client("facilitator")
    group = make_group(db, facilitator)
    db.commit()
    add_households(app, db, group, 4)  # 4 members waiting per course, 4 certificates per course
    courses = len(catalog_courses(app))
    first = client.get("/facilitate/certificates?lang=en").text
    second = client.get("/facilitate/certificates?lang=en&page=2").text
    assert first.count('name="member_id"') == 3 and 'rel="next"' in first and 'rel="prev"' not in first
    assert second.count('name="member_id"') == min(3, 4 * courses - 3) and 'rel="prev"' in second
    assert first.count("/revoke") == 0 and first.count(".pdf") >= 3  # three issued certificates on each page


def catalog_courses(app):
    with app.app_context():
        return catalog().courses
