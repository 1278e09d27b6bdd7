"""Staff sign-in and sign-out: CSRF, sessions, cookies, redirects, rate limits."""
import pytest
from sqlalchemy import select

from learning.auth.models import Staff
from tests.builders import PASSWORD, make_staff
from tests.conftest import csrf_token


@pytest.fixture
def facilitator(app, db):
    staff = make_staff(db, role="facilitator", username="naw.paw")
    db.commit()
    return staff


def _login(client, username="naw.paw", password=PASSWORD, next_url=""):
    page = client.get("/staff/login")
    return client.post(
        "/staff/login",
        data={"username": username, "password": password, "next": next_url, "csrf_token": csrf_token(page.text)},
    )


def test_staff_sign_in_opens_the_staff_page(client, facilitator):
    response = _login(client)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    home = client.get("/staff/?lang=en")
    assert home.status_code == 200 and "You are a facilitator" in home.text
    assert "Mawlamyine" in home.text


def test_post_without_csrf_token_is_refused_and_signs_nobody_in(client, facilitator):
    response = client.post("/staff/login?lang=en", data={"username": "naw.paw", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302  # still signed out


def test_wrong_password_and_unknown_user_get_the_same_message(client, facilitator):
    client.get("/?lang=en")
    wrong = _login(client, password="wrong password!")
    unknown = _login(client, username="nobody-here")
    assert wrong.status_code == unknown.status_code == 400
    assert _text_errors(wrong) == _text_errors(unknown) == ["The username or password is not right. "]


def _text_errors(response):
    import re

    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.text, re.S)


def test_disabled_account_cannot_sign_in(client, db, facilitator):
    facilitator.active = False
    db.commit()
    assert _login(client).status_code == 400


def test_session_cookie_is_httponly_and_samesite_lax(client, facilitator):
    response = _login(client)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("tl_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_session_changes_at_sign_in(client, facilitator):
    client.get("/staff/login")
    before = client.get_cookie("tl_session").value
    _login(client)
    after = client.get_cookie("tl_session").value
    assert before != after


def test_signed_in_pages_are_not_stored(client, facilitator):
    _login(client)
    assert client.get("/staff/").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_sign_out_is_post_only(client, facilitator):
    _login(client)
    assert client.get("/staff/logout").status_code == 405
    assert client.get("/staff/").status_code == 200


def test_replaying_a_signed_out_cookie_does_not_sign_back_in(app, client, facilitator):
    _login(client)
    old_cookie = client.get_cookie("tl_session").value
    page = client.get("/staff/")
    client.post("/staff/logout", data={"csrf_token": csrf_token(page.text)})
    assert client.get("/staff/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("tl_session", old_cookie)
    assert replay.get("/staff/").status_code == 302


@pytest.mark.parametrize(
    "target", ["//evil.example", "/\\evil.example", "javascript:alert(1)", "https://evil.example/", "/\x0b/x"]
)
def test_next_accepts_only_same_site_paths(client, facilitator, target):
    response = _login(client, next_url=target)
    assert response.headers["Location"] == "/staff/"


def test_next_goes_to_a_same_site_path(client, facilitator):
    assert _login(client, next_url="/staff/account").headers["Location"] == "/staff/account"


def test_staff_pages_need_a_sign_in(client):
    response = client.get("/staff/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login?next=")


def test_sign_in_is_rate_limited_per_address(client, app, facilitator):
    app.config["STAFF_LOGIN_LIMIT"] = "3 per minute"
    codes = [_login(client, username=f"user{i}", password="wrong password!").status_code for i in range(4)]
    assert codes[:3] == [400, 400, 400] and codes[3] == 429


def test_last_login_is_recorded(client, db, facilitator):
    _login(client)
    db.rollback()
    db.expire_all()
    assert db.scalar(select(Staff).where(Staff.username == "naw.paw")).last_login_at is not None
