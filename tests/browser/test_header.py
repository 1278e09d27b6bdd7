"""The header leaves room for the lesson: its title within the first 200 px of a 360 x 740 phone, signed in, with a
long name, in every language; the language list stays one tap away and works without JavaScript."""
import pytest
from playwright.sync_api import expect

from learning.i18n.languages import LANGUAGES
from tests.browser.conftest import PHONE, sign_in_household

pytestmark = pytest.mark.browser

LESSON = "/learn/money-and-migration/sending-money-home/true-cost"
LONG_NAME = "ဒေါ်ခင်မြင့်မြင့်ဦး ရွှေကျင်ရွာ အနောက်ပိုင်း"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                  service_workers="block", java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_the_lesson_title_is_within_the_first_200px_signed_in_with_a_long_name(live_server, page, db, household):
    household.members[0].name = LONG_NAME
    db.commit()
    sign_in_household(page, live_server, household)
    for code in LANGUAGES:
        page.goto(f"{live_server}{LESSON}?lang={code}")
        top = page.evaluate("document.querySelector('article.lesson h1').getBoundingClientRect().top")
        assert top <= 200, f"the lesson's title starts at {top:.0f} px in {code}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_language_list_opens_with_one_tap_without_javascript(live_server, page):
    page.goto(f"{live_server}{LESSON}?lang=en")
    shan = page.locator(".langs a[hreflang=shn]")
    expect(shan).to_be_hidden()
    page.click(".langs summary")
    expect(shan).to_be_visible()
    with page.expect_navigation():
        shan.click()
    assert page.evaluate("document.documentElement.lang") == "shn"
    expect(page.locator(".langs summary")).to_contain_text(LANGUAGES["shn"].autonym)
