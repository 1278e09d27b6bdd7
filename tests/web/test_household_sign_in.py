"""Household sign-in: code + PIN, one answer for unknown codes and wrong PINs, lock-out in the database."""
from datetime import timedelta

from sqlalchemy import select

from learning.auth.models import Staff
from learning.db import utcnow
from learning.households.models import Household, HouseholdSession
from tests.builders import PIN, make_group, make_staff
from tests.conftest import csrf_token
from tests.workers import post_concurrently


def _error(response):
    import re

    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.text, re.S)


def _reload(db, household):
    db.rollback()
    db.expire_all()
    return db.get(Household, household.id)


def test_right_code_and_pin_open_who_is_learning(auth, client, household):
    response = auth.household(household.code, PIN)
    assert response.status_code == 302 and response.headers["Location"].startswith("/household/")
    page = client.get("/household/?lang=en")
    assert "Who is learning now?" in page.text
    for member in household.members:
        assert member.name in page.text
    assert page.text.count('class="person"') == 3


def test_codes_may_be_typed_loosely_and_pins_in_myanmar_digits(auth, household):
    typed = household.code.lower().replace("-", " ")
    myanmar_pin = PIN.translate(str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉"))
    assert auth.household(typed, myanmar_pin).status_code == 302


def test_unknown_code_and_wrong_pin_get_the_same_message(auth, client, household):
    client.get("/?lang=en")
    wrong_pin = auth.household(household.code, "000000")
    unknown = auth.household("ZZZZ-ZZZZ", PIN)
    assert wrong_pin.status_code == unknown.status_code == 400
    assert _error(wrong_pin) == _error(unknown) == ["The household code or PIN is not right. "]


def test_a_pin_that_is_not_six_digits_is_refused_with_a_message(auth, client, household, db):
    client.get("/?lang=en")
    response = auth.household(household.code, "12ab")
    assert response.status_code == 400 and "The PIN has 6 digits." in response.text
    assert _reload(db, household).pin_failures == 0  # not a PIN attempt: nothing counted


def test_fifth_wrong_pin_locks_the_household_for_15_minutes(auth, client, household, db):
    client.get("/?lang=en")
    for _ in range(4):
        assert "not right" in auth.household(household.code, "000000").text
    fifth = auth.household(household.code, "000000")
    assert "locked for 15 minutes" in fifth.text
    found = _reload(db, household)
    assert found.pin_failures == 5
    assert timedelta(minutes=14) < found.locked_until - utcnow() <= timedelta(minutes=15)
    refused = auth.household(household.code, PIN)  # even the right PIN
    assert refused.status_code == 400 and "locked" in refused.text


def test_the_lock_ends_after_15_minutes(auth, household, db):
    found = _reload(db, household)
    found.pin_failures, found.locked_until = 5, utcnow() - timedelta(seconds=1)
    db.commit()
    assert auth.household(household.code, PIN).status_code == 302
    assert _reload(db, household).pin_failures == 0


def test_a_facilitator_can_unlock_and_issue_a_new_pin(app, client, household, db, auth):
    found = _reload(db, household)
    found.pin_failures, found.locked_until = 5, utcnow() + timedelta(minutes=10)
    db.commit()
    username = auth.new_staff("facilitator", townships=("MMR011001",)).username
    make_group(db, db.scalar(select(Staff).where(Staff.username == username)), [found])
    db.commit()
    page = client.get(f"/facilitate/households/{household.id}?lang=en")
    assert page.status_code == 200 and "Locked after too many wrong PINs." in page.text
    assert client.post(f"/facilitate/households/{household.id}/unlock",
                       data={"csrf_token": csrf_token(page.text)}).status_code == 302
    assert _reload(db, household).locked_until is None
    issued = client.post(f"/facilitate/households/{household.id}/new-pin?lang=en",
                         data={"csrf_token": csrf_token(page.text)})
    import re

    new_pin = re.search(r"New PIN: ([0-9]{6})", issued.text).group(1)
    other = app.test_client()
    assert auth.on(other).household(household.code, PIN).status_code == 400
    assert auth.on(other).household(household.code, new_pin).status_code == 302


def test_facilitators_of_other_groups_cannot_see_or_unlock_the_household(client, household, db, auth):
    owner = make_staff(db, role="facilitator", username="owner", townships=("MMR011001",))
    make_group(db, owner, [household])
    db.commit()
    auth.new_staff("facilitator", townships=("MMR011001",))  # same township, not their group
    assert client.get(f"/facilitate/households/{household.id}").status_code == 404
    page = client.get("/facilitate/households")
    assert household.code not in page.text
    response = client.post(f"/facilitate/households/{household.id}/unlock", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 404


def test_coordinators_see_households_in_their_states_only(auth, client, household, db):
    make_staff(db, role="coordinator", username="kayin.coord", states=("MMR003",))
    db.commit()
    auth.staff("kayin.coord", "correct horse battery")
    assert client.get(f"/facilitate/households/{household.id}").status_code == 404


def test_twenty_parallel_wrong_pins_check_five_and_lock(app_config, household, db):
    codes = post_concurrently(
        app_config, processes=4, threads=5, form_url="/household/sign-in", post_url="/household/sign-in",
        data={"code": household.code, "pin": "000000"},
    )
    assert len(codes) == 20 and set(codes) == {400}
    found = _reload(db, household)
    assert found.pin_failures == 5  # every check is counted before it is made; the other 15 found the lock
    assert found.locked_until is not None
    assert db.scalar(select(HouseholdSession)) is None


def test_wrong_pins_at_once_after_four_leave_the_right_pin_locked_out(app_config, auth, client, household, db):
    """The attack that found the race: 4 wrong PINs, then 3 wrong at once from 4 workers, then the right PIN.
    Only one of the 3 may be checked (the fifth); the right PIN after it must be refused."""
    client.get("/?lang=en")
    for _ in range(4):
        assert auth.household(household.code, "000000").status_code == 400
    codes = post_concurrently(
        app_config, processes=4, threads=3, form_url="/household/sign-in", post_url="/household/sign-in",
        data={"code": household.code, "pin": "000000"},
    )
    assert set(codes) == {400}
    refused = auth.household(household.code, PIN)
    assert refused.status_code == 400 and "locked" in refused.text
    found = _reload(db, household)
    assert found.pin_failures == 5 and found.locked_until is not None
    assert db.scalar(select(HouseholdSession)) is None


def test_thirty_threads_signing_in_at_once_check_at_most_five_pins(app, household, monkeypatch):
    """The service itself, from 30 threads with a session each: only five PINs reach argon2."""
    import threading

    from learning import db as database
    from learning.households import services

    checked = []
    real_verify = services.verify_pin

    def counting_verify(pepper, pin_hash, pin):
        if pin_hash is not None:
            checked.append(pin)
        return real_verify(pepper, pin_hash, pin)

    monkeypatch.setattr(services, "verify_pin", counting_verify)
    start = threading.Barrier(30)
    outcomes, failures = [], []

    def one():
        try:
            with app.app_context():
                start.wait()
                result = services.sign_in(database.session, household.code, "000000", app.config["PIN_PEPPER"])
                database.session.commit()
                outcomes.append(result.outcome)
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=one) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(checked) == 5
    assert outcomes.count(services.SignIn.WRONG) == 4 and outcomes.count(services.SignIn.LOCKED) == 26


def test_household_sign_in_is_not_limited_per_address(auth, household, app):
    app.config["STAFF_LOGIN_LIMIT"] = "3 per minute"  # the staff form's limit must not apply here
    codes = [auth.household(f"ZZZZ-{i:04d}", "000000").status_code for i in range(12)]
    assert codes == [400] * 12
    assert auth.household(household.code, PIN).status_code == 302


def test_pins_never_reach_the_logs(auth, household, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    auth.household(household.code, "864209")
    auth.household(household.code, PIN)
    assert "864209" not in caplog.text and PIN not in caplog.text
