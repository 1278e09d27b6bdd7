"""A facilitator on a phone takes attendance and enters paper results, in headless Chromium at 360 x 740."""
import pytest
from sqlalchemy import func, select

from learning.facilitate.models import AttendanceRecord
from learning.learn.models import QuizAttempt
from tests.builders import make_group, make_staff
from tests.web.test_facilitate import MODULE, right_cells

pytestmark = pytest.mark.browser


def test_attendance_and_paper_results_on_a_phone(live_server, page, screenshot, db, household):
    facilitator = make_staff(db, role="facilitator", username="naw.htoo", townships=("MMR011001",))
    group = make_group(db, facilitator, [household], name="ရွာသစ် အုပ်စု")
    db.commit()
    first, second, third = household.members

    page.goto(f"{live_server}/staff/login?lang=en")
    page.fill("#username", "naw.htoo")
    page.fill("#password", "correct horse battery")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    page.goto(f"{live_server}/facilitate/groups/{group.id}")
    screenshot("1-group-board")

    page.click("a:has-text('Take attendance')")
    page.check("input[value='money-and-migration/sending-money-home/ways-to-send']")
    page.click(f"input[name='attendance-{second.id}'][value='absent'] + span")
    page.click(f"input[name='attendance-{third.id}'][value='excused'] + span")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator(f"input[name='attendance-{first.id}'][value='present'] + span").bounding_box()
    assert box["height"] >= 44
    screenshot("2-attendance")
    page.click("form.attendance button[type=submit]")
    assert page.locator(".flash").is_visible()

    page.goto(f"{live_server}/facilitate/groups/{group.id}/paper/money-and-migration/sending-money-home")
    for question_id, value in right_cells().items():
        page.fill(f"input[name='m{first.id}-{question_id}']", value)
    # every answer typed is seen whole, a six-figure number too
    clipped = page.evaluate("[...document.querySelectorAll('table.grid input')].filter(i => i.value)"
                            ".filter(i => i.scrollWidth > i.clientWidth).map(i => i.name + '=' + i.value)")
    assert clipped == []
    assert first.father_name in page.inner_text("table.grid tbody tr >> nth=0")
    assert household.code in page.inner_text("table.grid tbody tr >> nth=0")
    screenshot("3-paper-results")
    with page.expect_navigation():
        page.click("form button.button[type=submit]")
    assert page.locator(".flash").is_visible()
    screenshot("4-board-after")

    db.rollback()
    db.expire_all()
    statuses = {r.member_id: r.status.value for r in db.scalars(select(AttendanceRecord))}
    assert statuses == {first.id: "present", second.id: "absent", third.id: "excused"}
    assert db.scalar(select(func.count()).select_from(QuizAttempt)) == 1
    assert db.scalar(select(QuizAttempt.percent)) == 100
    assert MODULE.quiz.total_points == len(right_cells())


def test_recording_a_consent_withdrawal_on_a_phone(live_server, page, screenshot, db, household):
    from learning.households.models import Member
    from learning.i18n.languages import LANGUAGES

    facilitator = make_staff(db, role="facilitator", username="saw.eh", townships=("MMR011001",))
    make_group(db, facilitator, [household])
    db.commit()
    target = household.members[0]
    page.goto(f"{live_server}/staff/login?lang=en")
    page.fill("#username", "saw.eh")
    page.fill("#password", "correct horse battery")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    withdraw = f"{live_server}/facilitate/households/{household.id}/members/{target.id}/withdraw"
    for code in LANGUAGES:
        for url in (f"{live_server}/facilitate/households/{household.id}", withdraw):
            page.goto(f"{url}?lang={code}")
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, (url, code)
    screenshot("withdraw-confirm-cnh")

    page.goto(f"{withdraw}?lang=my")
    assert page.locator("#confirm[required]").count() == 1  # the phone asks for the tick before sending
    page.check("#confirm")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith(f"/facilitate/households/{household.id}")
    assert page.locator(".flash").is_visible()
    assert "ဒေါ်ခင်ခင်" not in page.content()
    screenshot("withdraw-done-my")
    db.rollback()
    db.expire_all()
    assert db.get(Member, target.id).erased_at is not None
