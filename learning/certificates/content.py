"""What a certificate says, in its member's language, gathered from the database and the course content."""
from __future__ import annotations

import unicodedata

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from learning.auth.models import Staff
from learning.certificates.layouts import CertificateContent
from learning.certificates.models import Certificate
from learning.content.model import Course
from learning.households.models import Household
from learning.i18n import formatting, page_language
from learning.i18n.languages import LANGUAGES
from learning.i18n.text import first_syllable, has_myanmar
from learning.learn.library import catalog, text_for

HONORIFICS = ("ဦး", "ဒေါ်", "U ", "Daw ")


def verify_url(code: str) -> str:
    """The address the QR code holds."""
    base = current_app.config.get("PUBLIC_URL")
    path = url_for("certificates.verify_code", code=code)
    return f"{base.rstrip('/')}{path}" if base else url_for("certificates.verify_code", code=code, _external=True)


def facilitator_name(db: Session, certificate: Certificate, household: Household) -> str:
    """Who taught: the staff member who issued it, else the facilitator who registered the household."""
    staff_id = certificate.issued_by_id or household.consent_recorded_by_id
    staff = db.get(Staff, staff_id) if staff_id else None
    return staff.display_name if staff else "—"


def certificate_content(db: Session, certificate: Certificate) -> CertificateContent:
    """Everything printed on the certificate, in the member's language with English beside the title."""
    member = certificate.member
    household = db.get(Household, member.household_id)
    course: Course = catalog().course(certificate.course_id)
    language = member.preferred_language if member.preferred_language in LANGUAGES else "my"
    with page_language(language):
        programme = _("Twe Let Learning")
        heading = _("Certificate of completion")
        course_text = text_for(course.texts, language)
        english_course = course.texts.get("en")
        content = CertificateContent(
            language=language,
            programme=programme if programme == "Twe Let Learning" else f"{programme} · Twe Let Learning",
            heading=heading,
            heading_en=None if heading == "Certificate of completion" else "Certificate of completion",
            certifies=_("This certificate is awarded to"),
            name=member.name,
            father_line=_("Father's name: %(name)s", name=member.father_name),
            township_line=_("Township: %(name)s", name=household.township.name(language)),
            completed_line=_("for completing the course"),
            course_title=course_text.title,
            course_title_en=english_course.title if english_course and english_course.title != course_text.title else None,
            modules_heading=_("Modules passed:"),
            modules=tuple(text_for(m.texts, language).title for m in course.modules),
            date_line=_("Date of completion: %(date)s", date=formatting.short_date(certificate.completed_on)),
            facilitator_line=_("Facilitator: %(name)s", name=facilitator_name(db, certificate, household)),
            code_label=_("Verification code:"),
            code=certificate.code,
            verify_url=verify_url(certificate.code),
        )
    return content


# Honorifics and titles that begin names, as verification may show them: Burmese, Shan, Mon, S'gaw Karen, and the
# same in Latin letters. Longer ones first, so that "မောင်" is not read as "မ".
NAME_HONORIFICS = ("မောင်", "ဒေါ်", "စိုင်း", "နန်း", "နော်", "ကို", "ဦး", "မ", "ၸၢႆး", "ၼၢင်း", "နာဲ", "မိ", "စီၤ", "နီၢ်")
LATIN_HONORIFICS = frozenset({"u", "daw", "ko", "ma", "maung", "mg", "naw", "sai", "nang", "saw", "nai", "mi", "mr",
                              "mrs", "ms", "pu", "pi"})


def short_name(name: str) -> str:
    """What public verification shows of a name: at most its honorific and the first syllable (Myanmar script) or
    word (Latin letters, as Chin and English names are written), then "…" when anything is left out."""
    words = name.split()
    if not words:
        return ""
    if not has_myanmar(words[0]):
        keep = words[:2] if words[0].lower().rstrip(".") in LATIN_HONORIFICS and len(words) > 1 else words[:1]
        return " ".join(keep) + ("…" if len(keep) < len(words) else "")
    text = " ".join(words)
    honorific = next((h for h in NAME_HONORIFICS
                      if text.startswith(h) and len(text) > len(h) and _syllables_end_at(text, len(h))), "")
    prefix = honorific + (" " if honorific and text[len(honorific)] == " " else "")
    shown = first_syllable(text[len(prefix):])
    return prefix + shown + ("…" if len(prefix) + len(shown) < len(text) else "")


def _syllables_end_at(text: str, position: int) -> bool:
    """True when a syllable of the text ends at this position (မ of "မခင်" does, မ of "မြင့်" does not)."""
    start = 0
    while start < position:
        start += len(first_syllable(text[start:]))
    return start == position


def public_name(name: str, father_name: str) -> tuple[str, str]:
    """What verification shows: the name shortened (short_name) and the initial of the father's name."""
    first = short_name(name)
    father = father_name.strip()
    for honorific in HONORIFICS:
        if father.startswith(honorific) and len(father) > len(honorific):
            father = father[len(honorific):].strip()
    initial = father[:1]
    for ch in father[1:]:  # keep the marks that belong to the first letter
        if unicodedata.category(ch) in ("Mn", "Mc"):
            initial += ch
        else:
            break
    return first, initial


def course_title(course_id: str, language: str) -> str:
    course = catalog().course(course_id)
    return text_for(course.texts, language).title if course else course_id



