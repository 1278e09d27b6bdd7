"""Password hashing with argon2id.

The costs are a setting, PASSWORD_HASH_PARAMETERS: production's in Config, cheap ones in TestConfig only. In a
request or a command the app's own setting applies; outside any app (a script, or a test building data on a bare
session) that of the app made last, or production's before any. A hash records the parameters that made it, so
it verifies whatever the setting is now.
"""
from __future__ import annotations

from argon2.exceptions import InvalidHashError, VerificationError

from learning.config import Config
from learning.hashing import ConfiguredArgon2

_argon2 = ConfiguredArgon2("PASSWORD_HASH_PARAMETERS", Config.PASSWORD_HASH_PARAMETERS, "no such account")
init_app = _argon2.init_app
_current = _argon2.current


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _current()[0].hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; spends the same effort when there is no account."""
    hasher, dummy = _current()
    try:
        return hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's (it is made again at the next sign-in)."""
    return _current()[0].check_needs_rehash(password_hash)
