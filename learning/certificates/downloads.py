"""PDF downloads: one response shape for every PDF the site sends (certificates, sign-in cards)."""
from __future__ import annotations

from flask import Response, make_response
from sqlalchemy.orm import Session

from learning.certificates.content import certificate_content
from learning.certificates.models import Certificate


def pdf_response(data: bytes, filename: str) -> Response:
    """A PDF sent as a download named `filename`."""
    response = make_response(data)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def certificates_pdf(db: Session, certificates: list[Certificate], filename: str) -> Response:
    """One PDF with a page per certificate, as a download."""
    from learning.certificates import pdf  # fonts and HarfBuzz load on the first PDF, not at start-up

    return pdf_response(pdf.render([certificate_content(db, c) for c in certificates]), filename)
