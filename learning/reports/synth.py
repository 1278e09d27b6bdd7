"""Synthetic households for scale tests and benchmarks: deterministic for a seed, written in bulk.

Names are built from syllables that people of each language really use; households are spread over the
programme's townships, with groups, sessions, attendance, lessons read and quiz attempts. Every synthetic
household shares one PIN hash of a random PIN that nobody knows: they cannot be signed in to.
"""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from learning.auth.models import Role, Staff, staff_townships
from learning.auth.passwords import hash_password
from learning.certificates.models import Certificate
from learning.clock import myanmar_date
from learning.content.model import Catalog, Course
from learning.facilitate.models import AttendanceRecord, Group, GroupSession
from learning.households.codes import CROCKFORD, code_key, hash_pin
from learning.households.models import Household, Member
from learning.learn.models import KnowledgeCheck, KnowledgeScore, LessonRead, QuizAttempt
from learning.places.models import Township
from learning.places.services import PROGRAMME_STATES

NAMES = {  # (prefixes for men, prefixes for women, syllables)
    "my": (["ဦး", "ကို", "မောင်"], ["ဒေါ်", "မ"], ["ခင်", "မြင့်", "အောင်", "ကျော်", "သီတာ", "နု", "ဝင်း", "မြတ်", "ဇော်", "လှ",
                                           "စန်း", "ထွန်း", "မိုး", "သန္တာ", "နွယ်"]),
    "shn": (["ၸၢႆး"], ["ၼၢင်း"], ["သႅင်", "ၶမ်း", "မူၼ်း", "ၵေႃႇ", "လႅင်း", "ႁွမ်", "ဢွၼ်", "ယွတ်ႈ"]),
    "mnw": (["နာဲ"], ["မိ"], ["မၚ်", "စန္ဒာ", "ဒဵု", "သာ", "ဗညာ", "ၜိုၚ်", "ဍောတ်"]),
    "ksw": (["စီၤ"], ["နီၢ်"], ["ပီၤ", "မူၣ်", "ဖိ", "ထူ", "ဆဲၣ်", "ဝါ", "တ့ၢ်"]),
    "cnh": (["Thang", "Van", "Lal"], ["Ṭial", "Sui", "Par"], ["Hmun", "Par", "Lian", "Cung", "Bawi", "Thluai", "Tin"]),
}
STATE_LANGUAGES = {  # who lives where, roughly
    "MMR004": ("cnh", "my"), "MMR011": ("mnw", "my"), "MMR003": ("ksw", "my"), "MMR014": ("shn", "my"),
    "MMR015": ("shn", "my"), "MMR016": ("shn", "my"), "MMR010": ("my",), "MMR009": ("my",), "MMR006": ("my",),
}


def _name(rng: random.Random, language: str, sex: str) -> str:
    men, women, syllables = NAMES[language]
    prefixes = men if sex == "male" else women
    parts = [rng.choice(syllables) for _ in range(rng.choice((1, 2, 2, 3)))]
    joiner = " " if language == "cnh" else ""
    return rng.choice(prefixes) + joiner + joiner.join(parts)


@dataclass
class SynthResult:
    households: int
    members: int
    groups: int
    sessions: int
    attempts: int


