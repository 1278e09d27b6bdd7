"""A course saved on a phone, used without a network, in headless Chromium at 360 x 740: lessons never opened
online read from the cache, a quiz answered offline, and the answers sent once when the phone is online again,
also after the household signed out; an answer changed on the phone for another member is refused."""
import threading
import time

import pytest
from sqlalchemy import select

from learning.certificates.models import Certificate
from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog
from learning.learn.models import LessonRead, QuizAttempt
from tests.browser.conftest import ARTIFACTS, PHONE, answer_right, served, sign_in_household
from tests.builders import pass_module

pytestmark = pytest.mark.browser

COURSE = load_catalog(PROJECT_ROOT / "courses").course("money-and-migration")
LAST = COURSE.modules[-1]
NEVER_OPENED = COURSE.modules[0].lessons[-1]


@pytest.fixture
def site(app):
    """The app on loopback, with a switch that makes it answer 503 to answers sent later (the server is busy:
    the phone must keep them)."""
    busy = threading.Event()

    def wsgi(environ, start_response):
        if busy.is_set() and environ["PATH_INFO"].startswith("/offline/answers"):
            start_response("503 Service Unavailable", [("Content-Type", "application/json")])
            return [b'{"status": "unavailable"}']
        return app(environ, start_response)

    with served(wsgi) as url:
        yield url, busy


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    yield context
    context.close()


def _sign_in(page, url, household, member):
    sign_in_household(page, url, household, member)


def _save_course(page, url):
    page.goto(f"{url}/learn/{COURSE.id}/?lang=en")
    box = page.locator("[data-offline-course]")
    box.wait_for(state="visible")
    page.click("[data-action=save]")
    saved = page.locator("[data-state=saved]")
    saved.wait_for(state="visible", timeout=30_000)
    return saved.inner_text()


def _answer_offline(phone, url, household, member):
    """Sign in as the member, save the course, go offline and answer the last quiz: it is kept on the phone."""
    page = phone.new_page()
    _sign_in(page, url, household, member)
    _save_course(page, url)
    phone.set_offline(True)
    page.goto(f"{url}/learn/{COURSE.id}/{LAST.id}/quiz")
    answer_right(page, LAST)
    page.click("form.quiz button[type=submit]")  # waits until the page script has enabled it
    page.locator("p.note.pass").wait_for()
    return page


