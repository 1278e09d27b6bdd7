"""Who may see what: facilitators their own groups and the households in them, coordinators their
states/regions (the area, auth/area.py), admins everything. Anything outside is answered with 404, never 403,
so ids leak nothing."""
from __future__ import annotations

from flask import abort
from sqlalchemy import Select, and_, or_, select

from learning.auth.area import in_area, townships_in_area
from learning.auth.models import Role, Staff
from learning.facilitate.models import Group
from learning.households.models import Household
from learning.places.models import Township


def groups_in_scope(staff: Staff) -> Select:
    """A query for the groups this staff member may see."""
    query = select(Group)
    if staff.role is Role.FACILITATOR:
        return query.where(Group.facilitator_id == staff.id)
    return query.where(in_area(Group.township_pcode, staff))


def households_in_scope(staff: Staff) -> Select:
    """A query for the households this staff member may see: for a facilitator, those in their groups and
    those they registered that are in no group yet."""
    query = select(Household)
    if staff.role is Role.FACILITATOR:
        own_groups = select(Group.id).where(Group.facilitator_id == staff.id)
        return query.where(or_(
            Household.group_id.in_(own_groups),
            and_(Household.group_id.is_(None), Household.consent_recorded_by_id == staff.id),
        ))
    return query.where(in_area(Household.township_pcode, staff))


def household_or_404(db, staff: Staff, household_id: int) -> Household:
    """The household if it exists and is within the staff member's area; 404 otherwise (never 403)."""
    found = db.scalar(households_in_scope(staff).where(Household.id == household_id))
    if found is None:
        abort(404)
    return found


def group_or_404(db, staff: Staff, group_id: int) -> Group:
    """The group if it exists and the staff member may see it; 404 otherwise."""
    found = db.scalar(groups_in_scope(staff).where(Group.id == group_id))
    if found is None:
        abort(404)
    return found


def township_choices(db, staff: Staff) -> list[Township]:
    """The townships a staff member may create groups and register households in."""
    return list(db.scalars(townships_in_area(staff)))