def synthesise(db: Session, catalog: Catalog, households: int, seed: int = 1, chunk: int = 2000) -> SynthResult:
    """Add `households` synthetic households (about 2.2 members each) with groups and progress."""
    rng = random.Random(seed)
    townships = list(db.scalars(select(Township).where(Township.state_pcode.in_(PROGRAMME_STATES))
                                .order_by(Township.pcode)))
    unknown_pin = hash_pin("synthetic", secrets.token_hex(8))
    password = hash_password(secrets.token_urlsafe(16))
    facilitators = {}
    for township in townships:
        facilitator_id = db.execute(insert(Staff).values(
            username=f"synth-{township.pcode.lower()}-{seed}", display_name=f"Facilitator {township.name_en}",
            password_hash=password, role=Role.FACILITATOR, active=False, session_nonce=secrets.token_urlsafe(16),
            created_at=datetime.now(UTC)).returning(Staff.id)).scalar_one()
        db.execute(insert(staff_townships).values(staff_id=facilitator_id, township_pcode=township.pcode))
        facilitators[township.pcode] = facilitator_id
    start = date(2026, 3, 1)
    counts = SynthResult(0, 0, 0, 0, 0)
    group_ids: dict[str, list[int]] = {}
    made = 0
    while made < households:
        size = min(chunk, households - made)
        household_rows, plan = [], []
        for i in range(size):
            township = rng.choice(townships)
            languages = STATE_LANGUAGES.get(township.state_pcode, ("my",))
            language = rng.choice(languages)
            if township.pcode not in group_ids or rng.random() < 0.04:
                group_id = db.execute(insert(Group).values(
                    name=f"{township.name_en} {len(group_ids.get(township.pcode, [])) + 1}",
                    township_pcode=township.pcode, village=f"Village {rng.randint(1, 60)}",
                    start_date=start + timedelta(days=rng.randint(0, 200)), facilitator_id=facilitators[township.pcode],
                    created_at=datetime.now(UTC)).returning(Group.id)).scalar_one()
                group_ids.setdefault(township.pcode, []).append(group_id)
                counts.groups += 1
            group_id = rng.choice(group_ids[township.pcode])
            raw = "S" + _crockford(seed * 1_000_000 + made + i, 7)  # unique: S marks synthetic households
            code = f"{raw[:4]}-{raw[4:]}"
            registered = datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 250), minutes=rng.randint(0, 600))
            household_rows.append({
                "code": code, "code_key": code_key(code), "township_pcode": township.pcode,
                "village": f"Village {rng.randint(1, 60)}", "phone": f"09{rng.randint(200000000, 999999999)}"
                if rng.random() < 0.6 else None, "group_id": group_id, "consent_recorded_by_id": facilitators[township.pcode],
                "consent_recorded_at": registered, "consent_language": language, "consent_text_version": "2026-11",
                "pin_hash": unknown_pin, "pin_issued_at": registered, "pin_failures": 0, "created_at": registered,
                "import_key": f"synth:{seed}:{made + i}",
            })
            plan.append((language, registered))
        ids = db.execute(insert(Household).returning(Household.id, sort_by_parameter_order=True), household_rows).scalars().all()
        member_rows = []
        for household_id, (language, registered) in zip(ids, plan, strict=True):
            father = _name(rng, language, "male")
            for position in range(rng.choice((1, 1, 2, 2, 2, 3, 3, 4))):  # 2.25 members on average
                sex = rng.choice(("female", "male"))
                member_rows.append({
                    "household_id": household_id, "name": _name(rng, language, sex), "father_name": father,
                    "sex": sex, "birth_year": rng.randint(1955, 2010),
                    "relation": "head" if position == 0 else rng.choice(("spouse", "child", "parent", "sibling")),
                    "preferred_language": language, "created_at": registered,
                })
        member_ids = db.execute(insert(Member).returning(Member.id, sort_by_parameter_order=True), member_rows).scalars().all()
        reads, attempts, certificates, checks, scores = [], [], [], [], {}
        for member_id, row in zip(member_ids, member_rows, strict=True):
            when = row["created_at"]
            for number, course in enumerate(catalog.courses):
                if number and rng.random() < 0.5:  # about half go on to each further course
                    break
                before = _check(rng, course, member_id, when, checks, scores)
                when = _progress(rng, course, member_id, when, reads, attempts, certificates, before, scores)
        for table, rows in ((LessonRead, reads), (QuizAttempt, attempts), (Certificate, certificates),
                            (KnowledgeCheck, checks), (KnowledgeScore, list(scores.values()))):
            if rows:
                db.execute(insert(table), rows)
        sessions = []
        for group_id in {r["group_id"] for r in household_rows}:
            sessions.append({"group_id": group_id, "held_on": start + timedelta(days=rng.randint(0, 250)),
                             "lessons": [], "submission_id": secrets.token_urlsafe(12),
                             "recorded_by_id": facilitators[next(r["township_pcode"] for r in household_rows
                                                                 if r["group_id"] == group_id)],
                             "created_at": datetime.now(UTC)})
        session_ids = db.execute(insert(GroupSession).returning(GroupSession.id, sort_by_parameter_order=True),
                                 sessions).scalars().all()
        group_session = {s["group_id"]: sid for s, sid in zip(sessions, session_ids, strict=True)}
        group_of = {household_id: row["group_id"] for household_id, row in zip(ids, household_rows, strict=True)}
        attendance = [{"session_id": group_session[group_of[row["household_id"]]], "member_id": member_id,
                       "status": rng.choice(("present", "present", "present", "absent", "excused"))}
                      for member_id, row in zip(member_ids, member_rows, strict=True)]
        db.execute(insert(AttendanceRecord), attendance)
        counts.households += len(ids)
        counts.members += len(member_ids)
        counts.sessions += len(sessions)
        counts.attempts += len(attempts)
        made += size
        db.commit()
    db.execute(text("ANALYZE"))  # fresh statistics after a bulk load, or the planner guesses badly (PostgreSQL)
    db.commit()
    return counts


