"""Suspected duplicates for coordinators: households imported with the same key as a household outside the
importer's groups or area (the importer was told nothing). A coordinator sees the pairs where either household is
in their area, with both households' codes, townships and groups, and marks a pair resolved."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import aliased, joinedload

from learning import db
from learning.auth.access import staff_required
from learning.auth.area import in_area
from learning.auth.models import Role, Staff
from learning.facilitate import bp, services
from learning.facilitate.models import Group, SuspectedDuplicate
from learning.households.models import Household
from learning.paging import page_number_from, paginate

PAIRS_PAGE = 50


def pairs_in_area(staff: Staff) -> Select:
    """A query for the unresolved pairs with a household in the staff member's area (neither erased)."""
    new, old = aliased(Household), aliased(Household)
    return (
        select(SuspectedDuplicate)
        .join(new, new.id == SuspectedDuplicate.household_id)
        .join(old, old.id == SuspectedDuplicate.matches_id)
        .where(SuspectedDuplicate.resolved_at.is_(None), new.erased_at.is_(None), old.erased_at.is_(None),
               or_(in_area(new.township_pcode, staff), in_area(old.township_pcode, staff)))
    )


def _households(pairs: list[SuspectedDuplicate]) -> dict[int, tuple[Household, str | None]]:
    """The households of a page of pairs, with their group's name: one query, whatever the page holds."""
    ids = {p.household_id for p in pairs} | {p.matches_id for p in pairs}
    if not ids:
        return {}
    rows = db.session.execute(
        select(Household, Group.name).outerjoin(Group, Group.id == Household.group_id)
        .where(Household.id.in_(ids)).options(joinedload(Household.township)))
    return {household.id: (household, group) for household, group in rows}


@bp.route("/duplicates")
@staff_required(Role.COORDINATOR, Role.ADMIN)
def duplicates():
    """Suspected duplicates in your area, a page at a time, oldest first."""
    query = pairs_in_area(current_user).order_by(SuspectedDuplicate.id)
    page = paginate(db.session, query, page_number_from(request.args), PAIRS_PAGE)
    return render_template("facilitate/duplicates.html", page=page, pairs=page.items,
                           households=_households(page.items))


@bp.route("/duplicates/<int:pair_id>/resolve", methods=["POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def resolve_duplicate(pair_id: int):
    """Mark a pair resolved (the coordinator has checked it, and merged or kept the households by hand)."""
    found = db.session.scalar(pairs_in_area(current_user).where(SuspectedDuplicate.id == pair_id))
    if found is None:
        abort(404)
    services.resolve_duplicate(db.session, found, current_user.id)
    db.session.commit()
    flash(_("Marked as resolved."))
    return redirect(url_for("facilitate.duplicates"))
