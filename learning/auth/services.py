"""Staff accounts: creating them, signing in and out, passwords, disabling and enabling."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learning.audit import record
from learning.auth.models import Role, Staff, new_session_nonce
from learning.auth.passwords import (
    MIN_PASSWORD_LENGTH,
    PasswordProblem,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from learning.db import utcnow
from learning.places.models import State, Township


class StaffError(ValueError):
    """A staff account cannot be created or changed as asked."""


class WrongPassword(StaffError):
    """The current password given to change it is not right."""


class WeakPassword(StaffError):
    """A new password is too short, too common or the username (problem says which)."""

    def __init__(self, problem: PasswordProblem) -> None:
        super().__init__(f"the password is {problem.value}" if problem is not PasswordProblem.TOO_SHORT
                         else f"password must be at least {MIN_PASSWORD_LENGTH} characters")
        self.problem = problem


def find_staff(db: Session, username: str) -> Staff | None:
    """The account with this username, ignoring case and surrounding spaces."""
    return db.scalar(select(Staff).where(func.lower(Staff.username) == username.strip().lower()))


def create_staff(
    db: Session,
    *,
    username: str,
    password: str,
    role: Role,
    display_name: str | None = None,
    states: Iterable[str] = (),
    townships: Iterable[str] = (),
    password_hash: str | None = None,
) -> Staff:
    """Create a staff account with its scope: states for coordinators, townships for facilitators."""
    username = username.strip()
    if not username or len(username) > 64 or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise StaffError("username must be 1-64 letters, digits, '.', '-' or '_'")
    if find_staff(db, username) is not None:
        raise StaffError(f"username {username!r} is taken")
    if password_hash is None and len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    state_rows = _lookup(db, State, set(states))
    township_rows = _lookup(db, Township, set(townships))
    if role is Role.COORDINATOR and not state_rows:
        raise StaffError("a coordinator needs at least one state/region (--state)")
    if role is Role.FACILITATOR and not township_rows:
        raise StaffError("a facilitator needs at least one township (--township)")
    if role is not Role.COORDINATOR and state_rows:
        raise StaffError("only coordinators are scoped to states/regions")
    if role is not Role.FACILITATOR and township_rows:
        raise StaffError("only facilitators are scoped to townships")
    staff = Staff(
        username=username,
        display_name=(display_name or username).strip(),
        password_hash=password_hash or hash_password(password),
        role=role,
        states=state_rows,
        townships=township_rows,
    )
    db.add(staff)
    db.flush()
    return staff


def _lookup(db: Session, model, pcodes: set[str]) -> list:
    rows = list(db.scalars(select(model).where(model.pcode.in_(pcodes)))) if pcodes else []
    missing = pcodes - {r.pcode for r in rows}
    if missing:
        raise StaffError(f"unknown P-code(s): {', '.join(sorted(missing))}")
    return rows


def authenticate(db: Session, username: str, password: str) -> Staff | None:
    """The active account whose password matches, or None (same answer for every kind of failure)."""
    staff = find_staff(db, username)
    ok = verify_password(staff.password_hash if staff else None, password)
    if staff is None or not ok or not staff.active:
        return None
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
    staff.last_login_at = utcnow()
    db.flush()
    return staff


def end_sessions(db: Session, staff: Staff) -> None:
    """Invalidate every cookie this account holds (sign-out, disabling, password change)."""
    staff.session_nonce = new_session_nonce()
    db.flush()


def rename(db: Session, staff: Staff, display_name: str) -> None:
    """Change the name shown on pages and certificates."""
    staff.display_name = display_name
    db.flush()


def load_from_cookie(db: Session, cookie_id: str) -> Staff | None:
    """Flask-Login's user loader: the account, if the cookie's nonce is still current and it is active."""
    staff_id, _, nonce = cookie_id.partition(":")
    if not staff_id.isdigit() or not nonce:
        return None
    staff = db.get(Staff, int(staff_id))
    if staff is None or not staff.active or staff.session_nonce != nonce:
        return None
    return staff


def create_staff_account(db: Session, created_by_id: int, **fields) -> Staff:
    """Create a staff account from the staff pages (create_staff's arguments) and write it to the audit log; the
    first password must pass the password rule (check_new_password)."""
    check_new_password(fields["username"], fields["password"])
    created = create_staff(db, **fields)
    record(db, "staff.create", "staff", created.id, actor_id=created_by_id,
           township_pcode=created.townships[0].pcode if created.townships else None,
           role=created.role.value, states=[s.pcode for s in created.states],
           townships=[t.pcode for t in created.townships])
    return created


def disable_staff(db: Session, staff: Staff, disabled_by_id: int) -> None:
    """Disable an account; its sessions end at once."""
    staff.active = False
    end_sessions(db, staff)
    record(db, "staff.disable", "staff", staff.id, actor_id=disabled_by_id,
           township_pcode=staff.townships[0].pcode if staff.townships else None)


def set_townships(db: Session, staff: Staff, pcodes: Iterable[str], changed_by_id: int) -> None:
    """Assign a facilitator's townships (at least one, every one known)."""
    chosen = set(pcodes)
    if not chosen:
        raise StaffError("a facilitator needs at least one township")
    staff.townships = _lookup(db, Township, chosen)
    db.flush()
    record(db, "staff.townships", "staff", staff.id, actor_id=changed_by_id,
           township_pcode=sorted(chosen)[0], townships=sorted(chosen))


def check_new_password(username: str, password: str) -> None:
    """Raise WeakPassword unless the password may be used for this account."""
    problem = password_problem(password, username)
    if problem is not None:
        raise WeakPassword(problem)


def _first_township(staff: Staff) -> str | None:
    return staff.townships[0].pcode if staff.townships else None


def change_password(db: Session, staff: Staff, current: str, new: str) -> None:
    """The staff member changes their own password; every session of theirs ends (the route signs the current one
    in again)."""
    if not verify_password(staff.password_hash, current):
        raise WrongPassword("the current password is not right")
    check_new_password(staff.username, new)
    staff.password_hash = hash_password(new)
    end_sessions(db, staff)
    record(db, "staff.password_changed", "staff", staff.id, actor_id=staff.id, township_pcode=_first_township(staff))


def reset_password(db: Session, staff: Staff, new: str, reset_by_id: int | None, *, via: str = "web") -> None:
    """Set another account's password (an admin or coordinator, or the command line with no actor); every session
    of that account ends."""
    check_new_password(staff.username, new)
    staff.password_hash = hash_password(new)
    end_sessions(db, staff)
    record(db, "staff.password_reset", "staff", staff.id, actor_id=reset_by_id, township_pcode=_first_township(staff),
           via=via)


def enable_staff(db: Session, staff: Staff, enabled_by_id: int | None, *, via: str = "web") -> bool:
    """Re-enable a disabled account (it signs in with its password as before); False when it was not disabled."""
    if staff.active:
        return False
    staff.active = True
    db.flush()
    record(db, "staff.enable", "staff", staff.id, actor_id=enabled_by_id, township_pcode=_first_township(staff),
           via=via)
    return True
