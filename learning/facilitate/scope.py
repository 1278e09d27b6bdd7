"""Which households a staff member may see: facilitators their townships, coordinators their states."""
from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select

from learning.auth.models import Role, Staff
from learning.households.models import Household
from learning.places.models import Township


def households_in_scope(staff: Staff) -> Select:
    """A query for the households this staff member may see."""
    query = select(Household)
    if staff.role is Role.FACILITATOR:
        return query.where(Household.township_pcode.in_([t.pcode for t in staff.townships]))
    if staff.role is Role.COORDINATOR:
        return query.join(Township).where(Township.state_pcode.in_([s.pcode for s in staff.states]))
    return query


def household_or_404(db, staff: Staff, household_id: int) -> Household:
    """The household if it exists and is within the staff member's area; 404 otherwise (never 403)."""
    found = db.scalar(households_in_scope(staff).where(Household.id == household_id))
    if found is None:
        abort(404)
    return found
