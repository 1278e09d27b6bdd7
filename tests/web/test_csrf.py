"""CSRF protection on every POST in the app."""
import pytest


def _post_endpoints(app):
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and not rule.arguments:
            yield rule.rule


def test_there_are_post_endpoints_to_check(app):
    assert {"/staff/login", "/staff/logout", "/tools/remittance"} <= set(_post_endpoints(app))


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_post_without_a_csrf_token_is_refused(app, client, auth, signed_in):
    if signed_in:
        auth.new_staff("facilitator")
    for url in _post_endpoints(app):
        response = client.post(url + "?lang=en", data={"username": "x", "password": "y", "display_name": "z"})
        assert response.status_code == 400, url
        assert "Something in the request was not right" in response.text
    if signed_in:
        assert client.get("/staff/").status_code == 200  # the refused sign-out changed nothing
