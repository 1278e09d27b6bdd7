"""Every endpoint declares who may use it, and the declared rule is what the server enforces.

The rules are: public; household (a signed-in household) or member (a household with a member chosen); staff with
a tuple of roles (facilitator, coordinator, admin). Run with -s to see the map of every endpoint and its rule.
"""
from types import SimpleNamespace

import pytest

from learning.auth.access import PUBLIC, STAFF
from learning.auth.household_session import HOUSEHOLD
from learning.auth.models import Role
from tests.builders import make_group, make_household, make_staff
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
# A quiz's questions as a saved course keeps them (no answers, no person): the one public page under a quiz URL.
SAVED_QUIZ = "learn.quiz_copy"


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
        if "/quiz" in url and rule != "member" and endpoint != SAVED_QUIZ:
            wrong.append((endpoint, url, rule))
    assert wrong == []
    assert rule_map(app)[SAVED_QUIZ][1] == "public"


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


# -- a facilitator's access follows their townships (facilitate/scope.py) ---------------------------------------

def _set_townships(client, staff_id: int, *pcodes: str):
    page = client.get(f"/admin/staff/{staff_id}/townships")
    return client.post(f"/admin/staff/{staff_id}/townships",
                       data={"townships": list(pcodes), "csrf_token": csrf_token(page.text)})


@pytest.fixture
def mudon_group(auth, db):
    """A facilitator of Mawlamyine and Mudon with a group in Mudon (a household in it) and a household in Mudon
    they registered that is in no group yet; the coordinator of Mon State."""
    facilitator_client, facilitator = auth.staff_client("facilitator", townships=("MMR011001", "MMR011005"))
    coordinator_client, _ = auth.staff_client("coordinator", states=("MMR011",))
    household = make_household(db, members=1, township="MMR011005")
    group = make_group(db, facilitator, [household], township="MMR011005", name="Mudon Savers")
    loose = make_household(db, members=1, township="MMR011005")
    loose.consent_recorded_by_id = facilitator.id
    db.commit()
    return SimpleNamespace(facilitator_client=facilitator_client, facilitator=facilitator, group=group,
                           household=household, loose=loose, coordinator_client=coordinator_client)


def test_a_facilitator_whose_township_is_removed_loses_its_groups_until_reassigned(mudon_group):
    w = mudon_group
    client = w.facilitator_client
    assert client.get(f"/facilitate/groups/{w.group.id}").status_code == 200  # theirs before the change

    w.coordinator_client.get("/?lang=en")  # the notice is written in the language of the request that saves
    assert _set_townships(w.coordinator_client, w.facilitator.id, "MMR011001").status_code == 302
    assert "1 of their groups is in a township no longer theirs" in w.coordinator_client.get("/admin/staff?lang=en").text

    assert "Mudon Savers" not in client.get("/facilitate/groups").text
    for url in (f"/facilitate/groups/{w.group.id}", f"/facilitate/register?group_id={w.group.id}",
                f"/facilitate/groups/{w.group.id}/sessions/new", f"/facilitate/households/{w.household.id}",
                f"/facilitate/households/{w.loose.id}", f"/facilitate/import?group_id={w.group.id}"):
        assert client.get(url).status_code == 404, url
    token = csrf_token(client.get("/facilitate/groups").text)
    registration = client.post(f"/facilitate/register?group_id={w.group.id}", data={
        "csrf_token": token, "submission_id": "township-removed-0001", "township": "MMR011005",
        "village": "Ywa Thit", "consent_language": "my", "members-0-name": "Daw Late", "members-0-father_name": "U Ba",
        "members-0-sex": "female", "members-0-birth_year": "1980", "members-0-relation": "head",
        "members-0-language": "my", "consent": "y"})
    assert registration.status_code == 404
    assert w.household.code not in client.get("/facilitate/households").text
    # The coordinator still has the group, and what it holds.
    assert w.coordinator_client.get(f"/facilitate/groups/{w.group.id}").status_code == 200
    assert w.coordinator_client.get(f"/facilitate/households/{w.household.id}").status_code == 200


def test_the_coordinator_reassigns_the_group_to_a_facilitator_of_its_township(auth, db, mudon_group):
    w = mudon_group
    _set_townships(w.coordinator_client, w.facilitator.id, "MMR011001")
    new_client, newcomer = auth.staff_client("facilitator", townships=("MMR011005",))
    elsewhere = make_staff(db, "facilitator", townships=("MMR011001",))
    db.commit()
    page = w.coordinator_client.get(f"/facilitate/groups/{w.group.id}/facilitator")
    assert page.status_code == 200 and newcomer.display_name in page.text
    token = csrf_token(page.text)

    # Only a facilitator who works in the group's township is a choice.
    refused = w.coordinator_client.post(f"/facilitate/groups/{w.group.id}/facilitator",
                                        data={"facilitator": elsewhere.id, "csrf_token": token})
    garbled = w.coordinator_client.post(f"/facilitate/groups/{w.group.id}/facilitator",
                                        data={"facilitator": "x", "csrf_token": token})
    assert refused.status_code == garbled.status_code == 400
    assert new_client.get(f"/facilitate/groups/{w.group.id}").status_code == 404

    moved = w.coordinator_client.post(f"/facilitate/groups/{w.group.id}/facilitator",
                                      data={"facilitator": newcomer.id, "csrf_token": token})
    assert moved.status_code == 302
    assert new_client.get(f"/facilitate/groups/{w.group.id}").status_code == 200
    assert new_client.get(f"/facilitate/households/{w.household.id}").status_code == 200
    assert w.facilitator_client.get(f"/facilitate/groups/{w.group.id}").status_code == 404
