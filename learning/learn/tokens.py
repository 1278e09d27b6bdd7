"""Answer tokens: who may send a quiz answered on a phone while it was offline.

A page shown to a member (online) carries a token signed by the server that names the member, their household
and the household session that was active then. The phone keeps it with every answer given offline, so that an
answer sent days later, after the household signed out or its session expired, is credited to that member and
to nobody else. A token is good for 30 days; an older one proves still who it named, and is accepted when the
phone also sends a fresh token of the same household (a member of that household signed in again).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

TOKEN_DAYS = 30
SALT = "twelet.answer-token.v1"


class Refusal(enum.StrEnum):
    """Why a token cannot carry an answer (sent to the phone, which shows a translated reason)."""

    FORGED = "forged"  # not signed by us, or changed
    EXPIRED = "expired"  # older than 30 days, with no fresh token of the same household
    OTHER_MEMBER = "other-member"  # the answer names another member than the token does


@dataclass(frozen=True)
class Bearer:
    """What a valid token says."""

    member_id: int
    household_id: int
    session_id: str
    issued_at: datetime


class TokenError(Exception):
    def __init__(self, reason: Refusal):
        super().__init__(reason.value)
        self.reason = reason


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def issue(secret_key: str, member_id: int, household_id: int, session_id: str) -> str:
    """A token for the member learning now in this household session. The session id is the SHA-256 of the
    cookie's token, so the token reveals nothing that signs anyone in."""
    return _serializer(secret_key).dumps({"m": member_id, "h": household_id, "s": session_id[:16]})


def _read(secret_key: str, token: str, max_age: int | None) -> Bearer:
    try:
        payload, signed_at = _serializer(secret_key).loads(token, max_age=max_age, return_timestamp=True)
    except SignatureExpired:
        raise TokenError(Refusal.EXPIRED) from None
    except (BadSignature, ValueError, TypeError):
        raise TokenError(Refusal.FORGED) from None
    if not (isinstance(payload, dict) and isinstance(payload.get("m"), int) and isinstance(payload.get("h"), int)
            and isinstance(payload.get("s"), str)):
        raise TokenError(Refusal.FORGED)
    issued_at = signed_at if signed_at.tzinfo else signed_at.replace(tzinfo=UTC)
    return Bearer(payload["m"], payload["h"], payload["s"], issued_at)


def check(secret_key: str, token: str, member_id: int | None, renewal: str | None = None) -> Bearer:
    """The bearer of a token sent with an answer for `member_id`, or TokenError with the reason.

    An expired token is still accepted when `renewal` is a valid token of the same household: the member the
    old token named is credited, the renewal only shows that the household signed in on this phone again.
    """
    max_age = int(timedelta(days=TOKEN_DAYS).total_seconds())
    try:
        bearer = _read(secret_key, token, max_age)
    except TokenError as error:
        if error.reason is not Refusal.EXPIRED or not renewal:
            raise
        bearer = _read(secret_key, token, None)
        try:
            fresh = _read(secret_key, renewal, max_age)
        except TokenError:
            raise TokenError(Refusal.EXPIRED) from None  # the old answer still waits for a good renewal
        if fresh.household_id != bearer.household_id:
            raise TokenError(Refusal.EXPIRED) from None
    if member_id is not None and bearer.member_id != member_id:
        raise TokenError(Refusal.OTHER_MEMBER)
    return bearer
