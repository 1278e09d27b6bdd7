"""Present mode on a projector: every part of every lesson fits the screen, with its controls, at 1280 x 720 and
1024 x 600, in every language."""
import pytest

from learning.i18n.languages import LANGUAGES
from learning.learn.library import catalog, in_language
from learning.learn.present_routes import sections

pytestmark = pytest.mark.browser

PROJECTORS = [(1024, 600), (1280, 720)]

# Each part, as the server renders it, is put in place of the page's main and top bar, as the next page would show
# it: one navigation per projector instead of one per part, and each part rendered once for both projectors.
MEASURE = """async (parts) => {
  const overflowing = [];
  for (const [name, html] of parts) {
    const next = new DOMParser().parseFromString(html, 'text/html');
    document.querySelector('main').replaceWith(document.adoptNode(next.querySelector('main')));
    document.querySelector('.present-top').replaceWith(document.adoptNode(next.querySelector('.present-top')));
    await document.fonts.ready;
    const nav = document.querySelector('.present-nav').getBoundingClientRect();
    const tall = document.documentElement.scrollHeight;
    if (tall > innerHeight || nav.bottom > innerHeight + 1) overflowing.push([name, tall]);
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
def test_every_part_of_every_lesson_fits_a_projector_screen_with_its_controls(app, live_server, projector, code):
    client = app.test_client()
    with app.app_context():
        lessons = [(c, m, le) for c in catalog().courses for m in c.modules for le in m.lessons]
    parts, first = [], None
    for course, module, lesson in lessons:
        text, shown_in = in_language(lesson.texts, code)
        if shown_in != code:
            continue  # not written in this language yet: the language it falls back to is measured on its own
        base = f"/learn/{course.id}/{module.id}/{lesson.id}/present"
        first = first or base
        for n in range(1, len(sections(text.html)) + 1):
            response = client.get(f"{base}?lang={code}&section={n}")
            assert response.status_code == 200
            parts.append((f"{lesson.id} part {n}", response.text))
    for size in PROJECTORS:
        page = projector(*size)
        page.goto(f"{live_server}{first}?lang={code}")
        assert page.evaluate(MEASURE, parts) == [], (code, size)
