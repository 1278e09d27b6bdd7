"""The flask commands for staff, places and demo data."""
from sqlalchemy import func, select

from learning.auth.models import Role, Staff
from learning.auth.passwords import verify_password


def test_users_create_makes_a_facilitator_with_townships(runner, db):
    result = runner.invoke(
        args=["users", "create", "ko.min", "--role", "facilitator", "--township", "MMR011001",
              "--township", "MMR011002", "--name", "ကိုမင်း", "--password", "a long enough password"]
    )
    assert result.exit_code == 0, result.output
    staff = db.scalar(select(Staff).where(Staff.username == "ko.min"))
    assert staff.role is Role.FACILITATOR and staff.display_name == "ကိုမင်း"
    assert [t.pcode for t in staff.townships] == ["MMR011001", "MMR011002"]
    assert verify_password(staff.password_hash, "a long enough password")


def test_users_create_refuses_bad_scopes_and_creates_nothing(runner, db):
    cases = [
        ["users", "create", "x1", "--role", "facilitator", "--password", "a long enough password"],
        ["users", "create", "x2", "--role", "coordinator", "--township", "MMR011001", "--password", "a long enough password"],
        ["users", "create", "x3", "--role", "facilitator", "--township", "MMR999999", "--password", "a long enough password"],
        ["users", "create", "x4", "--role", "admin", "--password", "short"],
    ]
    for args in cases:
        result = runner.invoke(args=args)
        assert result.exit_code == 2, (args, result.output)
        assert "error:" in result.output
    assert db.scalar(select(func.count()).select_from(Staff)) == 0


def test_demo_load_creates_the_three_demo_accounts_once(runner, db):
    assert runner.invoke(args=["demo", "load", "--if-empty"]).exit_code == 0
    again = runner.invoke(args=["demo", "load", "--if-empty"])
    assert again.exit_code == 0 and "nothing loaded" in again.output
    accounts = {s.username: s for s in db.scalars(select(Staff))}
    assert set(accounts) == {"admin", "coordinator", "facilitator"}
    assert {s.pcode for s in accounts["coordinator"].states} == {"MMR011", "MMR003"}
    assert {t.state_pcode for t in accounts["facilitator"].townships} == {"MMR011"}
    assert len(accounts["facilitator"].townships) == 2
    assert verify_password(accounts["admin"].password_hash, "demo-password")


def test_places_load_is_idempotent(runner):
    result = runner.invoke(args=["places", "load"])
    assert result.exit_code == 0 and "0 added, 0 updated" in result.output
