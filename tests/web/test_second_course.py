"""Issue 18: the second course is whole in every language and earns its own certificate, verifiable, in each."""
import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from learning.certificates.content import certificate_content
from learning.certificates.models import Certificate
from learning.certificates.pdf import render
from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog
from learning.i18n.languages import LANGUAGES
from learning.learn import services

CATALOG = load_catalog(PROJECT_ROOT / "courses")
COURSE = CATALOG.course("saving-borrowing-migrating")


def test_four_modules_of_at_least_four_lessons_and_a_quiz_of_8_to_12_in_every_language():
    assert [m.id for m in COURSE.modules] == ["saving", "borrowing-and-debt", "migrating-safely", "digital-money"]
    for module in COURSE.modules:
        assert len(module.lessons) >= 4 and 8 <= len(module.quiz.questions) <= 12, module.id
        assert set(module.texts) == set(LANGUAGES), module.id
        for lesson in module.lessons:
            assert set(lesson.texts) == set(LANGUAGES), lesson.id
            for text in lesson.texts.values():
                assert text.info.status == "draft"  # machine-drafted: never presented as reviewed
                assert "<img" in text.html, lesson.id  # a picture without words in every lesson
    assert set(COURSE.texts) == set(LANGUAGES)


def test_every_picture_is_a_small_svg_without_words():
    for module in COURSE.modules:
        for picture in (PROJECT_ROOT / "courses" / COURSE.id / module.id / "img").glob("*"):
            data = picture.read_text(encoding="utf-8")
            assert picture.suffix == ".svg" and len(picture.read_bytes()) <= 6 * 1024, picture.name
            assert "<text" not in data and "<script" not in data and "href=" not in data, picture.name


def _pass_everything(db, member):
    for module in COURSE.modules:
        answers = {q.id: q.answer for q in module.quiz.questions}
        recorded = services.record_answers(db, member, COURSE, module, f"second-{member.id}-{module.id}"[:40],
                                           answers)
        assert recorded.score.passed
    db.commit()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_completing_the_second_course_issues_its_own_certificate_in_the_members_language(app, db, household,
                                                                                          client, language):
    member = household.members[0]
    member.preferred_language = language
    db.commit()
    _pass_everything(db, member)
    certificate = db.scalars(select(Certificate).where(Certificate.member_id == member.id)).one()
    assert certificate.course_id == COURSE.id
    with app.test_request_context():
        content = certificate_content(db, certificate)
    assert content.course_title == COURSE.texts[language].title
    pdf = pdfium.PdfDocument(render([content]))
    assert certificate.code in pdf[0].get_textpage().get_text_range()
    page = client.get(f"/v/{certificate.code}?lang={language}")
    assert page.status_code == 200 and COURSE.texts[language].title in page.text
