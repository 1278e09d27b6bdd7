"""The import's duplicate key: keyed with a secret, erased with the person, and never an oracle.

A household already imported that the facilitator may see is skipped ("imported before"); one outside their
groups or area is not mentioned to them at all: the file is imported as new, and the pair is listed for the
coordinators of the area, who resolve it.
"""
import hashlib
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from learning.audit.models import AuditEntry
from learning.db import utcnow
from learning.facilitate import importing
from learning.facilitate.models import SuspectedDuplicate
from learning.households.models import Household, Member
from learning.privacy import services as privacy
from tests.builders import make_group
from tests.conftest import csrf_token
from tests.web.test_import import GOOD_CSV

SHAN_CSV = GOOD_CSV.replace(b"MMR011001", b"MMR014001")  # the same Kobo submissions, said to be in Taunggyi
NO_KEY_CSV = ("township,village,consent,name,father_name,sex,birth_year\n"
              "MMR011001,ရွာသစ်,yes,ဒေါ်အေးအေး,ဦးဘ,female,1984\n").encode()


def import_into_a_group(client, db, staff, data: bytes, township: str = "MMR011001", group_name: str = "Group 1"):
    """The staff member's new group, and the preview and the answer to saving the file into it."""
    group = make_group(db, staff, township=township, name=group_name)
    db.commit()
    page = client.get(f"/facilitate/import?group_id={group.id}&lang=en")
    preview = client.post("/facilitate/import?lang=en", data={
        "csrf_token": csrf_token(page.text), "group_id": group.id, "file": (io.BytesIO(data), "households.csv")},
        content_type="multipart/form-data")
    assert preview.status_code == 200, preview.text
    action = re.search(r'action="(/facilitate/import/[^"]+)"', preview.text).group(1)
    saved = client.post(action, data={"csrf_token": csrf_token(preview.text), "suffix": ".csv",
                                      "group_id": group.id}, follow_redirects=True)
    return group, preview, saved


def fresh(db):
    db.rollback()
    db.expire_all()


@pytest.fixture
def first_import(auth, db):
    """Facilitator A's group in Mawlamyine with the three households of the file."""
    client, staff = auth.staff_client("facilitator", townships=("MMR011001",))
    group, _preview, _saved = import_into_a_group(client, db, staff, GOOD_CSV, group_name="Riverside Savers")
    fresh(db)
    return client, group, db.scalars(select(Household).where(Household.group_id == group.id)).all()


def test_a_match_outside_the_facilitators_groups_is_imported_as_new_and_listed_for_the_coordinator(
        auth, db, first_import):
    _client, group_a, households_a = first_import
    other, staff = auth.staff_client("facilitator", townships=("MMR014001",))
    group_b, preview, saved = import_into_a_group(other, db, staff, SHAN_CSV, "MMR014001", "Market Savers")
    assert "imported before" not in preview.text  # nothing tells them the people are registered elsewhere
    assert "3 households saved; 0 were imported before." in saved.text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Household).where(Household.group_id == group_b.id)) == 3
    assert db.scalar(select(func.count()).select_from(SuspectedDuplicate)) == 3

    mon, _ = auth.staff_client("coordinator", states=("MMR011",))
    page = mon.get("/facilitate/duplicates?lang=en")
    assert page.status_code == 200
    for household in db.scalars(select(Household)):
        assert household.code in page.text
    assert "Riverside Savers" in page.text and "Market Savers" in page.text
    kayin, _ = auth.staff_client("coordinator", states=("MMR003",))
    elsewhere = kayin.get("/facilitate/duplicates?lang=en")
    assert elsewhere.status_code == 200 and not any(h.code in elsewhere.text for h in households_a)
    assert other.get("/facilitate/duplicates").status_code == 403  # facilitators have no such page


def test_a_match_in_the_facilitators_own_groups_is_skipped_as_imported_before(auth, db, first_import):
    client, group, _households = first_import
    page = client.get(f"/facilitate/import?group_id={group.id}&lang=en")
    again = client.post("/facilitate/import?lang=en", data={
        "csrf_token": csrf_token(page.text), "group_id": group.id, "file": (io.BytesIO(GOOD_CSV), "h.csv")},
        content_type="multipart/form-data")
    assert again.text.count("imported before: skipped") == 3
    fresh(db)
    assert db.scalar(select(func.count()).select_from(SuspectedDuplicate)) == 0


