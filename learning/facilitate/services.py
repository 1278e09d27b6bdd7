"""Facilitators' writes: groups, registration and import, PINs and unlocking, sessions with attendance, paper
results. Each operation takes the session and plain values, writes its audit entry itself, flushes and never
commits: the route commits once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.audit import record
from learning.auth.models import Role, Staff
from learning.content.model import Course, Lesson, Module
from learning.db import insert_ignoring_conflict, utcnow
from learning.facilitate.importing import IN_CHUNK, HouseholdRows
from learning.facilitate.models import Attendance, AttendanceRecord, Group, GroupSession, SuspectedDuplicate
from learning.households import services as households
from learning.households.models import Household, Member
from learning.learn.grading import Answer
from learning.learn.models import Source
from learning.learn.services import Recorded, record_answers, record_read


def create_group(db: Session, facilitator_id: int, *, name: str, township_pcode: str, village: str,
                 start_date: date) -> Group:
    """Start a group of the facilitator's."""
    group = Group(name=name, township_pcode=township_pcode, village=village, start_date=start_date,
                  facilitator_id=facilitator_id)
    db.add(group)
    db.flush()
    return group


def add_to_group(db: Session, household: Household, group: Group) -> None:
    """Put a household into a group."""
    household.group_id = group.id
    db.flush()


class GroupError(ValueError):
    """A group cannot be changed as asked."""


def reassign_group(db: Session, group: Group, facilitator: Staff, staff_id: int) -> None:
    """Give the group to another facilitator, one who works in its township (a coordinator's or admin's change)."""
    if facilitator.role is not Role.FACILITATOR or not facilitator.active \
            or group.township_pcode not in {t.pcode for t in facilitator.townships}:
        raise GroupError("the new facilitator must be an active facilitator of the group's township")
    before = group.facilitator_id
    group.facilitator_id = facilitator.id
    db.flush()
    record(db, "group.reassign", "group", group.id, actor_id=staff_id, township_pcode=group.township_pcode,
           facilitator_before=before, facilitator_after=facilitator.id)


# -- households ---------------------------------------------------------------------------------------------------

def registered_by(db: Session, submission_id: str) -> Household | None:
    """The household a registration form already saved (a double tap or a retried post), if any."""
    return db.scalar(select(Household).where(Household.import_key == f"form:{submission_id}"))


def register(db: Session, staff_id: int, submission_id: str, *, group: Group | None, township_pcode: str,
             village: str, phone: str | None, consent_language: str, members: list[households.NewMember],
             pepper: str) -> tuple[Household, str]:
    """Register a household with its members and their consent; returns it and its PIN (to show once)."""
    household, pin = households.register_household(
        db, township_pcode=township_pcode, village=village, phone=phone, consent_recorded_by_id=staff_id,
        consent_language=consent_language, members=members, pepper=pepper, import_key=f"form:{submission_id}",
        group_id=group.id if group is not None else None,
    )
    record(db, "household.register", "household", household.id, actor_id=staff_id,
           township_pcode=household.township_pcode, members=len(members))
    return household, pin


def save_import(db: Session, rows: list[HouseholdRows], staff_id: int, group: Group | None) -> int:
    """Register every household of a checked file not imported before, all in the caller's transaction. No PIN is
    made (argon2 for each household would take minutes): printing the group's cards issues them. A household whose
    key matches one outside the importer's scope is saved like any other, and the pair is kept for the coordinators
    (nothing in what the importer sees differs)."""
    saved = []
    for household in rows:
        if household.already:
            continue
        v = household.values
        new, _none = households.register_household(
            db, township_pcode=v["township"], village=v["village"], phone=v["phone"] or None,
            consent_recorded_by_id=staff_id, consent_language=v["consent_language"],
            members=household.parsed_members, pepper=None, with_pin=False, duplicate_key=household.duplicate_key,
            group_id=group.id if group is not None else None,
        )
        saved.append(new)
    db.flush()
    _suspect_duplicates(db, saved, staff_id)
    record(db, "households.import", "import", None, actor_id=staff_id, households=len(saved),
           skipped=sum(h.already for h in rows))
    return len(saved)


def _suspect_duplicates(db: Session, saved: list[Household], staff_id: int) -> None:
    """Keep a pair for each earlier household with the same duplicate key as a household just saved."""
    by_key = {h.duplicate_key: h for h in saved if h.duplicate_key}
    keys, new_ids = sorted(by_key), [h.id for h in saved]
    for start in range(0, len(keys), IN_CHUNK):
        matches = db.execute(select(Household.id, Household.duplicate_key).where(
            Household.duplicate_key.in_(keys[start:start + IN_CHUNK]), Household.id.not_in(new_ids)))
        db.add_all(SuspectedDuplicate(household_id=by_key[key].id, matches_id=match_id, found_by_id=staff_id)
                   for match_id, key in matches)
    db.flush()


