"""Staff pages: disabling an account takes a confirmation, and the dashboard's filter is a visible control."""
import re

import pytest
from sqlalchemy import func, select

from learning.audit.models import AuditEntry
from learning.auth.models import Staff
from learning.i18n.languages import LANGUAGES
from tests.builders import make_staff
from tests.conftest import csrf_token


@pytest.fixture
def coordinator(auth):
    client, _ = auth.staff_client("coordinator", states=("MMR011",))
    return client


@pytest.fixture
def facilitator(app, auth, db):
    """Daw Thida's account, signed in on her own phone (the second value)."""
    account = make_staff(db, role="facilitator", username="daw.thida", display_name="Daw Thida",
                         townships=("MMR011001",))
    db.commit()
    phone = app.test_client()
    assert auth.on(phone).staff("daw.thida").status_code == 302
    return account, phone


def state(db, account) -> tuple[bool, int]:
    """Whether the account is active, and how many staff.disable entries the audit log has about it."""
    db.rollback()
    db.expire_all()
    entries = db.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "staff.disable", AuditEntry.subject_id == account.id))
    return db.get(Staff, account.id).active, entries


def test_the_staff_list_links_to_a_confirmation_instead_of_disabling_on_one_tap(coordinator, facilitator):
    account, _phone = facilitator
    page = coordinator.get("/admin/staff?lang=en").text
    assert f'href="/admin/staff/{account.id}/disable"' in page
    assert f'action="/admin/staff/{account.id}/disable"' not in page  # no one-tap form


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_confirmation_page_names_the_account_and_changes_nothing(coordinator, facilitator, db, code):
    account, phone = facilitator
    page = coordinator.get(f"/admin/staff/{account.id}/disable?lang={code}")
    assert page.status_code == 200 and f'lang="{code}"' in page.text
    assert "Daw Thida" in page.text and "daw.thida" in page.text
    assert re.search(r'<input[^>]*name="confirm"[^>]*type="checkbox"|<input[^>]*type="checkbox"[^>]*name="confirm"',
                     page.text)
    assert 'name="csrf_token"' in page.text and 'method="post"' in page.text
    assert state(db, account) == (True, 0)
    assert phone.get("/staff/").status_code == 200  # still signed in


def test_a_post_without_the_box_ticked_disables_nothing_and_says_why(coordinator, facilitator, db):
    account, phone = facilitator
    page = coordinator.get(f"/admin/staff/{account.id}/disable?lang=en")
    for data in ({}, {"confirm": ""}):
        response = coordinator.post(f"/admin/staff/{account.id}/disable?lang=en",
                                    data={"csrf_token": csrf_token(page.text), **data})
        assert response.status_code == 400
        assert "Tick the box to confirm that this account is to be disabled." in response.text
        assert state(db, account) == (True, 0)
    assert phone.get("/staff/").status_code == 200


def test_a_post_without_the_csrf_token_disables_nothing(coordinator, facilitator, db):
    account, _phone = facilitator
    response = coordinator.post(f"/admin/staff/{account.id}/disable", data={"confirm": "y"})
    assert response.status_code == 400
    assert state(db, account) == (True, 0)


def test_the_confirmed_post_disables_once_and_writes_one_audit_entry(coordinator, facilitator, db):
    account, phone = facilitator
    token = csrf_token(coordinator.get(f"/admin/staff/{account.id}/disable").text)
    response = coordinator.post(f"/admin/staff/{account.id}/disable?lang=en",
                                data={"csrf_token": token, "confirm": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/staff")
    assert state(db, account) == (False, 1)
    assert phone.get("/staff/").status_code == 302  # her session ended at once
    assert "The account daw.thida is disabled." in coordinator.get("/admin/staff?lang=en").text
    # a second tap (the back button, a slow network) and the page afterwards change nothing more
    again = coordinator.post(f"/admin/staff/{account.id}/disable", data={"csrf_token": token, "confirm": "y"})
    assert again.status_code == 302
    assert coordinator.get(f"/admin/staff/{account.id}/disable").status_code == 302
    assert state(db, account) == (False, 1)


def test_an_account_outside_the_area_has_no_confirmation_page(coordinator, db):
    outside = make_staff(db, role="facilitator", username="shan.only", townships=("MMR014001",))
    db.commit()
    assert coordinator.get(f"/admin/staff/{outside.id}/disable").status_code == 404


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_dashboard_filter_is_drawn_as_a_button(coordinator, code):
    page = coordinator.get(f"/reports/?lang={code}").text
    summary = re.search(r'<details class="filters"[^>]*>\s*<summary class="([^"]*)">([^<]+)</summary>', page)
    assert summary and "button" in summary.group(1).split() and summary.group(2).strip()
