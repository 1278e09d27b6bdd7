"""Issuing, revoking and re-issuing certificates; every change is written to the audit log."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learning.certificates.codes import new_verification_code
from learning.certificates.models import Certificate
from learning.content.model import Course
from learning.db import insert_ignoring_conflict, utcnow
from learning.households.models import Household, Member
from learning.learn.models import QuizAttempt
from learning.reports.audit import record

MYANMAR_TIME = timezone(timedelta(hours=6, minutes=30))  # no daylight saving


def completion_date(db: Session, member_id: int, course: Course) -> date | None:
    """The day (Myanmar time) the member passed the last of the course's module quizzes; None if not all passed."""
    rows = dict(db.execute(
        select(QuizAttempt.module_id, func.min(QuizAttempt.created_at))
        .where(QuizAttempt.member_id == member_id, QuizAttempt.course_id == course.id, QuizAttempt.passed)
        .group_by(QuizAttempt.module_id)
    ).all())
    firsts = [rows.get(module.id) for module in course.modules]
    if not firsts or any(first is None for first in firsts):
        return None
    latest = max(_aware(first) for first in firsts)
    return latest.astimezone(MYANMAR_TIME).date()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def valid_certificate(db: Session, member_id: int, course_id: str) -> Certificate | None:
    """The member's valid (not revoked) certificate for the course, if any."""
    return db.scalar(select(Certificate).where(
        Certificate.member_id == member_id, Certificate.course_id == course_id, Certificate.revoked_at.is_(None)))


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
