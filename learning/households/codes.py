"""Household codes (printable, no look-alike characters) and PINs (six random digits, peppered hash)."""
from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# OWASP's minimum argon2id settings: a PIN is checked at every sign-in, often many at once in a session.
_pin_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_DUMMY = _pin_hasher.hash("no such household")


def new_household_code() -> str:
    """A random code such as K7QM-2XD9 (40 bits), easy to read aloud and to print."""
    raw = "".join(secrets.choice(CROCKFORD) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def code_key(typed: str) -> str:
    """The look-up form of a code: upper case, no spaces or dashes, O read as 0 and I or L as 1."""
    cleaned = "".join(ch for ch in (typed or "").upper() if ch.isalnum() and ch.isascii())
    return cleaned.translate(_LOOKALIKES)[:16]


def new_pin() -> str:
    """Six random digits."""
    return f"{secrets.randbelow(10**6):06d}"


def _peppered(pepper: str, pin: str) -> str:
    return hmac.new(pepper.encode(), pin.encode(), hashlib.sha256).hexdigest()


def hash_pin(pepper: str, pin: str) -> str:
    """argon2id of the PIN's HMAC with a secret pepper kept outside the database."""
    return _pin_hasher.hash(_peppered(pepper, pin))


def verify_pin(pepper: str, pin_hash: str | None, pin: str) -> bool:
    """True when the PIN matches; spends the same effort when there is no household."""
    try:
        return _pin_hasher.verify(pin_hash or _DUMMY, _peppered(pepper, pin)) and pin_hash is not None
    except (VerificationError, InvalidHashError):
        return False