def _until(check, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def _attempts(db, member):
    db.rollback()
    return db.scalars(select(QuizAttempt).where(QuizAttempt.member_id == member.id,
                                                QuizAttempt.module_id == LAST.id)).all()


SHOWN_ORDER = """() => { const order = {};
  for (const input of document.querySelectorAll('form.quiz input[type=radio], form.quiz input[type=checkbox]'))
    (order[input.name.slice(2)] = order[input.name.slice(2)] || []).push(input.value);
  return order; }"""

WAITING = """() => new Promise(resolve => {
  const open = indexedDB.open('twelet');
  open.onsuccess = () => { const r = open.result.transaction('answers').objectStore('answers').getAll();
    r.onsuccess = () => resolve(r.result); };
})"""


def test_a_saved_course_is_read_and_answered_offline_and_sent_once_online(site, phone, db, household):
    url, _busy = site
    member = household.members[2]
    for module in COURSE.modules[:-1]:
        pass_module(db, member, module)
    db.commit()
    page = phone.new_page()
    _sign_in(page, url, household, member)

    summary = _save_course(page, url)
    assert f"{sum(len(m.lessons) for m in COURSE.modules)} lessons, {len(COURSE.modules)} quizzes" in summary
    phone.set_offline(True)

    page.goto(f"{url}/learn/{COURSE.id}/{NEVER_OPENED.module_id}/{NEVER_OPENED.id}")
    assert page.locator("article.lesson h1").inner_text() == NEVER_OPENED.texts["en"].title
    page.goto(f"{url}/facilitate/")  # a page that is not saved
    assert page.locator("h1").inner_text() == "You are offline"
    page.locator("[data-saved-list] a").first.wait_for()  # listed by the page script
    assert page.locator("[data-saved-list] a").count() == 1

    page.goto(f"{url}/learn/{COURSE.id}/{LAST.id}/quiz")
    assert page.locator("form.quiz[data-copy]").count() == 1
    page.locator("form.quiz button[type=submit]:enabled").wait_for()  # once the page script has filled it in
    page.click("form.quiz button[type=submit]")  # nothing answered: the page says so and keeps nothing
    assert page.locator("[data-unanswered]").is_visible()
    shown = page.evaluate(SHOWN_ORDER)  # the saved copy's order: the attempt must keep it
    answer_right(page, LAST)
    page.click("form.quiz button[type=submit]")
    page.locator("p.note.pass").wait_for()
    assert "Saved. It will be sent when you are online." in page.inner_text("main")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offline-answer-saved.png"), full_page=True)
    assert _attempts(db, member) == []

    phone.set_offline(False)
    page.goto(f"{url}/learn/?lang=en")  # the next page load online sends what was kept
    assert _until(lambda: len(_attempts(db, member)) == 1)
    assert _until(lambda: page.evaluate(WAITING) == [])
    page.reload()
    page.goto(f"{url}/learn/{COURSE.id}/?lang=en")  # later pages send nothing again

    def read_recorded():
        db.rollback()
        return db.scalars(select(LessonRead).where(LessonRead.member_id == member.id,
                                                   LessonRead.lesson_id == NEVER_OPENED.id)).one_or_none()

    assert _until(read_recorded)
    read = read_recorded()
    [attempt] = _attempts(db, member)
    assert attempt.passed and attempt.answered_at < attempt.created_at
    assert attempt.option_order == shown and any(shown[q.id] != list(q.options) for q in LAST.quiz.questions
                                                 if q.options)
    assert db.scalars(select(Certificate).where(Certificate.member_id == member.id)).one()
    assert read.read_at < attempt.answered_at
    assert page.evaluate(WAITING) == []


def test_answers_waiting_when_the_household_signs_out_are_still_sent(site, phone, db, household):
    url, busy = site
    member = household.members[2]
    page = _answer_offline(phone, url, household, member)

    busy.set()  # back online, but the server cannot take answers yet
    phone.set_offline(False)
    page.goto(f"{url}/learn/my-progress?lang=en")
    page.locator(f"[data-waiting='{COURSE.id}/{LAST.id}']").wait_for(state="visible")
    page.goto(f"{url}/household/?lang=en")
    page.click(".who button[type=submit]")  # sign out
    page.wait_for_load_state("load")
    assert len(page.evaluate(WAITING)) == 1
    # signing out clears the browser's cache of pages ("Clear-Site-Data"), not the saved course
    assert page.evaluate("caches.keys().then(names => names.some(n => n.includes(':money-and-migration:en:')))")
    assert _attempts(db, member) == []

    busy.clear()
    page.goto(f"{url}/?lang=en")
    assert _until(lambda: len(_attempts(db, member)) == 1)
    assert _until(lambda: page.evaluate(WAITING) == [])


def test_an_answer_changed_on_the_phone_for_another_member_is_refused_and_kept(site, phone, db, household):
    url, busy = site
    member, other = household.members[2], household.members[0]
    page = _answer_offline(phone, url, household, member)
    page.evaluate("""(other) => new Promise(resolve => {
      const open = indexedDB.open('twelet');
      open.onsuccess = () => {
        const store = open.result.transaction('answers', 'readwrite').objectStore('answers');
        const all = store.getAll();
        all.onsuccess = () => { const a = all.result[0]; a.member_id = other; store.put(a).onsuccess = () => resolve(); };
      };
    })""", other.id)

    phone.set_offline(False)
    page.goto(f"{url}/learn/?lang=en")
    assert _until(lambda: (page.evaluate(WAITING) or [{}])[0].get("refused") == "other-member")
    assert _attempts(db, member) == [] and _attempts(db, other) == []
    kept = page.evaluate(WAITING)
    assert len(kept) == 1 and "another person" in kept[0]["message"]


@pytest.mark.parametrize("lang", ["my", "shn", "mnw", "ksw", "cnh", "en"])
def test_the_save_for_offline_box_fits_a_phone_screen(site, phone, lang):
    url, _busy = site
    page = phone.new_page()
    page.goto(f"{url}/learn/{COURSE.id}/?lang={lang}")
    page.locator("[data-offline-course] [data-action=save]").wait_for(state="visible")
    page.click("[data-action=save]")
    page.locator("[data-state=saved]").wait_for(state="visible", timeout=30_000)
    assert page.locator("[data-action=remove]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    if lang in ("my", "shn", "mnw", "ksw"):  # Myanmar-script pages give the figures in Myanmar digits
        assert not any(c.isascii() and c.isdigit() for c in page.inner_text("[data-state=saved]").replace("KB", ""))
    page.click("[data-action=remove]")
    page.locator("[data-action=save]").wait_for(state="visible")
    assert page.evaluate("caches.keys().then(names => names.filter(n => n.includes(':money-and-migration:')))") == []


def test_a_saved_course_is_saved_again_when_its_lessons_change(app, site, phone):
    url, _busy = site
    page = phone.new_page()
    _save_course(page, url)
    names = "caches.keys().then(names => names.filter(n => n.startsWith('twelet-course:money-and-migration:en:')))"
    [before] = page.evaluate(names)
    app.extensions["offline_templates_digest"] = "changed-on-the-server"  # as a new release of the lessons would
    page.evaluate("""() => new Promise(resolve => {  // the last look for changes was over an hour ago
      const open = indexedDB.open('twelet');
      open.onsuccess = () => { open.result.transaction('meta', 'readwrite').objectStore('meta').put(0, 'checked').onsuccess = resolve; };
    })""")
    page.goto(f"{url}/learn/?lang=en")
    # the new version is saved beside the old one, then the old one is dropped: wait for that end state
    assert _until(lambda: len(now := page.evaluate(names)) == 1 and now != [before])
    [after] = page.evaluate(names)
    assert after != before
    page.goto(f"{url}/learn/{COURSE.id}/?lang=en")
    page.locator("[data-state=saved]").wait_for(state="visible")  # still saved, with the new version
