"""Sessions and headers, for staff (Flask-Login in the signed cookie) and households (a token naming a row on the
server): a new session at sign-in, no way back in with a signed-out cookie, same-site `next=` only, POST-only
sign-out, and the security and caching headers on public, signed-in and downloaded responses.

(The basics live beside the sign-in tests: test_staff_auth.py and test_household_session.py.)
"""
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from sqlalchemy import select

from learning.auth.access import safe_next_path
from learning.auth.household_session import SESSION_KEY
from learning.auth.models import Staff
from learning.households.models import HouseholdSession
from tests.builders import PASSWORD, PIN, make_household, make_staff
from tests.conftest import csrf_token


@pytest.fixture
def facilitator(app, db):
    staff = make_staff(db, role="facilitator", username="naw.paw", display_name="Naw Paw")
    db.commit()
    return staff


def fresh(db):
    db.rollback()
    db.expire_all()


def _session(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


# -- a new session at sign-in ------------------------------------------------------------------------------------

def test_staff_sign_in_starts_a_session_with_nothing_from_before(auth, client, facilitator):
    client.get("/staff/login")
    with client.session_transaction() as session:
        session["planted"] = "put here before sign-in"
    auth.staff("naw.paw")
    after = _session(client)
    assert "planted" not in after
    assert after["_user_id"] == f"{facilitator.id}:{facilitator.session_nonce}"


def test_a_form_token_from_before_staff_sign_in_is_refused_after_it(auth, client, db, facilitator):
    before = csrf_token(client.get("/staff/login").text)
    auth.staff("naw.paw")
    response = client.post("/staff/account", data={"csrf_token": before, "display_name": "Changed"})
    assert response.status_code == 400
    fresh(db)
    assert db.get(Staff, facilitator.id).display_name == "Naw Paw"


def test_a_cookie_from_before_staff_sign_in_stays_signed_out(auth, app, client, facilitator):
    client.get("/staff/login")
    planted = client.get_cookie("tl_session").value  # e.g. given to the victim's browser by someone else
    auth.staff("naw.paw")
    assert client.get("/staff/").status_code == 200
    other = app.test_client()
    other.set_cookie("tl_session", planted)
    assert other.get("/staff/").status_code == 302


def test_household_sign_in_starts_a_session_with_a_new_token_and_nothing_from_before(auth, client, household):
    client.get("/household/sign-in")
    with client.session_transaction() as session:
        session["planted"] = "put here before sign-in"
        session[SESSION_KEY] = "a-token-someone-chose"
    auth.household(household.code, PIN)
    after = _session(client)
    assert "planted" not in after
    assert after[SESSION_KEY] != "a-token-someone-chose"
    assert client.get("/household/").status_code == 200


def test_a_cookie_from_before_household_sign_in_stays_signed_out(auth, app, client, household):
    client.get("/household/sign-in")
    planted = client.get_cookie("tl_session").value
    auth.household(household.code, PIN)
    other = app.test_client()
    other.set_cookie("tl_session", planted)
    response = other.get("/household/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/household/sign-in")


def test_each_household_sign_in_on_a_device_gets_its_own_token(auth, app, client, db, household):
    other = make_household(db, members=1, code="OTHR-0002")
    other.members[0].name = "Daw Other Household"
    db.commit()
    auth.household(household.code, PIN)
    first_cookie, first_token = client.get_cookie("tl_session").value, _session(client)[SESSION_KEY]
    auth.household(other.code, PIN)  # the next household on a shared phone, without signing out
    assert _session(client)[SESSION_KEY] != first_token
    assert "Daw Other Household" in client.get("/household/?lang=en").text
    replay = app.test_client()
    replay.set_cookie("tl_session", first_cookie)
    assert "Daw Other Household" not in replay.get("/household/?lang=en").text


# -- a signed-out cookie does not work again ------------------------------------------------------------------------

def test_staff_sign_out_ends_the_session_on_every_device(auth, app, facilitator):
    phone, laptop = app.test_client(), app.test_client()
    auth.on(phone).staff("naw.paw")
    auth.on(laptop).staff("naw.paw")
    auth.on(phone).logout()
    assert laptop.get("/staff/").status_code == 302


def test_a_replayed_staff_cookie_cannot_change_anything_after_sign_out(auth, app, client, db, facilitator):
    auth.staff("naw.paw")
    page = client.get("/staff/account")
    old_cookie, token = client.get_cookie("tl_session").value, csrf_token(page.text)
    client.post("/staff/logout", data={"csrf_token": token})
    replay = app.test_client()
    replay.set_cookie("tl_session", old_cookie)
    response = replay.post("/staff/account", data={"csrf_token": token, "display_name": "Changed"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")
    fresh(db)
    assert db.get(Staff, facilitator.id).display_name == "Naw Paw"


def test_a_disabled_accounts_cookie_signs_nobody_in(auth, app, facilitator):
    phone = app.test_client()
    auth.on(phone).staff("naw.paw")
    cookie = phone.get_cookie("tl_session").value
    coordinator, _ = auth.staff_client("coordinator", states=("MMR011",))
    page = coordinator.get("/admin/staff")
    assert coordinator.post(f"/admin/staff/{facilitator.id}/disable",
                            data={"csrf_token": csrf_token(page.text), "confirm": "y"}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("tl_session", cookie)
    assert replay.get("/staff/").status_code == 302


def test_a_replayed_household_cookie_cannot_change_anything_after_sign_out(app, member_client, db, household):
    page = member_client.get("/household/")
    old_cookie, token = member_client.get_cookie("tl_session").value, csrf_token(page.text)
    member_client.post("/household/sign-out", data={"csrf_token": token})
    fresh(db)
    ended = db.scalars(select(HouseholdSession)).one()
    assert ended.ended_at is not None
    replay = app.test_client()
    replay.set_cookie("tl_session", old_cookie)
    response = replay.post("/household/choose", data={"csrf_token": token, "member_id": household.members[1].id})
    assert response.status_code == 302 and response.headers["Location"].startswith("/household/sign-in")
    fresh(db)
    assert db.scalars(select(HouseholdSession.member_id)).one() == household.members[0].id


# -- next= goes only to a path on this site ---------------------------------------------------------------------

EVIL_NEXT = [
    "//evil.example", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "https://evil.example/",
    "http:evil.example", "///evil.example", "/\t/evil.example", "/\n/evil.example", "\t//evil.example",
    " //evil.example", "/\r\n/evil.example", "data:text/html,x",
]
# As they would arrive in a link: the query string is decoded once, so %2F%2F becomes // before any check.
EVIL_QUERIES = [
    "?next=%2F%2Fevil.example", "?next=/%5Cevil.example", "?next=%5C%5Cevil.example", "?next=/%09/evil.example",
    "?next=/%0A/evil.example", "?next=javascript:alert(1)", "?next=https%3A%2F%2Fevil.example",
    "?next=%09%2F%2Fevil.example",
]


def browser_reading(location: str):
    """How a browser reads a Location: tabs and newlines dropped, backslashes taken as slashes (WHATWG URL)."""
    cleaned = location.strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
                             "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")
    cleaned = cleaned.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    return urlsplit(cleaned)


@pytest.mark.parametrize("target", EVIL_NEXT + ["%2F%2Fevil.example", "/%5Cevil.example", "/%2F/evil.example",
                                                "/..//evil.example", "/learn/../..//evil.example"])
def test_safe_next_path_never_leaves_the_site_as_a_browser_reads_it(target):
    result = safe_next_path(target, "/default")
    read = browser_reading(result)
    assert read.scheme == "" and read.netloc == "", result
    assert result.startswith("/") and not result.startswith("//")


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_staff_next_from_the_form_goes_to_the_default(auth, facilitator, target):
    assert auth.staff("naw.paw", next=target).headers["Location"] == "/staff/"


@pytest.mark.parametrize("query", EVIL_QUERIES)
def test_staff_next_from_a_link_goes_to_the_default(auth, facilitator, query):
    response = auth.staff("naw.paw", query=query)  # the page puts the link's next into its form
    assert response.headers["Location"] == "/staff/"


@pytest.mark.parametrize("query", EVIL_QUERIES)
def test_staff_next_from_a_link_goes_to_the_default_even_without_the_field(client, facilitator, query):
    page = client.get(f"/staff/login{query}")
    response = client.post(f"/staff/login{query}", data={
        "username": "naw.paw", "password": PASSWORD, "csrf_token": csrf_token(page.text)})
    assert response.headers["Location"] == "/staff/"


@pytest.mark.parametrize("query", EVIL_QUERIES)
def test_household_next_from_a_link_is_dropped_at_sign_in(auth, household, query):
    response = auth.household(household.code, PIN, query=query)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.netloc == "" and location.path == "/household/"
    assert "evil" not in response.headers["Location"]


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_household_next_when_choosing_a_member_goes_to_their_progress(auth, household, target):
    auth.household(household.code, PIN)
    response = auth.choose(household.members[0], next=target)
    assert response.headers["Location"] == "/learn/my-progress"


def test_a_same_site_next_survives_household_sign_in_and_choosing(auth, client, household):
    target = "/learn/household-progress"
    response = auth.household(household.code, PIN, query=f"?next={quote(target)}")
    location = urlsplit(response.headers["Location"])
    assert location.path == "/household/" and parse_qs(location.query) == {"next": [target]}
    page = client.get(response.headers["Location"])
    assert f'name="next" value="{target}"' in page.text
    chosen = client.post("/household/choose", data={
        "member_id": household.members[0].id, "next": target, "csrf_token": csrf_token(page.text)})
    assert chosen.headers["Location"] == target


# -- sign-out is a POST with a form token ---------------------------------------------------------------------------

def test_household_sign_out_without_a_form_token_is_refused_and_keeps_the_session(member_client):
    response = member_client.post("/household/sign-out")
    assert response.status_code == 400
    assert member_client.get("/learn/my-progress").status_code == 200


def test_staff_sign_out_without_a_form_token_is_refused_and_keeps_the_session(auth, client, facilitator):
    auth.staff("naw.paw")
    assert client.post("/staff/logout").status_code == 400
    assert client.get("/staff/").status_code == 200


@pytest.mark.parametrize("url", ["/staff/logout", "/household/sign-out"])
def test_sign_out_pages_answer_nothing_but_post(client, url):
    for method in ("get", "put", "delete", "patch"):
        assert getattr(client, method)(url).status_code == 405, method


# -- headers -----------------------------------------------------------------------------------------------------

def assert_security_headers(response, where):
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip())
    assert directives.get("script-src") == "'self'", where
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, where
    assert directives.get("object-src") == "'none'" and directives.get("frame-ancestors") == "'none'", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "same-origin", where


PUBLIC_PAGES = ["/", "/learn/", "/learn/money-and-migration/sending-money-home/true-cost", "/staff/login",
                "/household/sign-in", "/tools/budget", "/verify", "/no-such-page"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_carry_the_security_headers_and_are_not_no_store_for_visitors(client, url):
    response = client.get(url)
    assert_security_headers(response, url)
    assert "no-store" not in response.headers.get("Cache-Control", "")  # (no-store is the signed-in marker)


@pytest.fixture
def world(app, db):
    from tests.web.test_access_matrix import build_world

    return build_world(app, db)


def _signed_in(auth, world, actor):
    """A new client signed in as one of the access matrix's actors."""
    from tests.web.test_access_matrix import sign_in

    return sign_in(auth.on(auth.app.test_client()), world, actor)


def test_signed_in_staff_pages_carry_the_security_headers_and_no_store(auth, world):
    for actor, urls in {
        "facilitator_a": ["/staff/", "/staff/account", "/facilitate/groups", f"/facilitate/groups/{world.a.group.id}",
                          f"/facilitate/households/{world.a.household.id}", "/facilitate/certificates",
                          "/learn/", "/", f"/facilitate/groups/{world.b.group.id}", "/no-such-page"],
        "coordinator_a": ["/reports/", "/reports/audit", "/admin/staff"],
    }.items():
        client = _signed_in(auth, world, actor)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 404), url
            assert_security_headers(response, url)
            assert response.headers["Cache-Control"] == "no-store", url


def test_signed_in_household_pages_carry_the_security_headers_and_no_store(auth, world):
    client = _signed_in(auth, world, "household_a")
    for url in ["/household/", "/learn/my-progress", "/learn/household-progress", "/learn/",
                "/learn/money-and-migration/", "/learn/money-and-migration/sending-money-home/true-cost",
                "/learn/money-and-migration/sending-money-home/quiz",
                f"/learn/money-and-migration/sending-money-home/quiz/attempts/{world.a.attempt.id}", "/tools/budget"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response, url)
        assert response.headers["Cache-Control"] == "no-store", url


def test_downloads_of_personal_data_are_not_stored(auth, world):
    facilitator = _signed_in(auth, world, "facilitator_a")
    coordinator = _signed_in(auth, world, "coordinator_a")
    member = _signed_in(auth, world, "household_a")
    token = csrf_token(facilitator.get(f"/facilitate/groups/{world.a.group.id}/cards").text)
    downloads = {
        "completions.csv": lambda: coordinator.get("/reports/completions.csv"),
        "completions.xlsx": lambda: coordinator.get("/reports/completions.xlsx"),
        "pseudonymised csv": lambda: coordinator.get("/reports/completions.csv?pseudonymised=1"),
        "staff certificate": lambda: facilitator.get(f"/facilitate/certificates/{world.a.certificate.id}.pdf"),
        "group certificates": lambda: facilitator.get(f"/facilitate/groups/{world.a.group.id}/certificates.pdf"),
        "group cards": lambda: facilitator.post(f"/facilitate/groups/{world.a.group.id}/cards",
                                                data={"csrf_token": token,
                                                      "households": world.a.household.id}),
        "member certificate": lambda: member.get(f"/learn/certificates/{world.a.certificate.id}.pdf"),
    }
    for name, download in downloads.items():
        response = download()
        assert response.status_code == 200 and response.get_data(), name  # (read at once: exports stream)
        assert response.mimetype in ("text/csv", "application/pdf") or response.mimetype.endswith(".sheet"), name
        assert response.headers["Cache-Control"] == "no-store", name
        assert response.headers["Content-Disposition"].startswith("attachment"), name
        assert_security_headers(response, name)
