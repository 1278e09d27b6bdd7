"""Household codes and PINs."""
import re

from learning.households.codes import code_key, hash_pin, new_household_code, new_pin, verify_pin


def test_codes_are_printable_without_look_alikes():
    codes = {new_household_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)


def test_typed_codes_are_forgiving():
    assert code_key("k7qm-2xd9") == code_key("K7QM 2XD9") == code_key("K7QM2XD9") == "K7QM2XD9"
    assert code_key("DEMO-0001") == code_key("demo 0001") == code_key("DEM0-OOO1")
    assert code_key("ab1l-i0oz") == "AB11100Z"  # I and L read as 1, O as 0


def test_pins_are_six_random_digits():
    pins = [new_pin() for _ in range(200)]
    assert all(re.fullmatch(r"[0-9]{6}", p) for p in pins)
    assert len(set(pins)) > 190


def test_pin_hashes_need_the_pepper():
    stored = hash_pin("pepper-one", "480516")
    assert "480516" not in stored and stored.startswith("$argon2id$")
    assert verify_pin("pepper-one", stored, "480516")
    assert not verify_pin("pepper-two", stored, "480516")
    assert not verify_pin("pepper-one", stored, "480517")
    assert not verify_pin("pepper-one", None, "480516")
