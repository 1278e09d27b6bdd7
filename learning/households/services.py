"""Household sign-in: PIN checks with a lock-out counted in the database, and server-side sessions."""
from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import bindparam, case, literal, or_, select, update
from sqlalchemy.orm import Session

from learning.db import Lookup, UTCDateTime, utcnow
from learning.households.codes import code_key, hash_pin, new_household_code, new_pin, verify_pin
from learning.households.models import Household, HouseholdSession, Member, Relation, Sex

WRONG_PINS_BEFORE_LOCK = 5
LOCK_MINUTES = 15


class SignIn(Enum):
    OK = "ok"
    WRONG = "wrong"  # unknown code or wrong PIN: the same answer, so codes cannot be guessed
    LOCKED = "locked"


@dataclass(frozen=True)
class SignInResult:
    outcome: SignIn
    household: Household | None = None
    token: str | None = None  # for the cookie, only when OK


def find_household(db: Session, typed_code: str) -> Household | None:
    """The household whose code matches what was typed (case, dashes and look-alikes ignored)."""
    key = code_key(typed_code)
    return db.scalar(select(Household).where(Household.code_key == key)) if key else None


def issue_pin(db: Session, household: Household, pepper: str) -> str:
    """Give the household a new random PIN (returned once, to print) and clear any lock."""
    pin = new_pin()
    household.pin_hash = hash_pin(pepper, pin)
    household.pin_issued_at = utcnow()
    household.pin_failures = 0
    household.locked_until = None
    db.flush()
    return pin


def unlock(db: Session, household: Household) -> None:
    """A facilitator lifts a lock-out."""
    household.pin_failures = 0
    household.locked_until = None
    db.flush()


