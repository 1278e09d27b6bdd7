"""Answer tokens: signed by the server, bound to a member and their household session, good for 30 days."""
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from learning.learn import tokens
from learning.learn.tokens import Refusal, TokenError

SECRET = "a-secret-key-of-the-site-0123456789"
SESSION = "ab" * 32


def _issued(days_ago: float, member=7, household=3, secret=SECRET) -> str:
    moment = datetime.now(UTC) - timedelta(days=days_ago)
    with mock.patch("itsdangerous.timed.time.time", return_value=moment.timestamp()):
        return tokens.issue(secret, member, household, SESSION)


def _reason(*args, **kwargs) -> Refusal:
    with pytest.raises(TokenError) as raised:
        tokens.check(*args, **kwargs)
    return raised.value.reason


def test_a_token_names_its_member_household_and_session():
    bearer = tokens.check(SECRET, tokens.issue(SECRET, 7, 3, SESSION), 7)
    assert (bearer.member_id, bearer.household_id, bearer.session_id) == (7, 3, SESSION[:16])
    assert abs(bearer.issued_at - datetime.now(UTC)) < timedelta(seconds=5)


def test_the_token_does_not_carry_the_session_cookie_or_its_whole_hash():
    token = tokens.issue(SECRET, 7, 3, SESSION)
    assert SESSION not in token and SESSION[:16] not in token  # base64 of the payload, not the hash in clear


def test_a_token_for_one_member_is_refused_for_another():
    assert _reason(SECRET, tokens.issue(SECRET, 7, 3, SESSION), 8) is Refusal.OTHER_MEMBER


@pytest.mark.parametrize("token", ["", "x", "a.b.c", "eyJtIjo3fQ.AAAA.BBBB", "ü" * 50])
def test_garbage_is_forged(token):
    assert _reason(SECRET, token, 7) is Refusal.FORGED


def test_a_token_signed_with_another_key_or_changed_is_forged():
    assert _reason(SECRET, tokens.issue("another-secret-key-entirely-9876543210", 7, 3, SESSION), 7) is Refusal.FORGED
    token = tokens.issue(SECRET, 7, 3, SESSION)
    payload, stamp, signature = token.rsplit(".", 2)
    other = tokens.issue(SECRET, 8, 3, SESSION).rsplit(".", 2)[0]
    assert other != payload
    assert _reason(SECRET, ".".join([other, stamp, signature]), 8) is Refusal.FORGED


def test_a_token_is_good_for_30_days():
    assert tokens.check(SECRET, _issued(29.9), 7).member_id == 7
    assert _reason(SECRET, _issued(30.1), 7) is Refusal.EXPIRED


def test_an_old_token_is_accepted_with_a_fresh_one_of_the_same_household_only():
    old = _issued(45)
    assert tokens.check(SECRET, old, 7, renewal=_issued(0, member=9)).member_id == 7  # still credits member 7
    assert _reason(SECRET, old, 7, renewal=_issued(0, household=4)) is Refusal.EXPIRED
    assert _reason(SECRET, old, 7, renewal=_issued(31, member=9)) is Refusal.EXPIRED
    assert _reason(SECRET, old, 7, renewal="forged.renewal.token") is Refusal.EXPIRED
    assert _reason(SECRET, old, 8, renewal=_issued(0, member=9)) is Refusal.OTHER_MEMBER


def test_a_fresh_token_does_not_make_a_forged_one_good():
    token = tokens.issue("another-secret-key-entirely-9876543210", 7, 3, SESSION)
    assert _reason(SECRET, token, 7, renewal=_issued(0)) is Refusal.FORGED
