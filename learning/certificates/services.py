"""Issuing, revoking and re-issuing certificates; every change is written to the audit log.

A certificate is issued in the same transaction as the passing attempt that completes a course: learn sends
``module_passed`` (learn/signals.py) and this module answers it, so learn never imports certificates.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from learning.audit import record
from learning.certificates.codes import new_verification_code
from learning.certificates.models import Certificate
from learning.content.model import Course
from learning.db import insert_ignoring_conflict, utcnow
from learning.households.models import Household, Member
from learning.learn.completion import completion_dates, completions
from learning.learn.signals import module_passed


def completion_date(db: Session, member_id: int, course: Course) -> date | None:
    """The day (Myanmar time) the member passed the last of the course's module quizzes; None if not all passed."""
    return completion_dates(db, course, [member_id]).get(member_id)


def valid_certificate(db: Session, member_id: int, course_id: str) -> Certificate | None:
    """The member's valid (not revoked) certificate for the course, if any."""
    return db.scalar(select(Certificate).where(
        Certificate.member_id == member_id, Certificate.course_id == course_id, Certificate.revoked_at.is_(None)))


def waiting(course: Course, members: Select) -> Select:
    """Rows (member_id, completed_at) of the members (a query of member ids) who completed the course and hold no
    valid certificate for it."""
    done = completions(course).subquery()
    holds = exists().where(Certificate.member_id == done.c.member_id, Certificate.course_id == course.id,
                           Certificate.revoked_at.is_(None))
    return select(done.c.member_id, done.c.completed_at).where(done.c.member_id.in_(members), ~holds)


def issue_if_complete(db: Session, member: Member, course: Course, *, issued_by_id: int | None = None,
                      action: str = "certificate.issue") -> Certificate | None:
    """Issue the course certificate when every module quiz is passed and no valid one exists.

    Runs in the caller's transaction (with the passing attempt); the partial unique index makes a concurrent
    second issue a no-op, so a member never holds two valid certificates for one course.
    """
    completed = completion_date(db, member.id, course)
    if completed is None:
        return None
    inserted = insert_ignoring_conflict(
        db, Certificate,
        {"code": new_verification_code(), "member_id": member.id, "course_id": course.id, "completed_on": completed,
         "issued_at": utcnow(), "issued_by_id": issued_by_id},
        ["member_id", "course_id"], index_where=Certificate.revoked_at.is_(None),
    )
    certificate = valid_certificate(db, member.id, course.id)
    if inserted:
        household = db.get(Household, member.household_id)
        record(db, action, "certificate", certificate.id, actor_id=issued_by_id,
               township_pcode=household.township_pcode, course_id=course.id, member_id=member.id)
    return certificate


def issue_by_hand(db: Session, member: Member, course: Course, staff_id: int, *,
                  after_revocation: bool) -> Certificate | None:
    """Issue from the certificate list; after a revocation (see was_revoked) it is recorded as a re-issue."""
    action = "certificate.reissue" if after_revocation else "certificate.issue"
    return issue_if_complete(db, member, course, issued_by_id=staff_id, action=action)


def was_revoked(db: Session, member_id: int, course_id: str) -> bool:
    """True when the member once held a certificate for the course that was revoked."""
    return db.scalar(select(Certificate.id).where(
        Certificate.member_id == member_id, Certificate.course_id == course_id,
        Certificate.revoked_at.is_not(None))) is not None


class CertificateError(ValueError):
    """The certificate cannot be changed as asked."""


def revoke(db: Session, certificate: Certificate, staff_id: int, reason: str) -> None:
    """Revoke a certificate with a reason; it stays on record and verification shows it as revoked."""
    if certificate.revoked_at is not None:
        raise CertificateError("already revoked")
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = staff_id
    certificate.revoke_reason = reason
    db.flush()
    household = db.get(Household, certificate.member.household_id)
    record(db, "certificate.revoke", "certificate", certificate.id, actor_id=staff_id,
           township_pcode=household.township_pcode, course_id=certificate.course_id, member_id=certificate.member_id)


@module_passed.connect
def _issue_on_pass(db: Session, *, member: Member, course: Course, issued_by_id: int | None = None, **_extra):
    """A new passing attempt: issue the certificate if the course is now complete (same transaction)."""
    return issue_if_complete(db, member, course, issued_by_id=issued_by_id)
