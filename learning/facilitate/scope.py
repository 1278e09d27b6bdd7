"""Who may see what: facilitators their own groups and the households in them, coordinators their
states/regions (the area, auth/area.py), admins everything. Anything outside is answered with 404, never 403,
so ids leak nothing.

A facilitator's access follows their townships: a group of theirs in a township taken away from them is no longer
theirs (not listed, not openable, nothing recorded into it) until a coordinator gives it to a facilitator of that
township, and so is a household they registered there that is in no group. The group keeps its facilitator_id:
given the township back, they have the group back."""
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
        return query.where(Group.facilitator_id == staff.id, in_area(Group.township_pcode, staff))
    return query.where(in_area(Group.township_pcode, staff))


def households_in_scope(staff: Staff) -> Select:
    """A query for the households this staff member may see: for a facilitator, those in their groups and
    those they registered in their townships that are in no group yet."""
    query = select(Household)
    if staff.role is Role.FACILITATOR:
        own_groups = groups_in_scope(staff).with_only_columns(Group.id)
        return query.where(or_(
            Household.group_id.in_(own_groups),
            and_(Household.group_id.is_(None), Household.consent_recorded_by_id == staff.id,
                 in_area(Household.township_pcode, staff)),
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


def facilitators_of_township(township_pcode: str) -> Select:
    """A query for the active facilitators who work in the township: those a group there may be given to."""
    return select(Staff).where(Staff.role == Role.FACILITATOR, Staff.active.is_(True),
                               Staff.townships.any(Township.pcode == township_pcode))


def groups_left_behind(staff: Staff) -> Select:
    """A query for a facilitator's groups in townships no longer theirs: they wait for a new facilitator."""
    return select(Group).where(Group.facilitator_id == staff.id, ~in_area(Group.township_pcode, staff))


def township_choices(db, staff: Staff) -> list[Township]:
    """The townships a staff member may create groups and register households in."""
    return list(db.scalars(townships_in_area(staff)))
