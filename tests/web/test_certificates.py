"""Certificates: issued with the passing quiz, one valid per member and course, verifiable by anyone."""
import logging
import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from learning.audit.models import AuditEntry
from learning.certificates.content import short_name
from learning.certificates.models import Certificate
from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog
from learning.db import utcnow
from learning.learn.models import QuizAttempt
from tests.builders import make_group
from tests.conftest import csrf_token

CATALOG = load_catalog(PROJECT_ROOT / "courses")

COURSE = "/learn/money-and-migration"
CODE_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def _right_answers_for(module_id):
    module = CATALOG.course("money-and-migration").module(module_id)
    data = {}
    for q in module.quiz.questions:
        data[f"q-{q.id}"] = q.answer if q.type == "single" else list(q.answer) if q.type == "multiple" else str(int(q.answer))
    return data


def pass_quiz(client, module_id):
    url = f"{COURSE}/{module_id}/quiz"
    html = client.get(url).text
    submission = re.search(r'name="submission_id" type="hidden" value="([^"]+)"', html).group(1)
    return client.post(url, data={**_right_answers_for(module_id), "csrf_token": csrf_token(html),
                                  "submission_id": submission})


def _certificates(db):
    db.rollback()
    db.expire_all()
    return db.scalars(select(Certificate).order_by(Certificate.id)).all()


def _complete_course(member_client):
    assert pass_quiz(member_client, "sending-money-home").status_code == 302
    assert pass_quiz(member_client, "household-budget").status_code == 302


def test_passing_every_module_issues_one_certificate_with_the_last_pass(member_client, household, db):
    pass_quiz(member_client, "sending-money-home")
    assert _certificates(db) == []
    pass_quiz(member_client, "household-budget")
    (certificate,) = _certificates(db)
    assert certificate.member_id == household.members[0].id and certificate.valid
    assert CODE_RE.match(certificate.code)
    assert certificate.issued_by_id is None  # issued by the system with the passing attempt
    assert db.scalar(select(AuditEntry.action).where(AuditEntry.subject_id == certificate.id)) == "certificate.issue"


def test_passing_again_issues_nothing_new(member_client, db):
    _complete_course(member_client)
    _complete_course(member_client)
    assert len(_certificates(db)) == 1
    assert db.scalar(select(func.count()).select_from(QuizAttempt)) == 4


def test_a_failure_while_issuing_saves_neither_the_attempt_nor_the_certificate(member_client, db, monkeypatch):
    pass_quiz(member_client, "sending-money-home")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("learning.certificates.services.issue_if_complete", broken)
    response = pass_quiz(member_client, "household-budget")
    assert response.status_code == 500
    db.rollback()
    assert db.scalar(select(func.count()).select_from(QuizAttempt)) == 1
    assert _certificates(db) == []


def test_the_database_refuses_a_second_valid_certificate(member_client, household, db):
    _complete_course(member_client)
    db.add(Certificate(code="AAAA-BBBB-CCCC", member_id=household.members[0].id, course_id="money-and-migration",
                       completed_on=utcnow().date()))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_the_member_downloads_their_own_certificate(auth, member_client, household):
    _complete_course(member_client)
    page = member_client.get("/learn/my-progress?lang=en").text
    link = re.search(r'href="(/learn/certificates/\d+\.pdf)"', page).group(1)
    response = member_client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    auth.choose(household.members[1])
    assert member_client.get(link).status_code == 404


def test_verification_shows_the_honorific_and_first_syllable_and_the_fathers_initial_only(app, member_client,
                                                                                          household, db):
    _complete_course(member_client)
    certificate = _certificates(db)[0]
    anyone = app.test_client()
    page = anyone.get(f"/v/{certificate.code}?lang=en")
    assert page.status_code == 200 and "This certificate is valid." in page.text
    member = household.members[0]
    assert " " not in member.name  # a Burmese name, written without spaces
    assert member.name not in page.text  # the whole name was shown when it had no spaces
    assert short_name(member.name) in page.text and short_name(member.name).endswith("…")
    assert member.father_name not in page.text  # only its initial
    loose = anyone.get(f"/v/{certificate.code.lower().replace('-', '')}?lang=en")
    assert loose.status_code == 200 and certificate.code in loose.text


def test_an_unknown_code_is_a_friendly_404(client):
    response = client.get("/v/ZZZZ-ZZZZ-ZZZZ?lang=en")
    assert response.status_code == 404 and "No certificate has this code" in response.text


def test_the_code_form_checks_the_shape_of_the_code(client):
    bad = client.get("/verify?code=123&lang=en")
    assert bad.status_code == 400 and "12 letters and digits" in bad.text
    good = client.get("/verify?code=7kq4 m2xd 9p4t")
    assert good.status_code == 302 and good.headers["Location"].endswith("/v/7KQ4-M2XD-9P4T")


def test_verification_is_rate_limited(client):
    codes = [client.get(f"/v/ZZZZ-ZZZZ-{i:04d}").status_code for i in range(31)]
    assert codes[:30] == [404] * 30 and codes[30] == 429


