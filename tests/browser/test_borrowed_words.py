"""Burmese words kept in Shan and Hakha Chin lessons: the page downloads the small cut of the font made for them
(scripts/build_web_fonts.py), not the Burmese cut nor the whole font, and they look as on a Burmese page: stacked
letters stacked, no dotted circle. Shan text and Chin's Latin text look as they did before."""
import io

import pytest
from PIL import Image

from tests.browser.conftest import PHONE
from tests.content.test_borrowed_words import BORROWING, MYANMAR, borrowed_words, faces, texts

pytestmark = pytest.mark.browser

LESSON = "/learn/saving-borrowing-migrating/borrowing-and-debt/what-a-loan-costs"
DOWNLOADED = {
    "shn": {"noto-sans-myanmar-shn-400.woff2", "noto-sans-myanmar-shn-my-400.woff2"},
    "cnh": {"noto-sans-myanmar-cnh-my-400.woff2"},
}
FAMILIES = {"shn": {"Myanmar shn", "Myanmar shn-my"}, "cnh": {"Myanmar cnh-my"}}
WINDOW = 4000  # pixels: the height of one screenshot
# whole pixels, so that every line of the two sides starts at the same place on the pixel grid
PROBE_STYLE = ("margin: 0; font-size: 20px; line-height: 40px; padding: 12px 8px; width: 340px; background: #fff;"
               " color: #000")


@pytest.fixture
def page(browser):
    """A phone without the service worker, so that every font the page asks for is the page's own request."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                  service_workers="block")
    yield context.new_page()
    context.close()


def open_page(page, url: str) -> None:
    """Open the page and wait until its fonts have arrived."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => null)")
    page.wait_for_load_state("networkidle")


def fonts_downloaded(page, url: str) -> dict[str, int]:
    """Open the page; the font files it downloaded, with their sizes in bytes."""
    responses = []
    page.on("response", lambda r: responses.append(r) if "/static/fonts/" in r.url else None)
    open_page(page, url)
    return {r.url.split("/static/fonts/", 1)[1].split("?")[0]: len(r.body()) for r in responses}


@pytest.mark.parametrize("code", ["shn", "cnh"])
def test_a_lesson_with_burmese_words_downloads_only_the_small_cut_beside_its_own(live_server, page, code):
    downloaded = fonts_downloaded(page, f"{live_server}{LESSON}?lang={code}")
    assert "\u1039" in page.inner_text("article.lesson"), "no stacked Burmese word left in the lesson: choose another"
    assert set(downloaded) == DOWNLOADED[code], downloaded
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert {family.strip('"') for family in loaded} == FAMILIES[code]


def show(page, blocks: list[tuple[str, str, str]]) -> None:
    """Replace the page's body (its stylesheet stays) with paragraphs of (lang, extra style, text), ids p0, p1 ...,
    and wait for their fonts."""
    page.evaluate("""([blocks, style]) => {
        document.body.replaceChildren(...blocks.map(([lang, extra, text], i) => {
            const block = document.createElement('p');
            block.id = `p${i}`;
            block.lang = lang;
            block.style.cssText = `${style}; ${extra}`;  // through the CSSOM: the CSP allows no style attribute
            block.textContent = text;
            return block;
        }));
    }""", [blocks, PROBE_STYLE])
    page.evaluate("""async ([families, text]) => {
        document.body.offsetHeight;
        await Promise.all(families.map(family => document.fonts.load(`20px "${family}"`, text)));
        await Promise.all(families.map(family => document.fonts.load(`bold 20px "${family}"`, text)));
        await document.fonts.ready;
        await new Promise(drawn => requestAnimationFrame(() => requestAnimationFrame(drawn)));
    }""", [list(faces()), " ".join(text for _, _, text in blocks)])


def differing(page, samples: list[str], side: tuple[str, str], other: tuple[str, str]) -> list[str]:
    """The texts that draw differently in a paragraph of `side` and one of `other`, each (lang, extra style), pixel
    by pixel; with the sizes of the two texts, which a stack fallen apart also changes. Every pair is on the page at
    once, one under the other, and the page is photographed a few thousand pixels at a time (a photograph per
    paragraph cost a fifth of a second each)."""
    show(page, [block for text in samples for block in ((*side, text), (*other, text))])
    boxes = page.evaluate("""(count) => [...Array(count).keys()].map(i => {
        const block = document.getElementById(`p${i}`);
        const outer = block.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(block);
        const text = range.getBoundingClientRect();
        return [outer.x + scrollX, outer.y + scrollY, outer.width, outer.height,
                `${text.width.toFixed(1)} x ${text.height.toFixed(1)}`];
    })""", 2 * len(samples))
    pixels = photographed(page, boxes)
    found = []
    for text, (one, two) in zip(samples, zip(boxes[::2], boxes[1::2], strict=True), strict=True):
        if one[2:] != two[2:] or pixels(one) != pixels(two):
            found.append(f"{text[:40]}: [{' '.join(side).strip()}] {one[4]}, [{' '.join(other).strip()}] {two[4]}")
    return found


