"""A household on a shared phone, end to end in headless Chromium at 360 x 740."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import answer_right
from tests.builders import PIN
from tests.web.test_quiz import MODULE

pytestmark = pytest.mark.browser


def test_a_household_learns_switches_person_and_signs_out(live_server, page, screenshot, household):
    first, second = household.members[0], household.members[1]

    page.goto(f"{live_server}/household/sign-in?lang=en")
    page.fill("#code", household.code.lower())
    page.fill("#pin", PIN)
    screenshot("1-sign-in")
    with page.expect_navigation():
        page.click("button[type=submit]")
    expect(page.locator("button.person")).to_have_count(3)
    screenshot("2-who-is-learning")

    with page.expect_navigation():
        page.click(f"button.person:has-text('{first.name}')")
    assert first.name in page.inner_text(".who")
    page.goto(f"{live_server}/learn/money-and-migration/")
    with page.expect_navigation():
        page.click("a[href='/learn/money-and-migration/sending-money-home/ways-to-send']")
    assert page.locator("article.lesson h1").is_visible()
    screenshot("3-lesson")

    page.goto(f"{live_server}/learn/money-and-migration/sending-money-home/quiz")
    answer_right(page, MODULE)
    screenshot("4-quiz")
    with page.expect_navigation():
        page.click("form.quiz button[type=submit]")
    assert page.locator("p.big.pass").is_visible()
    screenshot("5-result")

    page.goto(f"{live_server}/learn/money-and-migration/")
    assert page.locator(".tick").count() == 1
    with page.expect_navigation():
        page.click("text=" + page.locator(".who a[href='/household/']").inner_text())
    with page.expect_navigation():
        page.click(f"button.person:has-text('{second.name}')")
    progress = page.inner_text("main")
    assert second.name in progress and first.name not in progress
    assert page.locator(".pass").count() == 0  # the second person has passed nothing
    screenshot("6-second-member")

    with page.expect_navigation():
        page.click(".who button[type=submit]")  # sign out
    assert page.locator(".who").count() == 0
    page.go_back()
    page.wait_for_load_state("load")
    shown = page.content()
    screenshot("7-after-back")
    for member in household.members:
        assert member.name not in shown
