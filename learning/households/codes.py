"""Household codes (printable, no look-alike characters) and PINs (six random digits, peppered hash).

The PIN hash's argon2id costs are a setting, PIN_HASH_PARAMETERS: production's in Config, cheap ones in TestConfig
only. In a request or a command the app's own setting applies; outside any app that of the app made last, or
production's before any. A hash records the parameters that made it, so it verifies whatever the setting is now.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2.exceptions import InvalidHashError, VerificationError

from learning.config import Config
from learning.hashing import ConfiguredArgon2

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_argon2 = ConfiguredArgon2("PIN_HASH_PARAMETERS", Config.PIN_HASH_PARAMETERS, "no such household")
init_app = _argon2.init_app
_current = _argon2.current


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
    return _current()[0].hash(_peppered(pepper, pin))


def verify_pin(pepper: str, pin_hash: str | None, pin: str) -> bool:
    """True when the PIN matches; spends the same effort when there is no household."""
    hasher, dummy = _current()
    try:
        return hasher.verify(pin_hash or dummy, _peppered(pepper, pin)) and pin_hash is not None
    except (VerificationError, InvalidHashError):
        return False
