"""Lessons and quiz texts in Myanmar digits for Burmese, Shan, Mon and Karen; Latin in English and Hakha Chin;
never inside an address, an attribute or an autolink. Number answers take either kind of digit."""
import re
from decimal import Decimal
from html import unescape

import pytest

from learning.content.markdown import render_lesson
from learning.i18n.languages import localise_digits
from learning.learn.grading import is_correct
from learning.learn.numbers import parse_amount
from tests.web.test_quiz import MODULE, QUIZ_URL

LESSON_URL = "/learn/money-and-migration/sending-money-home/ways-to-send"
LATIN = re.compile(r"[0-9]")
MYANMAR = re.compile(r"[၀-၉]")


def _article(html: str) -> str:
    return html[html.index('<article class="lesson"'):html.index("</article>")]


def _text_only(html: str) -> str:
    """The words of some HTML: tags (and so their attributes) left out, entities read."""
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _images(html: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', html)


def test_a_shan_lesson_shows_myanmar_digits_and_keeps_its_picture_address(client):
    shan = _article(client.get(LESSON_URL + "?lang=shn").text)
    english = _article(client.get(LESSON_URL + "?lang=en").text)
    assert "၁,၁၀၀" in shan and "1,100" not in shan  # a fee the lesson gives, in the page's digits
    assert not LATIN.search(_text_only(shan))
    assert _images(shan) and _images(shan) == _images(english)  # ?v=<hex> and the file name untouched
    assert LATIN.search(_images(shan)[0])
    assert re.findall(r'href="([^"]+)"', shan) == [h.replace("lang=en", "lang=shn")
                                                  for h in re.findall(r'href="([^"]+)"', english)]


def test_english_and_hakha_chin_lessons_keep_latin_digits(client):
    for code in ("en", "cnh"):
        page = _text_only(_article(client.get(f"{LESSON_URL}?lang={code}").text))
        assert LATIN.search(page) and not MYANMAR.search(page), code
    assert "1,100" in client.get(LESSON_URL + "?lang=en").text


@pytest.mark.parametrize("code", ["my", "shn", "mnw", "ksw"])
def test_present_mode_shows_the_lesson_in_the_page_digits(client, code):
    shown = ""
    for section in range(1, 30):
        response = client.get(f"{LESSON_URL}/present?lang={code}&section={section}")
        if response.status_code == 404:
            break
        shown += _text_only(response.text[response.text.index("<main"):response.text.index("</main>")])
    assert "၁,၁၀၀" in shown and not LATIN.search(shown), code


def test_quiz_prompts_and_options_in_shan_use_myanmar_digits(member_client):
    page = member_client.get(QUIZ_URL + "?lang=shn").text
    first = MODULE.quiz.questions[0]
    prompt = MODULE.texts["shn"].questions[first.id].prompt
    assert "၅,၀၀၀" in prompt and "5,000" not in prompt
    legends = _text_only("".join(re.findall(r"<legend>.*?</legend>", page, re.S)))
    assert "၅,၀၀၀" in legends and not LATIN.search(legends)
    english = member_client.get(QUIZ_URL + "?lang=en").text
    assert "5,000" in _text_only("".join(re.findall(r"<legend>.*?</legend>", english, re.S)))


def test_only_the_words_of_a_lesson_change_never_an_address_attribute_or_autolink():
    body = ("Send 5,000 baht on 22 August 2023 with `KPay 2`.\n\n"
            "![a phone, 3 bars](img/step-1.svg \"picture 4\")\n\n"
            "[Fee for 100 baht](/tools/remittance?amount=100 \"tool 6\") or <https://example.org/page-7>\n\n"
            "&#56; &amp; 9\n\n"
            "| kyat | 1 |\n|---|---|\n| 2 | 3 |\n")
    resolve = lambda src, line: f"/learn/media/c/m/{src}?v=0123abcd"  # noqa: E731
    shan = render_lesson(body, resolve, lambda text: localise_digits(text, "shn"))
    assert "၅,၀၀၀ baht on ၂၂ August ၂၀၂၃" in shan and "<code>KPay ၂</code>" in shan
    assert 'src="/learn/media/c/m/img/step-1.svg?v=0123abcd"' in shan
    assert 'alt="a phone, 3 bars"' in shan and 'title="picture 4"' in shan
    assert 'href="/tools/remittance?amount=100" title="tool 6">Fee for ၁၀၀ baht</a>' in shan
    assert '<a href="https://example.org/page-7">https://example.org/page-7</a>' in shan
    assert "<p>၈ &amp; ၉</p>" in shan  # an entity is text: its digit is written in the page's digits
    assert "<td>၂</td>" in shan and "<th>၁</th>" in shan
    assert render_lesson(body, resolve) == render_lesson(body, resolve, lambda text: text)
    assert "5,000 baht" in render_lesson(body, resolve)


def test_number_answers_take_latin_myanmar_and_shan_digits():
    number = next(q for q in MODULE.quiz.questions if q.type == "number")
    answer = f"{Decimal(str(number.answer)):,f}".rstrip("0").rstrip(".")
    myanmar = localise_digits(answer, "my")
    shan = answer.translate(str.maketrans("0123456789", "႐႑႒႓႔႕႖႗႘႙"))
    for typed in (answer, answer.replace(",", ""), myanmar, shan):
        assert is_correct(number, parse_amount(typed)), typed
    assert parse_amount("၅,၀၀၀") == parse_amount("5000") == Decimal(5000)
