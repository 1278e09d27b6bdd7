"""Data-protection duties: consent withdrawal, the retention purge, and an audit log without personal data."""
import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from learning.audit.models import AuditEntry
from learning.certificates.models import Certificate
from learning.db import utcnow
from learning.households.models import Household, HouseholdSession, Member
from learning.learn.library import catalog
from learning.learn.models import LessonRead, QuizAttempt
from learning.reports.filters import ReportFilter
from learning.reports.queries import dashboard
from tests.builders import PIN, make_group, make_household
from tests.conftest import csrf_token
from tests.web.test_certificates import pass_quiz


@pytest.fixture
def facilitator(auth, db, household):
    """A facilitator whose group holds the household (members: ဒေါ်ခင်ခင်, ကိုမင်းထွန်း, မနှင်းဆီ)."""
    client, staff = auth.staff_client("facilitator", townships=("MMR011001",))
    household.phone = "09421555777"
    make_group(db, staff, [household])
    db.commit()
    return client, staff


def _withdraw(client, household_id, member_id, confirm=True):
    url = f"/facilitate/households/{household_id}/members/{member_id}/withdraw"
    page = client.get(url)
    data = {"csrf_token": csrf_token(page.text)}
    if confirm:
        data["confirm"] = "y"
    return client.post(url, data=data)


def _fresh(db, model, ident):
    db.rollback()
    db.expire_all()
    return db.get(model, ident)


def _figures(app, db):
    db.rollback()
    db.expire_all()
    with app.test_request_context():
        return dashboard(db, ReportFilter(), None, catalog().courses)


def _export_rows(client, pseudonymised=False):
    response = client.get("/reports/completions.csv" + ("?pseudonymised=1" if pseudonymised else ""))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))[1:]


def test_withdrawal_erases_the_person_and_keeps_the_others(facilitator, household, db):
    client, staff = facilitator
    target, other = household.members[0], household.members[1]
    assert _withdraw(client, household.id, target.id).status_code == 302
    member = _fresh(db, Member, target.id)
    assert member.name == "" and member.father_name == ""
    assert member.withdrawn_at is not None and member.erased_at is not None
    assert _fresh(db, Member, other.id).name == "ကိုမင်းထွန်း"
    kept = _fresh(db, Household, household.id)
    assert kept.village == "ရွာသစ်" and kept.phone == "09421555777" and kept.erased_at is None
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "member.consent_withdrawn"))
    assert entry.actor_id == staff.id and entry.subject_id == target.id
    page = client.get(f"/facilitate/households/{household.id}").text
    assert "ဒေါ်ခင်ခင်" not in page and "ကိုမင်းထွန်း" in page


def test_withdrawal_needs_the_box_ticked_and_changes_nothing_without_it(facilitator, household, db):
    client, _ = facilitator
    response = _withdraw(client, household.id, household.members[0].id, confirm=False)
    assert response.status_code == 400
    assert _fresh(db, Member, household.members[0].id).name == "ဒေါ်ခင်ခင်"
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_the_unticked_box_is_explained_in_the_page_language(facilitator, household):
    client, _ = facilitator
    client.get("/?lang=en")
    response = _withdraw(client, household.id, household.members[0].id, confirm=False)
    assert "Tick the box to confirm the person asked for this." in response.text


def test_a_second_tap_records_the_withdrawal_once(facilitator, household, db):
    client, _ = facilitator
    member_id = household.members[0].id
    assert _withdraw(client, household.id, member_id).status_code == 302
    again = client.post(f"/facilitate/households/{household.id}/members/{member_id}/withdraw",
                        data={"csrf_token": csrf_token(client.get(f"/facilitate/households/{household.id}").text),
                              "confirm": "y"})
    assert again.status_code == 302
    db.rollback()
    assert db.scalar(select(func.count()).select_from(AuditEntry)
                     .where(AuditEntry.action == "member.consent_withdrawn")) == 1


