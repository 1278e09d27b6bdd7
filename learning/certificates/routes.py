"""Certificates: public verification, the member's PDF, and staff pages to issue, revoke and print."""
from __future__ import annotations

import logging

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from learning import db
from learning.auth.access import public, staff_required
from learning.auth.household_session import current_member, member_required
from learning.auth.models import Role
from learning.certificates import bp, services
from learning.certificates.codes import normalise_code
from learning.certificates.content import certificate_content, course_title, public_name
from learning.certificates.models import Certificate
from learning.extensions import limiter
from learning.facilitate.scope import households_in_scope
from learning.households.models import Household, Member
from learning.i18n.translations import current_language
from learning.learn.library import catalog
from learning.site.inputs import row_id

log = logging.getLogger("learning.verification")
VERIFY_LIMIT = "30 per minute"


def _pdf_response(certificates: list[Certificate], filename: str):
    from learning.certificates import pdf

    data = pdf.render([certificate_content(db.session, c) for c in certificates])
    response = make_response(data)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- public verification -------------------------------------------------------------------------------------

@bp.route("/v/<code>")
@limiter.limit(VERIFY_LIMIT)
@public
def verify_code(code: str):
    """What the QR code opens: valid or revoked, and just enough to match the paper."""
    normalised = normalise_code(code)
    found = db.session.scalar(select(Certificate).where(Certificate.code == normalised)) if normalised else None
    if found is None:
        log.info("certificate verification outcome=unknown")
        return render_template("certificates/unknown.html"), 404
    log.info("certificate verification outcome=%s", "valid" if found.valid else "revoked")
    member = found.member
    household = db.session.get(Household, member.household_id)
    first, initial = public_name(member.name, member.father_name) if member.erased_at is None else (None, None)
    issuer = found.issued_by.display_name if found.issued_by else None
    return render_template(
        "certificates/verified.html", certificate=found, first=first, initial=initial,
        course=course_title(found.course_id, current_language()),
        township=household.township.name(current_language()), issuer=issuer,
    )


@bp.route("/verify")
@limiter.limit(VERIFY_LIMIT)
@public
def verify():
    """Type a code from a certificate."""
    typed = request.args.get("code", "").strip()
    if typed:
        normalised = normalise_code(typed)
        if len(normalised.replace("-", "")) == 12:
            return redirect(url_for("certificates.verify_code", code=normalised))
        return render_template("certificates/verify.html", typed=typed,
                               error=_("A code has 12 letters and digits, for example 7KQ4-M2XD-9P4T.")), 400
    return render_template("certificates/verify.html", typed="", error=None)


# -- the member's own certificate ------------------------------------------------------------------------------

@bp.route("/learn/certificates/<int:certificate_id>.pdf")
@member_required
def member_pdf(certificate_id: int):
    """The member's certificate as a PDF (only their own, and only while it is valid)."""
    found = db.session.get(Certificate, certificate_id)
    if found is None or found.member_id != current_member().id or not found.valid:
        abort(404)
    return _pdf_response([found], f"certificate-{found.code}.pdf")


# -- staff -------------------------------------------------------------------------------------------------------

def _in_scope(household_id: int) -> bool:
    """True when the household is in the signed-in staff member's area."""
    return db.session.scalar(households_in_scope(current_user).where(Household.id == household_id)) is not None


def _certificate_in_scope(certificate_id: int) -> Certificate:
    found = db.session.get(Certificate, certificate_id)
    if found is None or found.member.erased_at is not None or not _in_scope(found.member.household_id):
        abort(404)
    return found


@bp.route("/facilitate/certificates")
@staff_required()
def staff_list():
    """Members in your area who completed a course without a valid certificate, and the certificates issued."""
    households = households_in_scope(current_user).subquery()
    members = db.session.scalars(
        select(Member).join(households, Member.household_id == households.c.id)
        .where(Member.erased_at.is_(None)).order_by(Member.id)
    ).all()
    eligible = []
    for member in members:
        for course in catalog().courses:
            if services.valid_certificate(db.session, member.id, course.id) is None and \
                    services.completion_date(db.session, member.id, course) is not None:
                eligible.append((member, course))
    issued = db.session.scalars(
        select(Certificate).join(Member).join(households, Member.household_id == households.c.id)
        .where(Member.erased_at.is_(None)).order_by(Certificate.issued_at.desc()).limit(200)
    ).all()
    can_revoke = current_user.role in (Role.COORDINATOR, Role.ADMIN)
    return render_template("certificates/staff_list.html", eligible=eligible, issued=issued, can_revoke=can_revoke)


@bp.route("/facilitate/certificates/issue", methods=["POST"])
@staff_required()
def staff_issue():
    """Issue the certificate of a member who completed the course (for example from paper results)."""
    member_id = request.form.get("member_id", type=row_id)
    member = db.session.get(Member, member_id) if member_id is not None else None
    course = catalog().course(request.form.get("course_id", ""))
    if member is None or member.erased_at is not None or course is None or not _in_scope(member.household_id):
        abort(404)
    revoked_before = db.session.scalar(select(Certificate).where(
        Certificate.member_id == member.id, Certificate.course_id == course.id, Certificate.revoked_at.is_not(None)))
    if revoked_before is not None and current_user.role not in (Role.COORDINATOR, Role.ADMIN):
        abort(403)  # re-issuing after a revocation is a coordinator's decision
    certificate = services.issue_if_complete(
        db.session, member, course, issued_by_id=current_user.id,
        action="certificate.reissue" if revoked_before else "certificate.issue",
    )
    db.session.commit()
    if certificate is None:
        flash(_("This member has not passed every quiz of the course yet."))
    else:
        flash(_("Certificate %(code)s is issued.", code=certificate.code))
    return redirect(url_for("certificates.staff_list"))


@bp.route("/facilitate/certificates/<int:certificate_id>/revoke", methods=["POST"])
@staff_required(Role.COORDINATOR, Role.ADMIN)
def staff_revoke(certificate_id: int):
    """Revoke a certificate, with a reason."""
    found = _certificate_in_scope(certificate_id)
    reason = " ".join((request.form.get("reason") or "").split())[:500]
    if not reason:
        flash(_("Write the reason for revoking the certificate."))
        return redirect(url_for("certificates.staff_list")), 303
    if not found.valid:
        flash(_("This certificate is already revoked."))
        return redirect(url_for("certificates.staff_list"))
    services.revoke(db.session, found, current_user.id, reason)
    db.session.commit()
    flash(_("Certificate %(code)s is revoked.", code=found.code))
    return redirect(url_for("certificates.staff_list"))


@bp.route("/facilitate/certificates/<int:certificate_id>.pdf")
@staff_required()
def staff_pdf(certificate_id: int):
    """A certificate in your area, to print."""
    found = _certificate_in_scope(certificate_id)
    if not found.valid:
        abort(404)
    return _pdf_response([found], f"certificate-{found.code}.pdf")


def render_batch(certificates: list[Certificate]) -> bytes:
    """One PDF with a page per certificate (the group board prints these)."""
    from learning.certificates import pdf

    return pdf.render([certificate_content(db.session, c) for c in certificates])

