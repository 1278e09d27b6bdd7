"""Builders for test data."""
from __future__ import annotations

import itertools
from functools import lru_cache

from argon2 import PasswordHasher

from learning.auth.models import Role, Staff
from learning.auth.services import create_staff
from learning.config import TestConfig

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    """One argon2 hash of PASSWORD, at the test configuration's costs, for all the test accounts."""
    return PasswordHasher(**TestConfig.PASSWORD_HASH_PARAMETERS).hash(PASSWORD)


def make_staff(session, role: str = "facilitator", username: str | None = None, **scope) -> Staff:
    """A staff account with a sensible default scope for its role."""
    role = Role(role)
    if role is Role.FACILITATOR:
        scope.setdefault("townships", ("MMR011001",))
    if role is Role.COORDINATOR:
        scope.setdefault("states", ("MMR011",))
    return create_staff(
        session,
        username=username or f"{role.value}{next(_numbers)}",
        password=PASSWORD,
        password_hash=password_hash(),
        role=role,
        **scope,
    )


PIN = "135790"
_BURMESE_NAMES = ["ဒေါ်ခင်ခင်", "ကိုမင်းထွန်း", "မနှင်းဆီ", "ကိုဇော်ဝင်း", "မသီတာ"]


def make_household(session, members: int = 3, township: str = "MMR011001", pin: str = PIN, code: str | None = None,
                   languages: tuple[str, ...] = ("my", "shn", "en")):
    """A household with members named in Burmese; its PIN is PIN unless given."""
    from learning.households.services import NewMember, register_household

    people = [
        NewMember(_BURMESE_NAMES[i % len(_BURMESE_NAMES)] + (str(i) if i >= len(_BURMESE_NAMES) else ""),
                  "ဦးဘ", "female" if i % 2 == 0 else "male", 1980 + i, "head" if i == 0 else "child",
                  languages[i % len(languages)])
        for i in range(members)
    ]
    household, _ = register_household(
        session, township_pcode=township, village="ရွာသစ်", phone=None, consent_recorded_by_id=None,
        consent_language="my", members=people, pepper=TestConfig.PIN_PEPPER, code=code, pin=pin,
    )
    return household


def make_group(session, facilitator, households=(), township: str = "MMR011001", name: str = "Group 1"):
    """A group of the facilitator's, with the households in it."""
    from datetime import date

    from learning.facilitate.models import Group

    group = Group(name=name, township_pcode=township, village="ရွာသစ်", start_date=date(2026, 11, 1),
                  facilitator_id=facilitator.id)
    session.add(group)
    session.flush()
    for household in households:
        household.group_id = group.id
    session.flush()
    return group


def pass_module(session, member, module, when=None, percent: int = 100):
    """A stored passing attempt of the module's quiz for the member (no grading: for arranging progress)."""
    import secrets

    from learning.db import utcnow
    from learning.learn.models import QuizAttempt, Source

    attempt = QuizAttempt(
        submission_id=secrets.token_urlsafe(16), member_id=member.id, course_id=module.course_id,
        module_id=module.id, content_version=module.version, answers={}, score=percent // 10, max_score=10,
        percent=percent, passed=True, source=Source.PHONE, created_at=when or utcnow(), answered_at=when or utcnow())
    session.add(attempt)
    session.flush()
    return attempt


def right_answers(module) -> dict:
    """The right answer to every question of the module's quiz, as the quiz form would read them."""
    from decimal import Decimal

    return {q.id: tuple(sorted(q.answer)) if q.type == "multiple" else Decimal(str(q.answer)) if q.type == "number"
            else q.answer for q in module.quiz.questions}
