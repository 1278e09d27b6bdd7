"""Staff passwords are hashed with argon2id."""
from learning.auth.passwords import hash_password, verify_password


def test_passwords_are_argon2id_hashes_that_verify():
    stored = hash_password("demo-password")
    assert stored.startswith("$argon2id$") and "demo-password" not in stored
    assert verify_password(stored, "demo-password")
    assert not verify_password(stored, "Demo-password")
    assert not verify_password(None, "demo-password")
    assert not verify_password("not a hash", "demo-password")
