"""Builders for test data."""
from __future__ import annotations

import itertools
from functools import lru_cache

from learning.auth.models import Role, Staff
from learning.auth.passwords import hash_password
from learning.auth.services import create_staff

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    """One argon2 hash of PASSWORD for all the test accounts (hashing is slow on purpose)."""
    return hash_password(PASSWORD)


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
