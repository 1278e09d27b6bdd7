"""Every endpoint declares who may use it."""
from learning.auth.access import PUBLIC, STAFF
from learning.auth.household_session import HOUSEHOLD


def test_every_endpoint_declares_an_access_rule(app):
    undeclared = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue  # files under static/ are public by nature
        view = app.view_functions[rule.endpoint]
        access = getattr(view, "access_rule", None)
        if access != PUBLIC and not (isinstance(access, tuple) and access[0] in (STAFF, HOUSEHOLD)):
            undeclared.append(rule.endpoint)
    assert undeclared == []
