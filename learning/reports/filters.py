"""Report filters and the coordinator's area, applied the same way to the dashboard and every export."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import Select

from learning.facilitate.models import Group
from learning.households.models import Household
from learning.places.models import Township


@dataclass(frozen=True)
class ReportFilter:
    """What a report covers; None means no restriction beyond the person's area."""

    state: str | None = None
    township: str | None = None
    group_id: int | None = None
    course_id: str | None = None
    since: date | None = None
    until: date | None = None

    def as_dict(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items() if v is not None}


def _restrict(query: Select, report: ReportFilter, states: list[str] | None, township_column, group_column) -> Select:
    query = query.join(Township, township_column == Township.pcode)
    if states is not None:
        query = query.where(Township.state_pcode.in_(states))
    if report.state:
        query = query.where(Township.state_pcode == report.state)
    if report.township:
        query = query.where(township_column == report.township)
    if report.group_id:
        query = query.where(group_column == report.group_id)
    return query


def restrict_households(query: Select, report: ReportFilter, states: list[str] | None) -> Select:
    """Limit a query that already selects from Household to the filter and the area (joins Township)."""
    return _restrict(query, report, states, Household.township_pcode, Household.group_id)


def restrict_groups(query: Select, report: ReportFilter, states: list[str] | None) -> Select:
    """The same for a query on groups."""
    return _restrict(query, report, states, Group.township_pcode, Group.id)
