"""Certificates: public verification and the member's PDF (staff pages are in facilitate/certificates.py)."""
from __future__ import annotations

import logging

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from learning import db
from learning.auth.access import public
from learning.auth.household_session import current_member_id, member_required
from learning.certificates import bp
from learning.certificates.codes import normalise_code
from learning.certificates.content import course_title, public_name
from learning.certificates.downloads import certificates_pdf
from learning.certificates.models import Certificate
from learning.extensions import limiter
from learning.households.models import Household, Member
from learning.i18n.translations import current_language
from learning.learn.signals import member_course_links

log = logging.getLogger("learning.verification")
VERIFY_LIMIT = "30 per minute"


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
    if found is None or found.member_id != current_member_id() or not found.valid:
        abort(404)
    return certificates_pdf(db.session, [found], f"certificate-{found.code}.pdf")


@member_course_links.connect
def _certificate_links(db_session: Session, *, member: Member, **_extra) -> dict[str, tuple[str, str]]:
    """The member's progress page links each course's valid certificate."""
    found = db_session.scalars(select(Certificate).where(
        Certificate.member_id == member.id, Certificate.revoked_at.is_(None)))
    return {c.course_id: (_("Download my certificate (PDF)"), url_for("certificates.member_pdf", certificate_id=c.id))
            for c in found}
