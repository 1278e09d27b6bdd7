"""Every page fits a 360 px phone screen in every language, and Myanmar text gets its font."""
import pytest

from learning.i18n.languages import LANGUAGES
from tests.browser.conftest import PHONE, sign_in_household

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    """A phone whose browser runs no service worker: these tests measure layout, and starting a worker on every
    page of a fresh browser only slows them. The course page's "Save for offline" box, which the worker shows, is
    measured in every language by tests/browser/test_offline.py."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                  service_workers="block")
    yield context.new_page()
    context.close()

PAGES = [
    "/",
    "/learn/",
    "/learn/money-and-migration/",
    "/learn/money-and-migration/sending-money-home/true-cost",
    "/learn/money-and-migration/household-budget/making-a-budget",
    "/tools/remittance",
    "/tools/budget",
    "/staff/login",
    "/household/sign-in",
    "/verify",
    "/v/ZZZZ-ZZZZ-ZZZZ",
    "/no-such-page",
    "/offline/",
    "/offline/saved",
    "/learn/money-and-migration/sending-money-home/quiz/offline",
    "/learn/saving-borrowing-migrating/",
    "/learn/saving-borrowing-migrating/borrowing-and-debt/what-a-loan-costs",
    "/learn/saving-borrowing-migrating/migrating-safely/what-it-costs",
    "/guides/",
    "/guides/saving-borrowing-migrating/borrowing-and-debt",
]

SIGNED_IN_PAGES = [
    "/household/",
    "/learn/my-progress",
    "/learn/household-progress",
    "/learn/money-and-migration/",
    "/learn/money-and-migration/sending-money-home/quiz",
    "/learn/money-and-migration/household-budget/quiz",
    "/learn/saving-borrowing-migrating/check",
    "/learn/saving-borrowing-migrating/digital-money/quiz",
]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_pages_fit_a_phone_screen_without_sideways_scrolling(live_server, page, screenshot, code):
    for path in PAGES:
        page.goto(f"{live_server}{path}?lang={code}")
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} in {code} is {width}px wide"
        assert page.evaluate("document.documentElement.lang") == code
    screenshot(f"lesson-{code}")


@pytest.mark.parametrize("code", ["my", "shn", "mnw", "ksw"])
def test_each_language_gets_its_own_cut_of_the_font_and_nothing_more(live_server, page, code):
    page.goto(f"{live_server}/learn/money-and-migration/sending-money-home/true-cost?lang={code}")
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    # Shan text also takes the small cut of the Burmese words Shan lessons keep: it comes first in Shan's list and
    # holds common letters (tests/browser/test_borrowed_words.py shows Shan looks the same with it)
    assert {family.strip('"') for family in loaded} == {f"Myanmar {code}"} | ({"Myanmar shn-my"} if code == "shn" else set())
    text = page.inner_text("article.lesson h1")
    assert page.evaluate(f"document.fonts.check('16px \"Myanmar {code}\"', {text!r})")


def test_tap_targets_are_at_least_44px(live_server, page):
    page.goto(f"{live_server}/?lang=my")
    small = page.evaluate(
        """[...document.querySelectorAll('a, button, input, select')]
             .filter(e => e.offsetParent !== null && !e.closest('.skip') && !e.closest('footer'))
             .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])
             .filter(([, h]) => h < 44)"""
    )
    assert small == []


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_household_pages_fit_a_phone_screen(live_server, page, household, code):
    sign_in_household(page, live_server, household, lang=code)
    for path in SIGNED_IN_PAGES:
        page.goto(f"{live_server}{path}?lang={code}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} in {code} is {width}px wide"


STAFF_PAGES = [
    "/staff/", "/facilitate/groups", "/facilitate/groups/{g}", "/facilitate/groups/{g}/sessions/new",
    "/facilitate/groups/{g}/paper/money-and-migration/sending-money-home", "/facilitate/register", "/facilitate/import",
    "/facilitate/households/{h}", "/facilitate/certificates", "/reports/", "/reports/audit", "/admin/staff",
]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_staff_pages_fit_a_phone_screen(live_server, page, db, household, code):
    from tests.builders import make_group, make_staff

    staff = make_staff(db, role="admin", username=f"admin-{code}")
    group = make_group(db, staff, [household])
    db.commit()
    page.goto(f"{live_server}/staff/login?lang={code}")
    page.fill("#username", staff.username)
    page.fill("#password", "correct horse battery")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    for path in STAFF_PAGES:
        page.goto(f"{live_server}{path.format(g=group.id, h=household.id)}?lang={code}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} in {code} is {width}px wide"
        assert page.evaluate(MARKS_STARTING_A_LINE) == [], f"{path} in {code} splits a syllable"


# The characters that begin a new visual line inside a table cell and are combining marks (Unicode M*): a line
# must never begin with one, or a Myanmar syllable is split in two ("ရာခိုင်နှုန်" / "◌း").
MARKS_STARTING_A_LINE = """() => {
  const found = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let top = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect || !rect.height) continue;
        if (top !== null && rect.top > top + 2 && /\\p{M}/u.test(node.data[i])) found.push(cell.textContent.trim().slice(0, 40));
        top = top === null ? rect.top : Math.max(top, rect.top);
      }
    }
  }
  return found;
}"""


@pytest.mark.parametrize("code", ["my", "en"])
def test_a_quiz_card_border_starts_above_its_question(live_server, page, code):
    """A question that wraps must sit inside its card, not on its border (legend inside fieldset)."""
    page.goto(f"{live_server}/learn/money-and-migration/sending-money-home/quiz/offline?lang={code}")
    gaps = page.evaluate("""[...document.querySelectorAll('fieldset.question')].map(f => {
        const legend = f.querySelector('legend').getBoundingClientRect();
        return [legend.height, legend.top - f.getBoundingClientRect().top];
    })""")
    assert gaps and any(height > 40 for height, _ in gaps)  # some questions wrap onto several lines
    # inside the card: below its top border and padding, not straddling the border as a legend does
    assert all(top >= 4 for _, top in gaps), gaps