def _check(rng: random.Random, course: Course, member_id: int, when: datetime, checks: list,
           scores: dict) -> dict[str, tuple[int, int]]:
    """Most members take the course's knowledge check (some skip it): rows appended; their right answers and the
    questions asked per module are returned, to draw "after" from."""
    if not course.check:
        return {}
    asked: dict[str, int] = {}
    for item in course.check:
        asked[item.module_id] = asked.get(item.module_id, 0) + 1
    skipped = rng.random() < 0.15
    checks.append({"submission_id": secrets.token_urlsafe(12), "member_id": member_id, "course_id": course.id,
                   "skipped": skipped, "answers": {}, "answered_at": when})
    if skipped:
        return {}
    before = {module_id: (rng.randint(0, n), n) for module_id, n in asked.items()}
    scores.update({(member_id, course.id, module_id): {
        "member_id": member_id, "course_id": course.id, "module_id": module_id, "before_correct": correct,
        "before_asked": n, "after_correct": None, "after_asked": None} for module_id, (correct, n) in before.items()})
    return before


def _progress(rng: random.Random, course: Course, member_id: int, when: datetime, reads: list, attempts: list,
              certificates: list, before: dict | None = None, scores: dict | None = None) -> datetime:
    """A member's lessons, attempts and certificate in one course (rows appended), and "after" on the check's
    questions at the first attempt of each module quiz; returns the time reached."""
    passed_all = True
    asked = {}
    for item in course.check:
        asked[item.module_id] = asked.get(item.module_id, 0) + 1
    for module in course.modules:
        done = rng.choice((0, 1, 3, len(module.lessons), len(module.lessons), len(module.lessons)))
        for lesson in module.lessons[:done]:
            when += timedelta(days=rng.randint(1, 6))
            reads.append({"member_id": member_id, "course_id": course.id, "module_id": module.id,
                          "lesson_id": lesson.id, "content_version": module.version, "source": "phone",
                          "read_at": when})
        passed = False
        if done >= len(module.lessons):
            if scores is not None and module.id in asked:  # the first attempt: mostly as good or better than before
                low = (before or {}).get(module.id, (0, 0))[0]
                row = scores.setdefault((member_id, course.id, module.id), {
                    "member_id": member_id, "course_id": course.id, "module_id": module.id,
                    "before_correct": None, "before_asked": None})
                row.update(after_correct=rng.randint(min(low, asked[module.id]), asked[module.id]),
                           after_asked=asked[module.id])
            for _try in range(rng.choice((1, 1, 2))):
                percent = rng.choice((50, 60, 70, 80, 90, 100))
                passed = passed or percent >= module.quiz.pass_mark
                when += timedelta(hours=rng.randint(1, 48))
                attempts.append({
                    "submission_id": secrets.token_urlsafe(12), "member_id": member_id, "course_id": course.id,
                    "module_id": module.id, "content_version": module.version, "answers": {},
                    "score": percent // 10, "max_score": 10, "percent": percent,
                    "passed": percent >= module.quiz.pass_mark, "source": "phone", "created_at": when,
                    "answered_at": when})
        passed_all = passed_all and passed
    if passed_all:
        raw = "".join(rng.choice(CROCKFORD) for _ in range(12))  # 60 bits: no collision in practice
        certificates.append({"code": f"{raw[:4]}-{raw[4:8]}-{raw[8:]}", "member_id": member_id,
                             "course_id": course.id, "completed_on": myanmar_date(when), "issued_at": when})
    return when


def _crockford(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, rest = divmod(number, 32)
        digits.append(CROCKFORD[rest])
    return "".join(reversed(digits))
