"""Staff passwords: changing one's own, a reset by an admin or coordinator, re-enabling an account, and the
``flask users set-password`` command. Every change is audited and ends the account's other sessions."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.auth.models import Staff
from learning.auth.passwords import password_problem, verify_password
from tests.builders import PASSWORD, make_staff
from tests.conftest import csrf_token

NEW_PASSWORD = "river boat seven lanterns"


def fresh(db, staff_id: int) -> Staff:
    db.rollback()
    db.expire_all()
    return db.get(Staff, staff_id)


def audit_actions(db, staff_id: int) -> list[tuple[str, int | None]]:
    db.rollback()
    return [(e.action, e.actor_id) for e in db.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == "staff", AuditEntry.subject_id == staff_id)
        .order_by(AuditEntry.id))]


def change_own(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    page = client.get("/staff/password")
    return client.post("/staff/password?lang=en", data={
        "current_password": current, "new_password": new, "confirm_password": new if confirm is None else confirm,
        "csrf_token": csrf_token(page.text)})


def reset(client, staff_id: int, new=NEW_PASSWORD, confirm=None):
    page = client.get("/admin/staff")
    return client.post(f"/admin/staff/{staff_id}/password?lang=en", data={
        "new_password": new, "confirm_password": new if confirm is None else confirm,
        "csrf_token": csrf_token(page.text)})


def enable(client, staff_id: int):
    page = client.get("/admin/staff")
    return client.post(f"/admin/staff/{staff_id}/enable", data={"csrf_token": csrf_token(page.text)})


# -- the rule --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("password", [
    "short", "password123", "qwertyuiop", "1q2w3e4r5t", "Password1234", "1234567890", "twelet2026!", "Myanmar12345",
    "yangon123456", "mawlamyine1", "aaaaaaaaaaaa", "asdfghjkl;'", "demo-password",
])
def test_short_and_common_passwords_are_refused(password):
    assert password_problem(password) is not None


@pytest.mark.parametrize("password", [PASSWORD, NEW_PASSWORD, "Thazin-ferry-2031", "9 lanterns on the river"])
def test_long_uncommon_passwords_pass(password):
    assert password_problem(password) is None


def test_the_username_is_no_password():
    assert password_problem("ko.min.ko.min", username="ko.min.ko.min") is not None


# -- changing one's own ----------------------------------------------------------------------------------------

def test_staff_change_their_password_and_only_their_other_sessions_end(auth, app, client, db):
    staff = auth.new_staff("facilitator")
    other_device = app.test_client()
    assert auth.on(other_device).staff(staff.username).status_code == 302

    response = change_own(client)

    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200  # this browser stays signed in
    assert other_device.get("/staff/").status_code == 302  # the other is signed out
    assert verify_password(fresh(db, staff.id).password_hash, NEW_PASSWORD)
    assert audit_actions(db, staff.id)[-1] == ("staff.password_changed", staff.id)
    auth.logout()
    assert auth.staff(staff.username, PASSWORD).status_code == 400
    assert auth.staff(staff.username, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(("current", "new", "confirm", "message"), [
    ("wrong password!", NEW_PASSWORD, NEW_PASSWORD, "Your current password is not right."),
    (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "The two new passwords are not the same."),
    (PASSWORD, "short", "short", "at least 10 characters"),
    (PASSWORD, "password1234", "password1234", "too common"),
    (PASSWORD, "", "", "Enter a new password."),
])
def test_a_refused_change_says_why_and_changes_nothing(auth, client, db, current, new, confirm, message):
    staff = auth.new_staff("facilitator")
    before = fresh(db, staff.id)
    hash_before, nonce_before = before.password_hash, before.session_nonce

    response = change_own(client, current, new, confirm)

    assert response.status_code == 400 and message in response.text
    after = fresh(db, staff.id)
    assert (after.password_hash, after.session_nonce) == (hash_before, nonce_before)
    assert audit_actions(db, staff.id) == []
    assert client.get("/staff/").status_code == 200


def test_the_password_form_is_rate_limited_like_the_sign_in(auth, app, client):
    auth.new_staff("facilitator")
    app.config["STAFF_LOGIN_LIMIT"] = "3 per minute"
    codes = [change_own(client, "wrong password!").status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]


# -- reset and re-enable by admins and coordinators ------------------------------------------------------------

def test_a_coordinator_resets_a_facilitators_password_and_all_their_sessions_end(auth, app, db):
    facilitator_client, facilitator = auth.staff_client("facilitator", townships=("MMR011001",))
    coordinator_client, coordinator = auth.staff_client("coordinator", states=("MMR011",))

    response = reset(coordinator_client, facilitator.id)

    assert response.status_code == 302
    assert facilitator_client.get("/staff/").status_code == 302  # signed out
    assert coordinator_client.get("/staff/").status_code == 200
    assert verify_password(fresh(db, facilitator.id).password_hash, NEW_PASSWORD)
    assert audit_actions(db, facilitator.id)[-1] == ("staff.password_reset", coordinator.id)
    assert auth.on(app.test_client()).staff(facilitator.username, NEW_PASSWORD).status_code == 302


def test_a_reset_with_a_weak_or_mismatched_password_changes_nothing(auth, db):
    _, facilitator = auth.staff_client("facilitator", townships=("MMR011001",))
    coordinator_client, _ = auth.staff_client("coordinator", states=("MMR011",))
    before = fresh(db, facilitator.id).password_hash
    weak = reset(coordinator_client, facilitator.id, "qwerty123456")
    mismatched = reset(coordinator_client, facilitator.id, NEW_PASSWORD, NEW_PASSWORD + "!")
    assert weak.status_code == mismatched.status_code == 400
    assert "too common" in weak.text and "not the same" in mismatched.text
    assert fresh(db, facilitator.id).password_hash == before
    assert audit_actions(db, facilitator.id) == []


def test_a_coordinator_cannot_reset_an_admin_another_coordinator_or_staff_outside_their_area(auth, db):
    client, _ = auth.staff_client("coordinator", states=("MMR011",))
    others = [make_staff(db, "admin"), make_staff(db, "coordinator", states=("MMR011",)),
              make_staff(db, "facilitator", townships=("MMR014001",))]
    db.commit()
    for other in others:
        before = other.password_hash
        assert client.get(f"/admin/staff/{other.id}/password").status_code == 404
        assert reset(client, other.id).status_code == 404
        assert fresh(db, other.id).password_hash == before


def test_an_admin_resets_a_coordinators_password(auth, db):
    client, admin = auth.staff_client("admin")
    coordinator = make_staff(db, "coordinator")
    db.commit()
    assert reset(client, coordinator.id).status_code == 302
    assert verify_password(fresh(db, coordinator.id).password_hash, NEW_PASSWORD)
    assert audit_actions(db, coordinator.id)[-1] == ("staff.password_reset", admin.id)


def test_a_disabled_account_is_re_enabled_and_can_sign_in_again(auth, app, db):
    coordinator_client, coordinator = auth.staff_client("coordinator", states=("MMR011",))
    facilitator = make_staff(db, "facilitator", townships=("MMR011001",))
    facilitator.active = False
    db.commit()
    assert "Enable" in coordinator_client.get("/admin/staff?lang=en").text

    assert enable(coordinator_client, facilitator.id).status_code == 302

    assert fresh(db, facilitator.id).active
    assert audit_actions(db, facilitator.id)[-1] == ("staff.enable", coordinator.id)
    assert auth.on(app.test_client()).staff(facilitator.username).status_code == 302


def test_a_coordinator_cannot_enable_staff_outside_their_area(auth, db):
    client, _ = auth.staff_client("coordinator", states=("MMR011",))
    outside = make_staff(db, "facilitator", townships=("MMR014001",))
    admin = make_staff(db, "admin")
    outside.active = admin.active = False
    db.commit()
    assert enable(client, outside.id).status_code == 404
    assert enable(client, admin.id).status_code == 404
    assert not fresh(db, outside.id).active and not fresh(db, admin.id).active


# -- the command line ------------------------------------------------------------------------------------------

def test_set_password_asks_twice_and_ends_every_session(auth, app, db, runner):
    client, staff = auth.staff_client("facilitator")
    result = runner.invoke(args=["users", "set-password", staff.username], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output  # not echoed
    assert verify_password(fresh(db, staff.id).password_hash, NEW_PASSWORD)
    assert client.get("/staff/").status_code == 302
    assert audit_actions(db, staff.id)[-1] == ("staff.password_reset", None)


def test_set_password_reads_stdin_for_scripts(db, runner):
    staff = make_staff(db, "admin", username="script.admin")
    db.commit()
    result = runner.invoke(args=["users", "set-password", "script.admin", "--stdin"], input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert verify_password(fresh(db, staff.id).password_hash, NEW_PASSWORD)


@pytest.mark.parametrize(("args", "given"), [
    (["users", "set-password", "nobody.here", "--stdin"], NEW_PASSWORD + "\n"),
    (["users", "set-password", "cli.person", "--stdin"], "password1234\n"),
    (["users", "set-password", "cli.person", "--stdin"], "short\n"),
    (["users", "set-password", "cli.person", "--stdin"], "\n"),
])
def test_set_password_refuses_and_changes_nothing(db, runner, args, given):
    staff = make_staff(db, "facilitator", username="cli.person")
    db.commit()
    before = staff.password_hash
    result = runner.invoke(args=args, input=given)
    assert result.exit_code == 2 and "error:" in result.output
    assert fresh(db, staff.id).password_hash == before


def test_users_enable_re_enables_an_account(db, runner):
    staff = make_staff(db, "admin", username="locked.out")
    staff.active = False
    db.commit()
    result = runner.invoke(args=["users", "enable", "locked.out"])
    assert result.exit_code == 0, result.output
    assert fresh(db, staff.id).active
    assert audit_actions(db, staff.id)[-1] == ("staff.enable", None)


def test_a_new_account_with_a_common_first_password_is_refused(auth, db):
    client, _ = auth.staff_client("coordinator", states=("MMR011",))
    page = client.get("/admin/staff")
    response = client.post("/admin/staff?lang=en", data={
        "username": "new.fac", "display_name": "New Facilitator", "password": "qwertyuiop123", "role": "facilitator",
        "townships": "MMR011001", "csrf_token": csrf_token(page.text)})
    assert response.status_code == 400 and "too common" in response.text
    db.rollback()
    assert db.scalar(select(Staff).where(Staff.username == "new.fac")) is None