def _reserve_check(db: Session, household_id: int, now: datetime) -> int | None:
    """Count a PIN check before it is made, in one UPDATE that also sets the lock when it is the fifth since the
    last success; None, with nothing counted, while the household is locked.

    Counting first is what makes the lock-out exact: attempts from other workers at the same moment see the
    count and the lock at once (PostgreSQL holds the row until this sign-in commits and then re-reads it;
    SQLite's write lock serialises sign-ins), so no more than five PINs are ever checked per 15 minutes."""
    attempts = Household.pin_failures + 1
    lock_ends = literal(now + timedelta(minutes=LOCK_MINUTES), UTCDateTime)
    return db.execute(
        update(Household)
        .where(Household.id == household_id,
               or_(Household.locked_until.is_(None), Household.locked_until <= literal(now, UTCDateTime)))
        .values(pin_failures=attempts,
                locked_until=case((attempts % WRONG_PINS_BEFORE_LOCK == 0, lock_ends), else_=None))
        .returning(Household.pin_failures)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def sign_in(db: Session, typed_code: str, pin: str, pepper: str, now: datetime | None = None) -> SignInResult:
    """Check a household code and PIN. Every check is counted before it is made; a locked household is refused
    without checking the PIN (see :func:`_reserve_check`)."""
    now = now or utcnow()
    household = find_household(db, typed_code)
    if household is None:
        verify_pin(pepper, None, pin)  # same work as a real check
        return SignInResult(SignIn.WRONG)
    attempts = _reserve_check(db, household.id, now)
    db.expire(household, ["pin_failures", "locked_until"])
    if attempts is None:
        return SignInResult(SignIn.LOCKED, household)
    if not verify_pin(pepper, household.pin_hash, pin):
        locked = attempts % WRONG_PINS_BEFORE_LOCK == 0
        return SignInResult(SignIn.LOCKED if locked else SignIn.WRONG, household)
    db.execute(update(Household).where(Household.id == household.id).values(pin_failures=0, locked_until=None)
               .execution_options(synchronize_session=False))
    db.expire(household, ["pin_failures", "locked_until"])
    token = secrets.token_urlsafe(32)
    db.add(HouseholdSession(id=_token_hash(token), household_id=household.id, created_at=now, last_seen_at=now))
    db.flush()
    return SignInResult(SignIn.OK, household, token)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SessionPolicy:
    """When a household session ends, and how often its last-seen time is written.

    last_seen_at is written at most once per ``touch_every``, so the stored value may be up to that much older
    than the session's last request. The idle limit is checked against the stored value: a session ends
    between ``idle - touch_every`` and ``idle`` after its last request (14 to 15 minutes), never later.
    """

    idle: timedelta
    absolute: timedelta
    touch_every: timedelta = timedelta(seconds=60)


@dataclass(frozen=True)
class SignedIn:
    """A household session as pages need it: plain values from one Core query (no ORM objects, no Session),
    because every signed-in page reads it. Writes go by ``id``."""

    id: str  # SHA-256 of the cookie's token
    household_id: int
    member_id: int | None  # the member learning now
    member_name: str | None
    member_language: str | None
    created_at: datetime
    last_seen_at: datetime


_SESSIONS, _MEMBERS = HouseholdSession.__table__, Member.__table__
# Built once: the session named by a token, with the name and language of its member, in one statement.
_SIGNED_IN = Lookup(
    select(_SESSIONS.c.id, _SESSIONS.c.household_id, _SESSIONS.c.member_id, _MEMBERS.c.name,
           _MEMBERS.c.preferred_language, _SESSIONS.c.created_at, _SESSIONS.c.last_seen_at)
    .select_from(_SESSIONS.outerjoin(_MEMBERS, _MEMBERS.c.id == _SESSIONS.c.member_id))
    .where(_SESSIONS.c.id == bindparam("token_hash"), _SESSIONS.c.ended_at.is_(None))
)


def current_session(token: str | None, policy: SessionPolicy,
                    now: datetime | None = None) -> tuple[SignedIn | None, str | None]:
    """The open session a cookie's token names (with its member's name and language, in one query), and what must
    be written: "end" when it is idle or too old, "touch" when its last-seen time is older than
    ``policy.touch_every``, else None. Reads only; the caller writes (see :func:`touch_session` and
    :func:`end_session`)."""
    if not token:
        return None, None
    now = now or utcnow()
    row = _SIGNED_IN.first(token_hash=_token_hash(token))
    if row is None:
        return None, None
    found = SignedIn(*row)
    last_seen = _aware(found.last_seen_at)
    if now - last_seen > policy.idle or now - _aware(found.created_at) > policy.absolute:
        return found, "end"
    if now - last_seen >= policy.touch_every:
        return found, "touch"
    return found, None


def touch_session(db: Session, household_session: SignedIn | HouseholdSession, now: datetime,
                  policy: SessionPolicy) -> None:
    """Record that the session is in use now. Another request that touched it within the minute (a second
    worker deciding at the same moment) makes this a no-op; it never moves the time back or revives an ended
    session."""
    db.execute(
        update(HouseholdSession)
        .where(HouseholdSession.id == household_session.id, HouseholdSession.ended_at.is_(None),
               HouseholdSession.last_seen_at <= now - policy.touch_every)
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )


def end_session(db: Session, household_session: SignedIn | HouseholdSession, now: datetime | None = None) -> None:
    """Sign out: the cookie's token stops working everywhere."""
    db.execute(
        update(HouseholdSession)
        .where(HouseholdSession.id == household_session.id, HouseholdSession.ended_at.is_(None))
        .values(ended_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )


def choose_member(db: Session, household_session: SignedIn | HouseholdSession, member_id: int) -> Member | None:
    """Make one of the household's members the one learning now; None if the id is not theirs."""
    member = db.get(Member, member_id)
    if member is None or member.household_id != household_session.household_id or member.erased_at is not None:
        return None
    db.execute(
        update(HouseholdSession)
        .where(HouseholdSession.id == household_session.id)
        .values(member_id=member.id)
        .execution_options(synchronize_session=False)
    )
    return member


CONSENT_TEXT_VERSION = "2026-11"


@dataclass(frozen=True)
class NewMember:
    """What the programme records about a member: nothing more."""

    name: str
    father_name: str
    sex: str
    birth_year: int
    relation: str
    preferred_language: str


def register_household(
    db: Session, *, township_pcode: str, village: str, phone: str | None, consent_recorded_by_id: int | None,
    consent_language: str, members: list[NewMember], pepper: str | None, code: str | None = None,
    pin: str | None = None, import_key: str | None = None, group_id: int | None = None, with_pin: bool = True,
    duplicate_key: str | None = None,
) -> tuple[Household, str | None]:
    """Create a household with its members and consent record; returns it and its PIN (shown once). Without
    ``with_pin`` (an import) it gets no PIN, and no hashing is done: printing its group's cards issues one."""
    code = code or new_household_code()
    pin = (pin or new_pin()) if with_pin else None
    now = utcnow()
    household = Household(
        code=code, code_key=code_key(code), township_pcode=township_pcode, village=village, phone=phone,
        consent_recorded_by_id=consent_recorded_by_id, consent_recorded_at=now, consent_language=consent_language,
        consent_text_version=CONSENT_TEXT_VERSION, pin_hash=hash_pin(pepper, pin) if pin else None,
        pin_issued_at=now if pin else None, pin_failures=0, import_key=import_key, duplicate_key=duplicate_key,
        group_id=group_id,
    )
    household.members = [
        Member(name=m.name, father_name=m.father_name, sex=Sex(m.sex), birth_year=m.birth_year,
               relation=Relation(m.relation), preferred_language=m.preferred_language)
        for m in members
    ]
    db.add(household)
    db.flush()
    return household, pin


BIRTH_YEAR_SLACK = 3  # a birth year remembered a few years off is still the same person
# Titles written before a name: the same person may be ဒေါ်ခင်မြင့် on one list and မခင်မြင့် on another. Burmese,
# then Karen, Shan and Mon ones, and their Latin spellings; longest first so that မောင် is not read as မ + ောင်.
HONORIFICS = sorted(("ဒေါ်", "ဦး", "ကို", "မောင်", "မ", "နော်", "စော", "နန်း", "စိုင်း", "မိ", "နိုင်", "ၼၢင်း", "ၸၢႆး",
                     "daw", "u", "ko", "maung", "mg", "ma", "naw", "saw", "nang", "sai", "mi", "nai"),
                    key=len, reverse=True)
# a letter that begins a syllable in Burmese, Mon, Karen or Shan (consonants and independent vowels)
_CONSONANT = re.compile(r"[\u1000-\u102a\u103f\u104e\u1050-\u1055\u105a-\u105d\u1061\u1065\u1066\u106e-\u1070"
                        r"\u1075-\u1081\u108e]")


def name_key(name: str) -> str:
    """A name without its titles, spaces and case: what two spellings of one person's name share."""
    text = unicodedata.normalize("NFC", name).strip().lower()
    changed = True
    while changed:
        changed = False
        for title in HONORIFICS:
            rest = text[len(title):]
            # a title is a whole word: followed by a space, or (Myanmar, written without spaces) by the next
            # syllable's first letter, never by a vowel sign of its own syllable (မြ is not မ + ြ)
            myanmar = title[0] > "\u0fff"
            if text.startswith(title) and rest and (rest[0] == " " or (myanmar and _CONSONANT.match(rest))):
                text, changed = rest.lstrip(), True
                break
    return "".join(text.split())


def possible_duplicates(db: Session, village: str, members: list[NewMember]) -> list[tuple[NewMember, Member]]:
    """Members already registered in the village whose name and father's name match once titles are set aside
    (ဒေါ်/မ, ဦး/ကို/မောင်) and whose birth year is within BIRTH_YEAR_SLACK years."""
    found = []
    for new in members:
        key, father = name_key(new.name), name_key(new.father_name)
        candidates = db.scalars(
            select(Member).join(Household).where(
                Household.village == village, Member.erased_at.is_(None),
                Member.birth_year.between(new.birth_year - BIRTH_YEAR_SLACK, new.birth_year + BIRTH_YEAR_SLACK))
        ).all()
        found += [(new, member) for member in candidates
                  if name_key(member.name) == key and name_key(member.father_name) == father]
    return found
