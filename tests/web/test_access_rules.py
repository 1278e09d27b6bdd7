"""Every endpoint declares who may use it, and the declared rule is what the server enforces.

The rules are: public; household (a signed-in household) or member (a household with a member chosen); staff with
a tuple of roles (facilitator, coordinator, admin). Run with -s to see the map of every endpoint and its rule.
"""
import pytest

from learning.auth.access import PUBLIC, STAFF
from learning.auth.household_session import HOUSEHOLD
from learning.auth.models import Role
from tests.conftest import csrf_token

ROLES = [role.value for role in Role]  # admin, coordinator, facilitator


def describe(access) -> str | None:
    """The rule in words ("public", "household", "member", "staff: coordinator, admin"); None if malformed."""
    if access == PUBLIC:
        return "public"
    if not isinstance(access, tuple) or len(access) != 2:
        return None
    kind, detail = access
    if kind == HOUSEHOLD and detail in ("household", "member"):
        return detail
    if kind == STAFF and isinstance(detail, tuple) and detail and set(detail) <= set(ROLES) \
            and len(set(detail)) == len(detail):
        return "staff: " + ", ".join(sorted(detail, key=ROLES.index))
    return None


def rule_map(app) -> dict[str, tuple[str, str | None]]:
    """endpoint -> (URL rule, the access rule in words)."""
    return {rule.endpoint: (rule.rule, describe(getattr(app.view_functions[rule.endpoint], "access_rule", None)))
            for rule in app.url_map.iter_rules() if rule.endpoint != "static"}  # static files are public by nature


def test_every_endpoint_declares_an_access_rule(app):
    rules = rule_map(app)
    print("\nendpoint -> access rule")
    for endpoint, (url, rule) in sorted(rules.items()):
        print(f"  {endpoint:32} {rule or 'UNDECLARED':40} {url}")
    undeclared = sorted(endpoint for endpoint, (_, rule) in rules.items() if rule is None)
    assert undeclared == []


@pytest.mark.parametrize("access", [
    None, "staff", "household", ("staff", ()), ("staff", ("janitor",)), ("staff", "admin"),
    ("household", "guest"), ("public",), ("staff", ("admin",), "extra"),
])
def test_a_malformed_rule_is_not_taken_for_a_declared_one(access):
    assert describe(access) is None


# Where a URL lives says who it is for; a view that strays (a public page under /facilitate/) is caught here.
AREAS = [
    ("/facilitate/", {"staff: admin, coordinator, facilitator", "staff: admin, coordinator"}),
    ("/reports/", {"staff: admin, coordinator"}),
    ("/admin/", {"staff: admin, coordinator"}),
    ("/learn/certificates/", {"member"}),
    ("/learn/my-progress", {"member"}),
    ("/learn/household-progress", {"household"}),
]
PUBLIC_ENTRANCES = {"auth.login", "auth.logout", "household.sign_in", "household.sign_out"}


def test_each_area_of_the_site_has_the_rule_it_should(app):
    wrong = []
    for endpoint, (url, rule) in rule_map(app).items():
        if endpoint in PUBLIC_ENTRANCES:
            assert rule == "public", endpoint
            continue
        for prefix, allowed in AREAS:
            if url.startswith(prefix) and rule not in allowed:
                wrong.append((endpoint, url, rule))
        if url.startswith(("/staff/", "/household/")) and rule == "public":
            wrong.append((endpoint, url, rule))
        if "/quiz" in url and rule != "member":
            wrong.append((endpoint, url, rule))
    assert wrong == []


def _requests(app):
    """(endpoint, method, url, rule) for every staff or household endpoint, with placeholder ids."""
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        access = getattr(app.view_functions[rule.endpoint], "access_rule", None)
        if not isinstance(access, tuple):
            continue
        url = adapter.build(rule.endpoint, dict.fromkeys(rule.arguments, "1"))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url, access


def _send(client, method, url, token):
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": token})


def test_there_are_signed_in_endpoints_to_check(app):
    endpoints = {endpoint for endpoint, *_ in _requests(app)}
    assert {"facilitate.household", "reports.completions", "admin.disable", "learn.my_progress"} <= endpoints


def test_anonymous_visitors_are_sent_to_the_right_sign_in_from_every_signed_in_endpoint(app, client):
    token = csrf_token(client.get("/tools/budget").text)
    wrong = []
    for endpoint, method, url, access in _requests(app):
        response = _send(client, method, url, token)
        expected = "/staff/login" if access[0] == STAFF else "/household/sign-in"
        if response.status_code != 302 or not response.headers["Location"].startswith(expected):
            wrong.append((endpoint, method, response.status_code, response.headers.get("Location")))
    assert wrong == []


def test_a_signed_in_household_is_not_staff_anywhere(app, member_client):
    token = csrf_token(member_client.get("/tools/budget").text)
    wrong = []
    for endpoint, method, url, access in _requests(app):
        if access[0] != STAFF:
            continue
        response = _send(member_client, method, url, token)
        if response.status_code != 302 or not response.headers["Location"].startswith("/staff/login"):
            wrong.append((endpoint, method, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_staff_get_403_wherever_their_role_is_not_in_the_rule(app, auth, role):
    scope = {"facilitator": {"townships": ("MMR011001",)}, "coordinator": {"states": ("MMR011",)}}.get(role, {})
    client, _ = auth.staff_client(role, **scope)
    token = csrf_token(client.get("/staff/account").text)
    refused, checked = [], 0
    for endpoint, method, url, access in _requests(app):
        if access[0] != STAFF or role in access[1]:
            continue
        checked += 1
        response = _send(client, method, url, token)
        if response.status_code != 403:
            refused.append((endpoint, method, response.status_code))
    assert refused == []
    if role == "facilitator":  # reports and staff accounts are for coordinators and admins
        assert checked >= 5
    assert client.get("/staff/").status_code == 200  # still signed in: nothing above signed them out
