"""A staff member's area, defined once: the townships they work in.

A facilitator works in their own townships, a coordinator in every township of their states/regions, an admin
everywhere. Which *records* a facilitator may see is narrower (their groups, see facilitate/scope.py); for
coordinators and admins the area is the whole rule.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, Select, false, select, true

from learning.auth.models import Role, Staff
from learning.places.models import Township


def area_states(staff: Staff | None) -> list[str] | None:
    """The states/regions a coordinator covers; None for everywhere (admins, and the command line)."""
    if staff is None or staff.role is Role.ADMIN:
        return None
    if staff.role is Role.COORDINATOR:
        return [s.pcode for s in staff.states]
    return sorted({t.state_pcode for t in staff.townships})


def townships_in_area(staff: Staff | None) -> Select:
    """A query for the townships of the staff member's area, in P-code order."""
    query = select(Township).order_by(Township.pcode)
    if staff is not None and staff.role is Role.FACILITATOR:
        return query.where(Township.pcode.in_([t.pcode for t in staff.townships]))
    states = area_states(staff)
    return query if states is None else query.where(Township.state_pcode.in_(states))


def in_area(township_column, staff: Staff | None) -> ColumnElement[bool]:
    """A condition: the township in this column lies in the staff member's area."""
    if staff is None or staff.role is Role.ADMIN:
        return true()
    if staff.role is Role.FACILITATOR:
        return township_column.in_([t.pcode for t in staff.townships])
    return township_column.in_(select(Township.pcode).where(Township.state_pcode.in_(area_states(staff))))


def manageable_staff(manager: Staff) -> Select:
    """A query for the accounts a staff member manages: admins everyone else; coordinators the facilitators
    whose townships all lie in their area; facilitators nobody."""
    query = select(Staff).where(Staff.id != manager.id)
    if manager.role is Role.ADMIN:
        return query
    if manager.role is Role.COORDINATOR:
        return query.where(Staff.role == Role.FACILITATOR, Staff.townships.any(),
                           ~Staff.townships.any(Township.state_pcode.not_in(area_states(manager))))
    return query.where(false())
