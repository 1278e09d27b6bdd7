"""A crash after a failed write still gets the translated 500 page (found by fuzzing the import).

After a failed flush the request's session refuses every query until it is rolled back, and the error page
reads the signed-in person; without the rollback the error page itself failed, and a bare, untranslated 500
(or, under gunicorn, a dropped connection) was all anyone saw.
"""
from sqlalchemy.exc import IntegrityError

from learning import db as database
from learning.auth.models import Staff
from learning.site.errors import MESSAGES


def test_a_crash_after_a_failed_write_gets_the_translated_error_page(auth, app, watch):
    @app.route("/test-only/failed-write")
    def failed_write():
        database.begin_writing()  # a GET that writes says so first (on PostgreSQL it would be refused otherwise)
        database.session.add(Staff(username=None, display_name=None, password_hash=None, role=None))
        database.session.flush()  # NOT NULL constraints fail
        return "not reached"

    client, _ = auth.staff_client("facilitator")  # the page shows who is signed in: it reads the session
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        title = str(MESSAGES[500][0])
    before = watch.start()
    response = client.get("/test-only/failed-write?lang=en")
    assert response.status_code == 500
    assert title in response.text and "<html" in response.text
    (crash,) = watch.errors.records
    assert isinstance(crash.exc_info[1], IntegrityError)
    assert watch.changes(before) == {}