def test_a_facilitator_cannot_record_a_withdrawal_outside_their_groups(auth, db, household, facilitator):
    outsider, _ = auth.staff_client("facilitator", townships=("MMR011001",))
    url = f"/facilitate/households/{household.id}/members/{household.members[0].id}/withdraw"
    assert outsider.get(url).status_code == 404
    page = outsider.get("/facilitate/groups")
    assert outsider.post(url, data={"csrf_token": csrf_token(page.text), "confirm": "y"}).status_code == 404
    assert _fresh(db, Member, household.members[0].id).erased_at is None


def test_the_withdrawn_person_leaves_exports_while_anonymous_counts_stay(auth, app, db, household, facilitator,
                                                                        member_client):
    client, _ = facilitator
    target = household.members[0]
    assert member_client.get("/learn/money-and-migration/sending-money-home/true-cost").status_code == 200
    assert pass_quiz(member_client, "sending-money-home").status_code == 302
    assert pass_quiz(member_client, "household-budget").status_code == 302
    coordinator, _ = auth.staff_client("coordinator", states=("MMR011",))
    before = _figures(app, db)
    courses = before.courses  # an export has a row per member and course
    assert before.members == 3 and before.courses[0].certificates == 1 and before.courses[0].lessons_read >= 1
    assert str(target.id) in {row[1] for row in _export_rows(coordinator)}

    assert _withdraw(client, household.id, target.id).status_code == 302

    after = _figures(app, db)
    assert (after.members, after.by_sex, after.by_age, after.courses[0].lessons_read, after.courses[0].certificates) == \
        (before.members, before.by_sex, before.by_age, before.courses[0].lessons_read, before.courses[0].certificates)
    assert [(m.attempts, m.members_passed) for m in after.courses[0].modules] == \
        [(m.attempts, m.members_passed) for m in before.courses[0].modules]
    for pseudonymised in (False, True):
        rows = _export_rows(coordinator, pseudonymised)
        assert str(target.id) not in {row[1] for row in rows}
        assert len(rows) == 2 * len(courses)  # the two others, in every course
    exported = coordinator.get("/reports/completions.csv").data.decode("utf-8-sig")
    assert "ဒေါ်ခင်ခင်" not in exported and "ကိုမင်းထွန်း" in exported


def test_the_withdrawn_member_is_no_longer_on_the_household_phone(auth, client, db, household, facilitator):
    staff_side, _ = facilitator
    assert auth.household(household.code, PIN).status_code == 302
    target = household.members[0]
    assert auth.choose(target).status_code == 302
    assert _withdraw(staff_side, household.id, target.id).status_code == 302
    who = client.get("/household/")
    assert who.status_code == 200 and "ဒေါ်ခင်ခင်" not in who.text and "ကိုမင်းထွန်း" in who.text
    db.rollback()
    assert db.scalar(select(HouseholdSession.member_id).where(HouseholdSession.ended_at.is_(None))) is None
    auth.choose(target)
    db.rollback()
    assert db.scalar(select(HouseholdSession.member_id).where(HouseholdSession.ended_at.is_(None))) is None
    assert client.get("/learn/my-progress").status_code == 302  # nobody is chosen


