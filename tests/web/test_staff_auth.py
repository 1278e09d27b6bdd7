"""Staff sign-in and sign-out: CSRF, sessions, cookies, redirects, rate limits."""
import pytest
from sqlalchemy import select

from learning.auth.models import Staff
from tests.builders import PASSWORD, make_staff


@pytest.fixture
def facilitator(app, db):
    staff = make_staff(db, role="facilitator", username="naw.paw")
    db.commit()
    return staff


def test_staff_sign_in_opens_the_staff_page(auth, client, facilitator):
    response = auth.staff("naw.paw")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    home = client.get("/staff/?lang=en")
    assert home.status_code == 200 and "You are a facilitator" in home.text
    assert "Mawlamyine" in home.text


def test_post_without_csrf_token_is_refused_and_signs_nobody_in(client, facilitator):
    response = client.post("/staff/login?lang=en", data={"username": "naw.paw", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302  # still signed out


def test_wrong_password_and_unknown_user_get_the_same_message(auth, client, facilitator):
    client.get("/?lang=en")
    wrong = auth.staff("naw.paw", "wrong password!")
    unknown = auth.staff("nobody-here")
    assert wrong.status_code == unknown.status_code == 400
    assert _text_errors(wrong) == _text_errors(unknown) == ["The username or password is not right. "]


def _text_errors(response):
    import re

    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.text, re.S)


def test_disabled_account_cannot_sign_in(auth, db, facilitator):
    facilitator.active = False
    db.commit()
    assert auth.staff("naw.paw").status_code == 400


def test_session_cookie_is_httponly_and_samesite_lax(auth, facilitator):
    response = auth.staff("naw.paw")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("tl_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_session_changes_at_sign_in(auth, client, facilitator):
    client.get("/staff/login")
    before = client.get_cookie("tl_session").value
    auth.staff("naw.paw")
    after = client.get_cookie("tl_session").value
    assert before != after


def test_signed_in_pages_are_not_stored(auth, client, facilitator):
    auth.staff("naw.paw")
    assert client.get("/staff/").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_sign_out_is_post_only(auth, client, facilitator):
    auth.staff("naw.paw")
    assert client.get("/staff/logout").status_code == 405
    assert client.get("/staff/").status_code == 200


def test_replaying_a_signed_out_cookie_does_not_sign_back_in(auth, app, client, facilitator):
    auth.staff("naw.paw")
    old_cookie = client.get_cookie("tl_session").value
    auth.logout()
    assert client.get("/staff/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("tl_session", old_cookie)
    assert replay.get("/staff/").status_code == 302


@pytest.mark.parametrize(
    "target", ["//evil.example", "/\\evil.example", "javascript:alert(1)", "https://evil.example/", "/\x0b/x"]
)
def test_next_accepts_only_same_site_paths(auth, facilitator, target):
    response = auth.staff("naw.paw", next=target)
    assert response.headers["Location"] == "/staff/"


def test_next_goes_to_a_same_site_path(auth, facilitator):
    assert auth.staff("naw.paw", next="/staff/account").headers["Location"] == "/staff/account"


def test_staff_pages_need_a_sign_in(client):
    response = client.get("/staff/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login?next=")


def test_sign_in_is_rate_limited_per_address(auth, app, facilitator):
    app.config["STAFF_LOGIN_LIMIT"] = "3 per minute"
    codes = [auth.staff(f"user{i}", "wrong password!").status_code for i in range(4)]
    assert codes[:3] == [400, 400, 400] and codes[3] == 429


def test_last_login_is_recorded(auth, db, facilitator):
    auth.staff("naw.paw")
    db.rollback()
    db.expire_all()
    assert db.scalar(select(Staff).where(Staff.username == "naw.paw")).last_login_at is not None
