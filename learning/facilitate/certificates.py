"""Certificates for staff: who is waiting for one, the certificates issued, and issuing, revoking, printing."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import String, literal, select, union_all
from sqlalchemy.orm import joinedload

from learning import db
from learning.auth.access import staff_required
from learning.auth.models import Role
from learning.certificates import services
from learning.certificates.downloads import certificates_pdf
from learning.certificates.models import Certificate
from learning.facilitate import bp
from learning.facilitate.scope import households_in_scope
from learning.households.models import Household, Member
from learning.inputs import row_id
from learning.learn.library import catalog
from learning.paging import Page, page_number_from

CERTIFICATES_PAGE = 50  # of each list: members waiting, certificates issued


def _members_in_scope():
    """A query of the ids of the (not erased) members the signed-in staff member may see."""
    households = households_in_scope(current_user).with_only_columns(Household.id)
    return select(Member.id).where(Member.household_id.in_(households), Member.erased_at.is_(None))


def _in_scope(household_id: int) -> bool:
    """True when the household is in the signed-in staff member's area."""
    return db.session.scalar(households_in_scope(current_user).where(Household.id == household_id)) is not None


def _certificate_in_scope(certificate_id: int) -> Certificate:
    found = db.session.get(Certificate, certificate_id)
    if found is None or found.member.erased_at is not None or not _in_scope(found.member.household_id):
        abort(404)
    return found


@bp.route("/certificates")
@staff_required()
def certificates():
    """Members in your area who completed a course without a valid certificate, and the certificates issued,
    a page of each at a time."""
    members = _members_in_scope()
    number = page_number_from(request.args)
    offset = (number - 1) * CERTIFICATES_PAGE
    courses = {course.id: course for course in catalog().courses}
    parts = []
    for course in courses.values():
        found = services.waiting(course, members).subquery()
        parts.append(select(found.c.member_id, literal(course.id, String).label("course_id")))
    waiting = union_all(*parts).subquery() if parts else None
    rows = db.session.execute(select(waiting.c.member_id, waiting.c.course_id)
                              .order_by(waiting.c.member_id, waiting.c.course_id)
                              .limit(CERTIFICATES_PAGE + 1).offset(offset)).all() if waiting is not None else []
    people = {m.id: m for m in db.session.scalars(select(Member).where(
        Member.id.in_([member_id for member_id, _ in rows])))} if rows else {}
    eligible = [(people[member_id], courses[course_id]) for member_id, course_id in rows[:CERTIFICATES_PAGE]]
    issued = db.session.scalars(
        select(Certificate).options(joinedload(Certificate.member)).where(Certificate.member_id.in_(members))
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc()).limit(CERTIFICATES_PAGE + 1).offset(offset)
    ).all()
    page = Page(items=eligible + list(issued[:CERTIFICATES_PAGE]), number=number, per_page=CERTIFICATES_PAGE,
                has_next=len(rows) > CERTIFICATES_PAGE or len(issued) > CERTIFICATES_PAGE)
    can_revoke = current_user.role in (Role.COORDINATOR, Role.ADMIN)
    return render_template("facilitate/certificates.html", eligible=eligible, issued=issued[:CERTIFICATES_PAGE],
                           can_revoke=can_revoke, page=page)


@bp.route("/certificates/issue", methods=["POST"])
@staff_required()
def issue_certificate():
    """Issue the certificate of a member who completed the course (for example from paper results)."""
    member_id = request.form.get("member_id", type=row_id)
    member = db.session.get(Member, member_id) if member_id is not None else None
    course = catalog().course(request.form.get("course_id", ""))
    if member is None or member.erased_at is not None or course is None or not _in_scope(member.household_id):
        abort(404)
    revoked = services.was_revoked(db.session, member.id, course.id)
    if revoked and current_user.role not in (Role.COORDINATOR, Role.ADMIN):
        abort(403)  # re-issuing after a revocation is a coordinator's decision
    certificate = services.issue_by_hand(db.session, member, course, current_user.id, after_revocation=revoked)
    db.session.commit()
    if certificate is None:
        flash(_("This member has not passed every quiz of the course yet."))
    else:
        flash(_("Certificate %(code)s is issued.", code=certificate.code))
    return redirect(url_for("facilitate.certificates"))


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def revoke_certificate(certificate_id: int):
    """Revoke a certificate, with a reason."""
    found = _certificate_in_scope(certificate_id)
    reason = " ".join((request.form.get("reason") or "").split())[:500]
    if not reason:
        flash(_("Write the reason for revoking the certificate."))
        return redirect(url_for("facilitate.certificates")), 303
    if not found.valid:
        flash(_("This certificate is already revoked."))
        return redirect(url_for("facilitate.certificates"))
    services.revoke(db.session, found, current_user.id, reason)
    db.session.commit()
    flash(_("Certificate %(code)s is revoked.", code=found.code))
    return redirect(url_for("facilitate.certificates"))


@bp.route("/certificates/<int:certificate_id>.pdf")
@staff_required()
def certificate_pdf(certificate_id: int):
    """A certificate in your area, to print."""
    found = _certificate_in_scope(certificate_id)
    if not found.valid:
        abort(404)
    return certificates_pdf(db.session, [found], f"certificate-{found.code}.pdf")
