"""Staff passwords are hashed with argon2id: production's costs in production, cheap ones in the tests only."""
import pytest
from argon2 import extract_parameters

from learning import create_app
from learning.auth.passwords import hash_password, needs_rehash, verify_password
from learning.config import Config, TestConfig
from learning.households.codes import hash_pin, verify_pin


def test_passwords_are_argon2id_hashes_that_verify():
    stored = hash_password("demo-password")
    assert stored.startswith("$argon2id$") and "demo-password" not in stored
    assert verify_password(stored, "demo-password")
    assert not verify_password(stored, "Demo-password")
    assert not verify_password(None, "demo-password")
    assert not verify_password("not a hash", "demo-password")


def _costs(stored: str) -> dict:
    found = extract_parameters(stored)
    return {"time_cost": found.time_cost, "memory_cost": found.memory_cost, "parallelism": found.parallelism}


@pytest.fixture
def apps(tmp_path):
    """A production app and a test app (their databases are never opened)."""
    url = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    production = create_app({"ENV_NAME": "production", "DATABASE_URL": url, "SECRET_KEY": "s" * 40,
                             "PIN_PEPPER": "p" * 40, "RATELIMIT_STORAGE_URI": "memory://"})
    test = create_app({"ENV_NAME": "test", "DATABASE_URL": url})
    return production, test


def test_production_keeps_its_costs_and_the_tests_hash_cheaply(apps):
    production, test = apps
    with production.app_context():
        strong, strong_pin = hash_password("demo-password"), hash_pin("pepper", "480516")
        assert not needs_rehash(strong)
    with test.app_context():
        cheap, cheap_pin = hash_password("demo-password"), hash_pin("pepper", "480516")
        assert not needs_rehash(cheap)
    assert _costs(strong) == Config.PASSWORD_HASH_PARAMETERS == {"time_cost": 3, "memory_cost": 65536,
                                                                   "parallelism": 4}
    assert _costs(strong_pin) == Config.PIN_HASH_PARAMETERS == {"time_cost": 2, "memory_cost": 19456,
                                                                 "parallelism": 1}
    assert _costs(cheap) == _costs(cheap_pin) == TestConfig.PASSWORD_HASH_PARAMETERS
    assert TestConfig.PASSWORD_HASH_PARAMETERS["memory_cost"] < Config.PIN_HASH_PARAMETERS["memory_cost"]


def test_a_hash_made_with_either_costs_verifies_under_the_other(apps):
    production, test = apps
    with production.app_context():
        strong, strong_pin = hash_password("demo-password"), hash_pin("pepper", "480516")
    with test.app_context():
        cheap, cheap_pin = hash_password("demo-password"), hash_pin("pepper", "480516")
        assert verify_password(strong, "demo-password") and not verify_password(strong, "Demo-password")
        assert verify_pin("pepper", strong_pin, "480516") and not verify_pin("pepper", strong_pin, "480517")
    with production.app_context():
        assert verify_password(cheap, "demo-password") and not verify_password(cheap, "Demo-password")
        assert verify_pin("pepper", cheap_pin, "480516") and not verify_pin("pepper", cheap_pin, "480517")
        assert needs_rehash(cheap)  # a cheap hash in production is made again, at production's cost, at sign-in