def test_the_coordinator_marks_a_pair_resolved_and_it_is_audited(auth, db, first_import):
    other, staff = auth.staff_client("facilitator", townships=("MMR011001",))
    import_into_a_group(other, db, staff, GOOD_CSV, group_name="Hilltop Savers")
    fresh(db)
    pair = db.scalars(select(SuspectedDuplicate).order_by(SuspectedDuplicate.id)).first()
    mon, coordinator = auth.staff_client("coordinator", states=("MMR011",))
    page = mon.get("/facilitate/duplicates?lang=en")
    response = mon.post(f"/facilitate/duplicates/{pair.id}/resolve?lang=en",
                        data={"csrf_token": csrf_token(page.text)}, follow_redirects=True)
    assert response.status_code == 200 and "Marked as resolved." in response.text
    fresh(db)
    assert db.get(SuspectedDuplicate, pair.id).resolved_by_id == coordinator.id
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "household.duplicate_resolved"))
    assert entry.actor_id == coordinator.id and entry.subject_id == pair.household_id
    assert response.text.count("/resolve") == 2  # the two other pairs are still listed
    kayin, _ = auth.staff_client("coordinator", states=("MMR003",))
    token = csrf_token(kayin.get("/facilitate/duplicates").text)
    other_pair = db.scalars(select(SuspectedDuplicate).where(SuspectedDuplicate.resolved_at.is_(None))).first()
    assert kayin.post(f"/facilitate/duplicates/{other_pair.id}/resolve",
                      data={"csrf_token": token}).status_code == 404  # not in their area


def test_the_duplicate_key_cannot_be_recomputed_without_the_secret(auth, db, app):
    client, staff = auth.staff_client("facilitator", townships=("MMR011001",))
    import_into_a_group(client, db, staff, GOOD_CSV)
    import_into_a_group(client, db, staff, NO_KEY_CSV, group_name="Group 2")  # the row's content is its key
    fresh(db)
    unkeyed = ["5b1e2c1a-0002-4a6e-9f51-3f0a9d1c0002",
               hashlib.sha256("MMR011001|ရွာသစ်|ဒေါ်အေးအေး|ဦးဘ|1984".encode()).hexdigest()[:56]]
    stored = [value for h in db.scalars(select(Household)) for value in (h.import_key, h.duplicate_key) if value]
    assert stored
    assert not any(plain in value for value in stored for plain in unkeyed)
    assert importing.duplicate_key(b"one secret", "kobo:x") != importing.duplicate_key(b"another", "kobo:x")
    with app.app_context():
        secret = importing.duplicate_secret(app.config)
    assert secret != app.config["SECRET_KEY"].encode() and len(secret) == 32


def test_withdrawal_and_purge_blank_the_duplicate_key(db, first_import):
    _client, _group, households = first_import
    withdrawn, purged = households[0], households[1]
    assert withdrawn.duplicate_key and purged.duplicate_key
    assert privacy.withdraw_consent(db, db.get(Member, withdrawn.members[0].id), staff_id=None)
    candidates = [c for c in privacy.inactive_households(db, utcnow() + timedelta(days=1))
                  if c.household_id == purged.id]
    assert privacy.purge(db, candidates, 1) == 1
    db.commit()
    fresh(db)
    assert db.get(Household, withdrawn.id).duplicate_key is None
    assert db.get(Household, purged.id).duplicate_key is None
    assert db.get(Household, households[2].id).duplicate_key is not None


def test_the_registration_forms_duplicate_warning_names_only_households_the_facilitator_may_see(auth, db):
    from tests.web.test_facilitate import REGISTRATION, _register

    first, _ = auth.staff_client("facilitator", townships=("MMR011001",))
    registered, _ = _register(first, REGISTRATION)
    assert registered.status_code == 200
    fresh(db)
    code = db.scalar(select(Household.code))
    other, _ = auth.staff_client("facilitator", townships=("MMR011001",))
    response, _ = _register(other, REGISTRATION)
    assert response.status_code == 200 and "registered already" not in response.text
    assert code not in response.text  # the other facilitator's household is not named, nor its existence told
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Household)) == 2
    again, _ = _register(first, REGISTRATION)  # the facilitator's own household is still pointed out
    assert again.status_code == 400 and "registered already" in again.text and code in again.text
