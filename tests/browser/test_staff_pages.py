"""Staff pages on a 360 px phone: the dashboard's filter looks and works like a button, and the page that confirms
disabling an account fits, in every language, without JavaScript."""
import pytest

from learning.i18n.languages import LANGUAGES
from tests.browser.test_header import page  # noqa: F401  (a phone with JavaScript off: both must work without it)

pytestmark = pytest.mark.browser


def sign_in_admin(phone, url: str, auth, db, code: str):
    """An admin signed in (through the form, on a test client whose session cookie the phone then carries), and a
    facilitator account with a long name to disable."""
    from tests.builders import make_staff

    client, _admin = auth.staff_client("admin")
    facilitator = make_staff(db, role="facilitator", username=f"fac-{code}", display_name="Daw Thida Aung Kyaw Myint",
                             townships=("MMR011001",))
    db.commit()
    phone.context.add_cookies([{"name": "tl_session", "value": client.get_cookie("tl_session").value, "url": url}])
    return facilitator


SUMMARY = """() => {
  const s = document.querySelector('details.filters > summary');
  const box = s.getBoundingClientRect(), style = getComputedStyle(s);
  return {height: box.height, right: box.right, left: box.left, border: parseFloat(style.borderTopWidth),
          cursor: style.cursor, arrow: getComputedStyle(s, '::after').content, marker: style.listStyleType,
          open: s.parentElement.open};
}"""


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_filter_is_a_button_with_an_arrow_that_opens_the_form(live_server, page, auth, db, screenshot,  # noqa: F811
                                                                  code):
    sign_in_admin(page, live_server, auth, db, code)
    page.goto(f"{live_server}/reports/?lang={code}")
    summary = page.evaluate(SUMMARY)
    assert summary["height"] >= 44 and summary["left"] >= 0 and summary["right"] <= 360, summary
    assert summary["border"] >= 1 and summary["cursor"] == "pointer" and "▾" in summary["arrow"], summary
    assert summary["marker"] == "none" and not summary["open"]
    assert not page.is_visible("details.filters form")
    screenshot(f"filter-closed-{code}")
    page.click("details.filters > summary")
    assert page.evaluate(SUMMARY)["open"] and page.is_visible("details.filters form button[type=submit]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(f"filter-open-{code}")


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_disabling_an_account_asks_first_and_the_page_fits(live_server, page, auth, db, screenshot,  # noqa: F811
                                                          code):
    from learning.auth.models import Staff

    facilitator = sign_in_admin(page, live_server, auth, db, code)
    page.goto(f"{live_server}/admin/staff?lang={code}")
    with page.expect_navigation():
        page.click(f'a[href="/admin/staff/{facilitator.id}/disable"]')
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "Daw Thida Aung Kyaw Myint" in page.inner_text("h1")
    small = page.evaluate("""[...document.querySelectorAll('main a.button, main button, main label.choice')]
        .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().height]).filter(([, h]) => h < 44)""")
    assert small == []
    screenshot(f"disable-{code}")
    with page.expect_navigation():  # the button alone: refused with the reason, nothing changed
        page.click("main form button[type=submit]")
    assert page.is_visible("main p.error")
    db.expire_all()
    assert db.get(Staff, facilitator.id).active
    page.check("input[name=confirm]")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith("/admin/staff")
    db.rollback()
    db.expire_all()
    assert not db.get(Staff, facilitator.id).active