def test_lookups_are_logged_without_personal_data(app, member_client, household, db, caplog):
    _complete_course(member_client)
    certificate = _certificates(db)[0]
    caplog.set_level(logging.INFO, logger="learning.verification")
    app.test_client().get(f"/v/{certificate.code}")
    app.test_client().get("/v/ZZZZ-ZZZZ-ZZZZ")
    assert "outcome=valid" in caplog.text and "outcome=unknown" in caplog.text
    member = household.members[0]
    for private in (member.name, member.father_name, certificate.code):
        assert private not in caplog.text


def _staff_client(auth, db, role, household=None, **scope):
    client, staff = auth.staff_client(role, **scope)
    if household is not None:  # a facilitator sees the households of their own groups
        make_group(db, staff, [db.get(type(household), household.id)])
        db.commit()
    return client, staff


def test_a_coordinator_revokes_with_a_reason_and_reissues(app, auth, member_client, household, db):
    _complete_course(member_client)
    certificate = _certificates(db)[0]
    coordinator, staff = _staff_client(auth, db, "coordinator", states=("MMR011",))
    page = coordinator.get("/facilitate/certificates?lang=en")
    assert certificate.code in page.text
    token = csrf_token(page.text)
    no_reason = coordinator.post(f"/facilitate/certificates/{certificate.id}/revoke", data={"csrf_token": token})
    assert no_reason.status_code == 303 and _certificates(db)[0].valid
    coordinator.post(f"/facilitate/certificates/{certificate.id}/revoke",
                     data={"csrf_token": token, "reason": "Name misspelt"})
    revoked = _certificates(db)[0]
    assert not revoked.valid and revoked.revoke_reason == "Name misspelt" and revoked.revoked_by_id == staff.id
    assert "has been revoked" in app.test_client().get(f"/v/{revoked.code}?lang=en").text
    listed = coordinator.get("/facilitate/certificates?lang=en").text
    assert "Ready for a certificate" in listed and household.members[0].name in listed
    coordinator.post("/facilitate/certificates/issue", data={
        "csrf_token": token, "member_id": household.members[0].id, "course_id": "money-and-migration"})
    old, new = _certificates(db)
    assert not old.valid and new.valid and new.code != old.code and new.issued_by_id == staff.id
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["certificate.issue", "certificate.revoke", "certificate.reissue"]


def test_facilitators_cannot_revoke_or_reissue(auth, member_client, household, db):
    _complete_course(member_client)
    certificate = _certificates(db)[0]
    facilitator, _ = _staff_client(auth, db, "facilitator", household=household, townships=("MMR011001",))
    page = facilitator.get("/facilitate/certificates")
    token = csrf_token(page.text)
    assert facilitator.post(f"/facilitate/certificates/{certificate.id}/revoke",
                            data={"csrf_token": token, "reason": "x"}).status_code == 403
    certificate.revoked_at = utcnow()
    certificate.revoke_reason = "test"
    db.commit()
    response = facilitator.post("/facilitate/certificates/issue", data={
        "csrf_token": token, "member_id": household.members[0].id, "course_id": "money-and-migration"})
    assert response.status_code == 403
    assert len(_certificates(db)) == 1


def test_staff_outside_the_area_see_nothing(auth, member_client, household, db):
    _complete_course(member_client)
    certificate = _certificates(db)[0]
    other, _ = _staff_client(auth, db, "coordinator", states=("MMR003",))
    assert certificate.code not in other.get("/facilitate/certificates").text
    assert other.get(f"/facilitate/certificates/{certificate.id}.pdf").status_code == 404
    page = other.get("/facilitate/certificates")
    assert other.post(f"/facilitate/certificates/{certificate.id}/revoke",
                      data={"csrf_token": csrf_token(page.text), "reason": "x"}).status_code == 404
    assert other.post("/facilitate/certificates/issue", data={
        "csrf_token": csrf_token(page.text), "member_id": household.members[0].id,
        "course_id": "money-and-migration"}).status_code == 404


def test_staff_in_the_area_download_the_pdf(auth, member_client, household, db):
    _complete_course(member_client)
    certificate = _certificates(db)[0]
    facilitator, _ = _staff_client(auth, db, "facilitator", household=household, townships=("MMR011001",))
    response = facilitator.get(f"/facilitate/certificates/{certificate.id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_the_pdf_holds_no_phone_number_or_pin(member_client, household, db):
    import pypdfium2 as pdfium

    household.phone = "09 421 555 777"
    db.commit()
    _complete_course(member_client)
    certificate = _certificates(db)[0]
    data = member_client.get(f"/learn/certificates/{certificate.id}.pdf").data
    page = pdfium.PdfDocument(data)[0].get_textpage()
    text = page.get_text_range()
    assert certificate.code in text
    assert "421" not in text and "555 777" not in text
    from tests.builders import PIN

    assert PIN not in text