def resolve_duplicate(db: Session, pair: SuspectedDuplicate, staff_id: int) -> bool:
    """A coordinator has dealt with a suspected duplicate; False when it was resolved already."""
    if pair.resolved_at is not None:
        return False
    pair.resolved_at = utcnow()
    pair.resolved_by_id = staff_id
    township = db.scalar(select(Household.township_pcode).where(Household.id == pair.household_id))
    record(db, "household.duplicate_resolved", "household", pair.household_id, actor_id=staff_id,
           township_pcode=township, matches_id=pair.matches_id)
    db.flush()
    return True


def new_pin(db: Session, household: Household, staff_id: int, pepper: str, reason: str | None = None) -> str:
    """Give the household a new PIN (returned once, to write on its card) and lift any lock."""
    pin = households.issue_pin(db, household, pepper)
    details = {"reason": reason} if reason else {}
    record(db, "household.new_pin", "household", household.id, actor_id=staff_id,
           township_pcode=household.township_pcode, **details)
    return pin


def new_group_pins(db: Session, group_households: list[Household], staff_id: int,
                   pepper: str) -> list[tuple[Household, str]]:
    """New PINs for every household of a group, for printing their cards."""
    return [(h, new_pin(db, h, staff_id, pepper, reason="group cards printed")) for h in group_households]


def unlock(db: Session, household: Household, staff_id: int) -> None:
    """Lift a lock-out after too many wrong PINs."""
    households.unlock(db, household)
    record(db, "household.unlock", "household", household.id, actor_id=staff_id,
           township_pcode=household.township_pcode)


# -- sessions and paper results -------------------------------------------------------------------------------

def same_session(db: Session, group: Group, held_on: date, lessons: list[str]) -> GroupSession | None:
    """A session of the group already saved for that day with the same lessons covered: saving the form again
    (Save, Back, Save) opens it for editing instead of storing a second one."""
    wanted = sorted(lessons)
    return next((found for found in db.scalars(select(GroupSession).where(
        GroupSession.group_id == group.id, GroupSession.held_on == held_on).order_by(GroupSession.id))
        if sorted(found.lessons or []) == wanted), None)


def record_session(db: Session, group: Group, staff_id: int, submission_id: str, *, held_on: date,
                   covered: dict[str, tuple[Module, Lesson]], attendance: dict[int, Attendance]) -> bool:
    """Store a session with every member's attendance; the lessons covered count as read for those present.
    A double tap or a retry (the same submission id) stores it once: False then."""
    inserted = insert_ignoring_conflict(db, GroupSession, {
        "group_id": group.id, "held_on": held_on, "lessons": list(covered), "submission_id": submission_id,
        "recorded_by_id": staff_id}, ["submission_id"])
    if not inserted:
        return False
    session_id = db.scalar(select(GroupSession.id).where(GroupSession.submission_id == submission_id))
    _attend(db, session_id, staff_id, covered, attendance, {})
    db.flush()
    return True


def change_attendance(db: Session, session: GroupSession, staff_id: int, covered: dict[str, tuple[Module, Lesson]],
                      attendance: dict[int, Attendance]) -> None:
    """Correct a saved session's attendance. Members now present have the lessons covered counted as read;
    reads already counted stay (reading is never taken back). Saving the same form twice changes nothing more."""
    existing = {r.member_id: r for r in db.scalars(select(AttendanceRecord).where(
        AttendanceRecord.session_id == session.id))}
    _attend(db, session.id, staff_id, covered, attendance, existing)
    db.flush()


def _attend(db: Session, session_id: int, staff_id: int, covered: dict[str, tuple[Module, Lesson]],
            attendance: dict[int, Attendance], existing: dict[int, AttendanceRecord]) -> None:
    for member_id, status in attendance.items():
        if member_id in existing:
            existing[member_id].status = status
        else:
            db.add(AttendanceRecord(session_id=session_id, member_id=member_id, status=status))
        if status is Attendance.PRESENT:
            for module, lesson in covered.values():
                record_read(db, member_id, module, lesson.id, Source.FACILITATOR, staff_id)


@dataclass(frozen=True)
class PaperAnswers:
    member: Member
    answers: dict[str, Answer]


def record_paper_results(db: Session, staff_id: int, submission_id: str, course: Course, module: Module,
                         results: list[PaperAnswers], answered_at: datetime | None = None) -> list[Recorded]:
    """Store each member's answers from paper like a quiz on a phone (certificates included), once per
    submission id and member; `answered_at`: when they were answered (the session's day), else now."""
    return [record_answers(db, r.member, course, module, f"{submission_id}-{r.member.id}", r.answers,
                           source=Source.FACILITATOR, recorded_by_id=staff_id, answered_at=answered_at)
            for r in results]
