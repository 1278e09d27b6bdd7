"""Bodies over MAX_CONTENT_LENGTH are refused with 413 and a translated page, and nothing is saved."""
import io
import os
import re
from urllib.parse import urlencode

import pytest

from learning.site.errors import MESSAGES
from tests.builders import PASSWORD, make_staff
from tests.conftest import csrf_token


def title_413(app, lang: str) -> str:
    """The 413 page's title, as the app translates it."""
    with app.test_request_context(f"/?lang={lang}"):
        app.preprocess_request()
        return str(MESSAGES[413][0])


@pytest.fixture
def facilitator(auth):
    return auth.staff_client("facilitator", townships=("MMR011001",))


def over_the_limit(app) -> int:
    return app.config["MAX_CONTENT_LENGTH"] + 1


def just_over(app, fields: dict, filler: str) -> bytes:
    """The fields as a urlencoded body one byte over MAX_CONTENT_LENGTH, the `filler` field padding it."""
    body = urlencode(fields) + f"&{filler}="
    return (body + "x" * (over_the_limit(app) - len(body.encode()))).encode()


def post_form(client, url: str, body: bytes):
    return client.post(url, data=body, content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("lang", ["en", "my"])
def test_a_staff_sign_in_body_over_the_limit_gets_a_translated_413(app, db, client, watch, lang):
    make_staff(db, role="facilitator", username="naw.paw")
    db.commit()
    token = csrf_token(client.get("/staff/login").text)
    before = watch.start()
    body = just_over(app, {"csrf_token": token, "username": "naw.paw"}, "password")
    response = watch.check(post_form(client, f"/staff/login?lang={lang}", body), {413})
    assert response.request.content_length == over_the_limit(app)
    assert title_413(app, lang) in response.text
    assert lang == "en" or "What you sent is too large" not in response.text
    assert watch.changes(before) == {}
    assert client.get("/staff/").status_code == 302  # nobody signed in


def test_a_household_sign_in_body_over_the_limit_gets_413(app, client, watch, household):
    token = csrf_token(client.get("/household/sign-in").text)
    before = watch.start()
    body = just_over(app, {"csrf_token": token, "code": household.code}, "pin")
    response = watch.check(post_form(client, "/household/sign-in?lang=my", body), {413})
    assert title_413(app, "my") in response.text
    assert watch.changes(before) == {}


def test_an_import_upload_over_the_limit_gets_413_and_keeps_no_file(app, facilitator, watch):
    client, _ = facilitator
    token = csrf_token(client.get("/facilitate/import").text)
    before = watch.start()
    row = "MMR011001,ရွာသစ်,yes,မောင်မောင်,ဦးဘ,male,1990\n".encode()
    header = b"township,village,consent,name,father_name,sex,birth_year\n"
    body = header + row * (over_the_limit(app) // len(row))
    response = watch.check(client.post("/facilitate/import?lang=my", data={
        "csrf_token": token, "file": (io.BytesIO(body), "big.csv")},
        content_type="multipart/form-data"), {413})
    assert 0 < response.request.content_length - app.config["MAX_CONTENT_LENGTH"] < 1000  # just over
    assert title_413(app, "my") in response.text
    assert watch.changes(before) == {}
    imports = os.path.join(app.instance_path, "imports")
    assert not os.path.isdir(imports) or os.listdir(imports) == []


def test_a_registration_over_the_limit_gets_413_and_registers_nobody(app, facilitator, watch):
    client, _ = facilitator
    page = client.get("/facilitate/register").text
    submission = re.search(r'name="submission_id" value="([^"]+)"', page).group(1)
    fields = {"csrf_token": csrf_token(page), "submission_id": submission, "township": "MMR011001",
              "village": "ရွာ", "consent": "y", "members-0-name": "မောင်မောင်",
              "members-0-father_name": "ဦးဘ", "members-0-birth_year": "1990"}
    before = watch.start()
    response = watch.check(post_form(client, "/facilitate/register?lang=en",
                                     just_over(app, fields, "members-1-name")), {413})
    assert title_413(app, "en") in response.text
    assert watch.changes(before) == {}


def test_a_body_without_a_length_is_cut_off_at_the_limit_too(app, db, client, watch):
    """A chunked upload has no Content-Length; the server (gunicorn) marks the input as terminated."""
    make_staff(db, role="facilitator", username="naw.paw")
    db.commit()
    token = csrf_token(client.get("/staff/login").text)
    body = just_over(app, {"csrf_token": token, "username": "naw.paw", "password": PASSWORD}, "next")
    before = watch.start()
    response = watch.check(client.post("/staff/login?lang=en", input_stream=io.BytesIO(body),
                                       content_type="application/x-www-form-urlencoded",
                                       headers={"Transfer-Encoding": "chunked"},
                                       environ_overrides={"wsgi.input_terminated": True}), {413})
    assert response.request.content_length is None  # a stream: only reading it finds the limit
    assert title_413(app, "en") in response.text
    assert watch.changes(before) == {}
    assert client.get("/staff/").status_code == 302  # the right password, but nobody signed in