def test_when_the_last_member_withdraws_the_household_is_erased(auth, db, household, facilitator):
    staff_side, _ = facilitator
    for member in household.members:
        assert _withdraw(staff_side, household.id, member.id).status_code == 302
    erased = _fresh(db, Household, household.id)
    assert erased.erased_at is not None and erased.village == "" and erased.phone is None
    assert auth.household(household.code, PIN).status_code != 302  # the PIN no longer works
    page = staff_side.get(f"/facilitate/households/{household.id}?lang=en").text
    assert "details were erased" in page and "Give a new PIN" not in page
    refused = staff_side.post(f"/facilitate/households/{household.id}/new-pin",
                              data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 302
    assert _fresh(db, Household, household.id).pin_hash == "!"


def test_a_withdrawn_members_certificate_verifies_without_a_name(app, db, household, facilitator, member_client):
    client, _ = facilitator
    assert pass_quiz(member_client, "sending-money-home").status_code == 302
    assert pass_quiz(member_client, "household-budget").status_code == 302
    db.rollback()
    code = db.scalar(select(Certificate.code))
    assert "ဒေါ်" in app.test_client().get(f"/v/{code}?lang=en").text
    _withdraw(client, household.id, household.members[0].id)
    page = app.test_client().get(f"/v/{code}?lang=en")
    assert page.status_code == 200 and "valid" in page.text
    assert "ဒေါ်" not in page.text and "asked for their details to be erased" in page.text


# -- the retention purge ----------------------------------------------------------------------------------------

@pytest.fixture
def old_and_active(app, db):
    """One household last active 400 days ago, one that took a quiz yesterday."""
    long_ago = utcnow() - timedelta(days=400)
    old = make_household(db, members=2, code="OLDH-0001")
    old.phone = "09420000001"
    active = make_household(db, members=2, code="ACTV-0001")
    active.phone = "09420000002"
    db.flush()
    db.execute(update(Household).values(created_at=long_ago))
    db.add(LessonRead(member_id=old.members[0].id, course_id="c", module_id="m", lesson_id="l",
                      content_version="1", source="phone", read_at=long_ago + timedelta(days=5)))
    db.add(QuizAttempt(submission_id="s1", member_id=active.members[0].id, course_id="c", module_id="m",
                       content_version="1", answers={}, score=1, max_score=1, percent=100, passed=True,
                       source="phone", created_at=utcnow() - timedelta(days=1)))
    db.commit()
    return old, active


def test_the_purge_is_a_dry_run_by_default(runner, db, old_and_active):
    old, active = old_and_active
    result = runner.invoke(args=["privacy", "purge", "--older-than", "365"])
    assert result.exit_code == 0, result.output
    assert "would erase household OLDH-0001" in result.output and "ACTV-0001" not in result.output
    assert "nothing changed" in result.output
    assert _fresh(db, Household, old.id).phone == "09420000001"
    assert _fresh(db, Member, old.members[0].id).name == "ဒေါ်ခင်ခင်"


def test_the_purge_blanks_names_and_phones_of_inactive_households_only(app, runner, db, old_and_active):
    old, active = old_and_active
    before = _figures(app, db)
    result = runner.invoke(args=["privacy", "purge", "--older-than", "365", "--apply"])
    assert result.exit_code == 0, result.output
    assert "erased the personal data of 1 households" in result.output
    purged = _fresh(db, Household, old.id)
    assert purged.phone is None and purged.village == "" and purged.erased_at is not None
    assert all(m.name == "" and m.father_name == "" and m.erased_at is not None for m in purged.members)
    assert all(m.withdrawn_at is None for m in purged.members)  # erased for retention, not at their request
    kept = _fresh(db, Household, active.id)
    assert kept.phone == "09420000002" and [m.name for m in kept.members] == ["ဒေါ်ခင်ခင်", "ကိုမင်းထွန်း"]
    after = _figures(app, db)
    assert (after.households, after.members, after.by_age, after.courses[0].lessons_read) == \
        (before.households, before.members, before.by_age, before.courses[0].lessons_read)
    again = runner.invoke(args=["privacy", "purge", "--older-than", "365", "--apply"])
    assert "erased the personal data of 0 households" in again.output


def test_recent_sign_ins_keep_a_household(runner, db, old_and_active):
    old, _ = old_and_active
    db.add(HouseholdSession(id="x" * 64, household_id=old.id, created_at=utcnow(), last_seen_at=utcnow()))
    db.commit()
    result = runner.invoke(args=["privacy", "purge", "--older-than", "365"])
    assert "OLDH-0001" not in result.output


# -- the audit log ------------------------------------------------------------------------------------------------

def test_the_audit_log_holds_no_personal_data(auth, db, runner, member_client, household):
    """Do everything that writes an audit entry with people whose details are easy to spot, then search every
    entry for them: only staff user names may appear."""
    coordinator_client, coordinator = auth.staff_client("coordinator", states=("MMR011",))
    coordinator.display_name = "Daw Coordinator Display"
    facilitator_client, facilitator = auth.staff_client("facilitator", townships=("MMR011001",))
    group = make_group(db, facilitator, [household])
    household.phone = "09421999888"
    db.commit()
    personal = {"ဒေါ်ခင်ခင်", "ကိုမင်းထွန်း", "မနှင်းဆီ", "ဦးဘ", "ရွာသစ်", "09421999888", "421999888",
                household.code, "Daw Coordinator Display"}

    page = facilitator_client.get(f"/facilitate/register?group_id={group.id}")
    registered = facilitator_client.post(f"/facilitate/register?group_id={group.id}", data={
        "csrf_token": csrf_token(page.text), "township": "MMR011001", "village": "Kyaikmaraw Spot Village",
        "phone": "09 777 123 4567", "consent_language": "my", "consent": "y",
        "members-0-name": "Spotname Personone", "members-0-father_name": "Spotfather One", "members-0-sex": "female",
        "members-0-birth_year": "1990", "members-0-relation": "head", "members-0-language": "my",
        "submission_id": "audit-test-submission-1",
    })
    assert registered.status_code == 200, registered.text
    personal |= {"Spotname", "Spotfather", "Kyaikmaraw Spot Village", "7771234567", "777 123 4567"}

    token = csrf_token(facilitator_client.get(f"/facilitate/households/{household.id}").text)
    facilitator_client.post(f"/facilitate/households/{household.id}/unlock", data={"csrf_token": token})
    facilitator_client.post(f"/facilitate/households/{household.id}/new-pin", data={"csrf_token": token})
    assert pass_quiz(member_client, "sending-money-home").status_code == 302
    assert pass_quiz(member_client, "household-budget").status_code == 302
    db.rollback()
    certificate = db.scalar(select(Certificate))
    personal.add(certificate.code)
    token = csrf_token(coordinator_client.get("/facilitate/certificates").text)
    coordinator_client.post(f"/facilitate/certificates/{certificate.id}/revoke",
                            data={"csrf_token": token, "reason": "ဒေါ်ခင်ခင် gave the wrong name"})
    coordinator_client.post("/facilitate/certificates/issue", data={
        "csrf_token": token, "member_id": str(certificate.member_id), "course_id": certificate.course_id})
    assert coordinator_client.get("/reports/completions.csv").status_code == 200
    assert _withdraw(facilitator_client, household.id, household.members[1].id).status_code == 302
    db.rollback()
    db.execute(update(Household).values(created_at=utcnow() - timedelta(days=900)))
    db.execute(update(HouseholdSession).values(last_seen_at=utcnow() - timedelta(days=900)))
    db.execute(update(QuizAttempt).values(created_at=utcnow() - timedelta(days=900)))
    db.execute(update(LessonRead).values(read_at=utcnow() - timedelta(days=900)))
    db.commit()
    assert runner.invoke(args=["privacy", "purge", "--older-than", "365", "--apply"]).exit_code == 0

    db.rollback()
    entries = db.scalars(select(AuditEntry)).all()
    actions = {e.action for e in entries}
    assert {"household.register", "household.unlock", "household.new_pin", "certificate.issue",
            "certificate.revoke", "certificate.reissue", "export.completions", "member.consent_withdrawn",
            "household.purged"} <= actions
    dumped = json.dumps([{c.name: str(getattr(e, c.key)) for c in AuditEntry.__table__.columns} | e.details
                         for e in entries], ensure_ascii=False)
    assert [p for p in personal if p in dumped] == []
