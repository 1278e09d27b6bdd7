"""Password hashing with argon2id.

The costs are a setting, PASSWORD_HASH_PARAMETERS: production's in Config, cheap ones in TestConfig only. In a
request or a command the app's own setting applies; outside any app (a script, or a test building data on a bare
session) that of the app made last, or production's before any. A hash records the parameters that made it, so
it verifies whatever the setting is now.

A new password must be at least MIN_PASSWORD_LENGTH characters and not a common one: not among the 30,000 most
common passwords that zxcvbn ships (from leaked password lists), not one of the programme's own words or
places, and neither of these with digits or signs around it ("Password2026!", "yangon12345").
"""
from __future__ import annotations

import enum
import re
from functools import cache

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


MIN_PASSWORD_LENGTH = 10
# Words anyone would guess for this programme's accounts, beyond the general lists.
PROGRAMME_WORDS = frozenset({
    "twelet", "twe let", "twe-let", "tweletlearning", "learning", "myanmar", "burma", "yangon", "rangoon",
    "mandalay", "naypyidaw", "naypyitaw", "mawlamyine", "moulmein", "mudon", "taunggyi", "hpa-an", "hpaan",
    "kayin", "karen", "shan", "mon", "chin", "kachin", "rakhine", "thailand", "bangkok", "maesot", "mae sot",
    "migrant", "migrants", "household", "households", "facilitator", "coordinator", "admin", "administrator",
    "staff", "password", "passw0rd", "welcome", "money", "mingalaba", "mingalarbar", "mingalabar", "changeme",
    "letmein", "demo-password", "demopassword",
})
_AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")


class PasswordProblem(enum.StrEnum):
    """Why a new password is refused."""

    TOO_SHORT = "too short"
    TOO_COMMON = "too common"
    USERNAME = "the username"


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # 1.7 MB of lists: read on the first password set

    return frozenset(FREQUENCY_LISTS["passwords"]) | PROGRAMME_WORDS


def password_problem(password: str, username: str | None = None) -> PasswordProblem | None:
    """Why the password may not be used (too short, too common, the username), or None when it may."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return PasswordProblem.TOO_SHORT
    lowered = password.lower()
    if username and username.strip().lower() in (lowered, _AROUND.sub("", lowered)):
        return PasswordProblem.USERNAME
    common = _common_passwords()
    if len(set(lowered)) < 4 or lowered in common or _AROUND.sub("", lowered) in common:
        return PasswordProblem.TOO_COMMON
    return None
