"""Present mode on a projector: every part of every lesson fits the screen, with its controls, at 1280 x 720 and
1024 x 600, in every language."""
import pytest

from learning.i18n.languages import LANGUAGES
from learning.learn.library import catalog, in_language
from learning.learn.present_routes import sections

pytestmark = pytest.mark.browser

PROJECTORS = [(1024, 600), (1280, 720)]

# Each part is fetched and put in place of the page's main, as the next page would show it: one navigation per
# lesson instead of one per part.
MEASURE = """async (urls) => {
  const overflowing = [];
  for (const url of urls) {
    const html = await (await fetch(url)).text();
    const next = new DOMParser().parseFromString(html, 'text/html');
    document.querySelector('main').replaceWith(document.adoptNode(next.querySelector('main')));
    document.querySelector('.present-top').replaceWith(document.adoptNode(next.querySelector('.present-top')));
    await document.fonts.ready;
    const nav = document.querySelector('.present-nav').getBoundingClientRect();
    const tall = document.documentElement.scrollHeight;
    if (tall > innerHeight || nav.bottom > innerHeight + 1) overflowing.push([url, tall]);
  }
  return overflowing;
}"""


@pytest.fixture
def projector(browser):
    contexts = []

    def open_(width, height):
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("code", list(LANGUAGES))
@pytest.mark.parametrize("size", PROJECTORS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_part_of_every_lesson_fits_a_projector_screen_with_its_controls(app, live_server, projector, size,
                                                                               code):
    page = projector(*size)
    with app.app_context():
        lessons = [(c, m, le) for c in catalog().courses for m in c.modules for le in m.lessons]
    for course, module, lesson in lessons:
        text, shown_in = in_language(lesson.texts, code)
        if shown_in != code:
            continue  # not written in this language yet: the language it falls back to is measured on its own
        base = f"{live_server}/learn/{course.id}/{module.id}/{lesson.id}/present"
        count = len(sections(text.html))
        page.goto(f"{base}?lang={code}")
        urls = [f"{base}?lang={code}&section={n}" for n in range(1, count + 1)]
        assert page.evaluate(MEASURE, urls) == [], (code, lesson.id, size)
