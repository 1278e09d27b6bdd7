"""What is printed on a certificate and on a sign-in card: plain data, no PDF library (that loads only when a PDF
is drawn, which keeps ~40 MB out of every web worker that never draws one)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on one certificate, already in its language (the PDF layer translates nothing)."""

    language: str  # the member's language: shaping uses its OpenType language system
    programme: str
    heading: str
    heading_en: str | None
    certifies: str
    name: str
    father_line: str
    township_line: str
    completed_line: str
    course_title: str
    course_title_en: str | None
    modules_heading: str
    modules: tuple[str, ...]
    date_line: str
    facilitator_line: str
    code_label: str
    code: str
    verify_url: str


@dataclass(frozen=True)
class CardContent:
    """A household's sign-in card, in the household's language."""

    language: str
    programme: str
    code_label: str
    code: str
    pin_label: str
    pin: str
    members: tuple[str, ...]
    address: str  # the sign-in page, also as a QR code
    keep_safe: str