def photographed(page, boxes: list[list]):
    """Screenshots of the page covering every box (whole pixels: PROBE_STYLE), in windows of at most WINDOW pixels
    high; a function giving a box's pixels."""
    windows: list[tuple[int, Image.Image]] = []
    top = bottom = None
    for _x, y, _width, height, _size in boxes:
        if top is None or y + height - top > WINDOW:
            if top is not None:
                windows.append((top, shot(page, top, bottom)))
            top = y
        bottom = y + height
    windows.append((top, shot(page, top, bottom)))

    def pixels(box) -> bytes:
        x, y, width, height, _size = box
        start, image = next((start, image) for start, image in reversed(windows) if start <= y)
        return image.crop((round(x), round(y - start), round(x + width), round(y - start + height))).tobytes()

    return pixels


def shot(page, top: float, bottom: float) -> Image.Image:
    width = page.evaluate("document.documentElement.scrollWidth")
    clip = {"x": 0, "y": top, "width": width, "height": bottom - top}
    return Image.open(io.BytesIO(page.screenshot(full_page=True, clip=clip))).convert("RGB")


@pytest.mark.parametrize("code, own_family, small_family", BORROWING)
def test_burmese_words_look_as_on_a_burmese_page(live_server, page, code, own_family, small_family):
    """Each Burmese word of the language's texts, in a paragraph in the language and in a Burmese one: the same
    pixels (a stack fallen apart into two letters side by side, or a dotted circle, differs); the stacked words in
    bold too (a lesson's key terms, drawn in a bold the browser makes)."""
    open_page(page, f"{live_server}{LESSON}?lang={code}")
    own = faces()[own_family][1] if own_family else set()
    words = sorted(borrowed_words(code, own))
    stacked = [w for w in words if "\u1039" in w]
    assert stacked, "no stacked word to test with"
    problems = differing(page, words, (code, ""), ("my", ""))
    problems += differing(page, stacked, (code, "font-weight: 700"), ("my", "font-weight: 700"))
    assert not problems, "Burmese words drawn otherwise than on a Burmese page:\n" + "\n".join(problems)
    show(page, [(code, "", " ".join(words))])
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert f'"{small_family}"' in loaded or small_family in loaded, f"{small_family} drew none of them"


def test_shan_text_looks_as_in_the_shan_cut_alone(live_server, page):
    """The small cut comes first in Shan text, so it draws the Shan letters it shares with Burmese words: every Shan
    word of the lessons and catalog that has one draws as in the Shan cut alone, in paragraphs of many words (a
    changed width moves the words after it)."""
    open_page(page, f"{live_server}{LESSON}?lang=shn")
    own, small = faces()["Myanmar shn"][1], faces()["Myanmar shn-my"][1]
    borrowed = set(borrowed_words("shn", own))
    words = sorted({w for text in texts("shn").values() for w in MYANMAR.findall(text)} - borrowed)
    shared = [w for w in words if {ord(c) for c in w} & small]
    assert len(shared) > 500, "few Shan words share a letter with the small cut: is the search broken?"
    paragraphs = [" ".join(shared[i:i + 120]) for i in range(0, len(shared), 120)]
    alone = ("shn", 'font-family: "Myanmar shn", system-ui, sans-serif')
    problems = differing(page, paragraphs, ("shn", ""), alone)
    assert not problems, "Shan text drawn otherwise with the small cut first:\n" + "\n".join(problems)


def test_chin_paragraphs_look_as_in_the_fonts_of_an_english_page(live_server, page):
    """The Chin lesson's paragraphs and list items, in Chin and in the fonts of an English page (the body's, with
    the Burmese cut for Burmese): Latin letters in the same system fonts, Burmese words in the same glyphs."""
    open_page(page, f"{live_server}{LESSON}?lang=en")
    english = page.evaluate("getComputedStyle(document.body).fontFamily")
    open_page(page, f"{live_server}{LESSON}?lang=cnh")
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != english, "no font rule for Chin"
    paragraphs = [p for p in page.locator("article.lesson :is(p, li)").all_inner_texts() if p.strip()]
    assert any(MYANMAR.search(p) for p in paragraphs) and not all(MYANMAR.search(p) for p in paragraphs)
    problems = differing(page, paragraphs, ("cnh", ""), ("en", f"font-family: {english}"))
    assert not problems, "Chin text drawn otherwise than with an English page's fonts:\n" + "\n".join(problems)
