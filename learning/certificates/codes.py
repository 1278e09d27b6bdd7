"""Verification codes: 60 random bits in Crockford base32, grouped for reading aloud."""
from __future__ import annotations

import secrets

from learning.households.codes import CROCKFORD, code_key

CODE_CHARACTERS = 12  # 12 × 5 bits = 60 bits


def new_verification_code() -> str:
    """A code such as 7KQ4-M2XD-9P4T."""
    raw = "".join(secrets.choice(CROCKFORD) for _ in range(CODE_CHARACTERS))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_CHARACTERS, 4))


def normalise_code(typed: str) -> str:
    """What was typed or scanned, in the printed form (dashes every four), look-alikes read as digits."""
    key = code_key(typed)
    return "-".join(key[i:i + 4] for i in range(0, len(key), 4))
