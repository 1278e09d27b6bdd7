"""Data-protection duties: consent withdrawal and the retention purge.

Erasing a person blanks the fields that name or reach them (name, father's name; the household's village and
phone once nobody in it is left) and keeps the row, so that anonymous counts (members by sex and age band,
lessons read, quiz results, certificates, attendance) stay as they were. Erased members disappear from every
list, export and choice; their certificates stay counted but verification no longer shows a name.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, union_all, update
from sqlalchemy.orm import Session

from learning.audit import record
from learning.db import UTCDateTime, utcnow
from learning.facilitate.models import Attendance, AttendanceRecord, GroupSession
from learning.households.models import Household, HouseholdSession, Member
from learning.learn.models import LessonRead, QuizAttempt

VOID_PIN_HASH = "!"  # matches no PIN: an erased household cannot be signed in to until it is registered again


def erase_member(member: Member, now: datetime) -> None:
    """Blank a member's personal fields; the row stays for the counts."""
    member.name = ""
    member.father_name = ""
    member.erased_at = now


def _end_sessions(db: Session, household_id: int, member_id: int | None = None) -> None:
    """Household sign-ins: end them all, or only take the erased member off those where they are chosen."""
    query = update(HouseholdSession).where(HouseholdSession.household_id == household_id)
    if member_id is None:
        db.execute(query.where(HouseholdSession.ended_at.is_(None)).values(ended_at=utcnow(), member_id=None))
    else:
        db.execute(query.where(HouseholdSession.member_id == member_id).values(member_id=None))


def erase_household(db: Session, household: Household, now: datetime) -> None:
    """Blank the household's village, phone and duplicate key, void its PIN and end its sign-ins."""
    household.village = ""
    household.phone = None
    household.duplicate_key = None
    household.pin_hash = VOID_PIN_HASH
    household.erased_at = now
    _end_sessions(db, household.id)


def withdraw_consent(db: Session, member: Member, staff_id: int) -> bool:
    """Record that a member withdrew consent and erase them; False when it was already recorded."""
    if member.withdrawn_at is not None or member.erased_at is not None:
        return False
    now = utcnow()
    household = member.household
    member.withdrawn_at = now
    erase_member(member, now)
    household.duplicate_key = None  # an import's key may be made of this person's name: it goes with them
    _end_sessions(db, household.id, member.id)
    if not household.current_members:
        erase_household(db, household, now)
    record(db, "member.consent_withdrawn", "member", member.id, actor_id=staff_id,
           township_pcode=household.township_pcode, household_id=household.id,
           household_erased=household.erased_at is not None)
    db.flush()
    return True


def last_activity():
    """A subquery of (household_id, last_active): the newest of registration, sign-in, lesson read, quiz
    attempt and session attended."""
    member = select(Member.id, Member.household_id).subquery()
    events = union_all(
        select(Household.id.label("household_id"), Household.created_at.label("at")),
        select(HouseholdSession.household_id, HouseholdSession.last_seen_at),
        select(member.c.household_id, LessonRead.read_at).join(member, LessonRead.member_id == member.c.id),
        select(member.c.household_id, QuizAttempt.created_at).join(member, QuizAttempt.member_id == member.c.id),
        select(member.c.household_id, GroupSession.created_at)
        .join(AttendanceRecord, AttendanceRecord.session_id == GroupSession.id)
        .join(member, AttendanceRecord.member_id == member.c.id)
        .where(AttendanceRecord.status == Attendance.PRESENT),
    ).subquery()
    return (select(events.c.household_id, func.max(events.c.at, type_=UTCDateTime()).label("last_active"))
            .group_by(events.c.household_id).subquery())


@dataclass(frozen=True)
class PurgeCandidate:
    """A household that has been inactive long enough for its personal data to be erased."""

    household_id: int
    code: str
    township_pcode: str
    last_active: datetime
    members: int
    has_phone: bool


def inactive_households(db: Session, cutoff: datetime) -> list[PurgeCandidate]:
    """Households not yet erased whose last activity is before cutoff, oldest first."""
    active = last_activity()
    kept = (select(Member.household_id, func.count().label("members")).where(Member.erased_at.is_(None))
            .group_by(Member.household_id).subquery())
    rows = db.execute(
        select(Household.id, Household.code, Household.township_pcode, active.c.last_active,
               func.coalesce(kept.c.members, 0), Household.phone)
        .join(active, active.c.household_id == Household.id)
        .outerjoin(kept, kept.c.household_id == Household.id)
        .where(Household.erased_at.is_(None), active.c.last_active < cutoff)
        .order_by(active.c.last_active, Household.id)
    )
    return [PurgeCandidate(hid, code, pcode, last, members, bool(phone))
            for hid, code, pcode, last, members, phone in rows]


def purge(db: Session, candidates: list[PurgeCandidate], older_than_days: int) -> int:
    """Erase the members, village and phone of each candidate household; returns how many were erased."""
    now = utcnow()
    erased = 0
    for candidate in candidates:
        household = db.get(Household, candidate.household_id)
        if household is None or household.erased_at is not None:
            continue
        for member in household.current_members:
            erase_member(member, now)
        erase_household(db, household, now)
        record(db, "household.purged", "household", household.id, township_pcode=household.township_pcode,
               older_than_days=older_than_days)
        erased += 1
    db.flush()
    return erased
