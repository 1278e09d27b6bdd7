"""Learning without a network, on the server's side: the manifest and service worker, what a saved course holds
(pages that name nobody), and answers and reads sent later with an answer token."""
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from learning.certificates.models import Certificate
from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog
from learning.db import utcnow
from learning.learn import tokens
from learning.learn.models import LessonRead, QuizAttempt, QuizVersion
from learning.learn.services import quiz_to_json
from tests.builders import make_household, pass_module
from tests.web.test_quiz import MODULE, right_answers, wrong_answers

CATALOG = load_catalog(PROJECT_ROOT / "courses")
COURSE = CATALOG.course("money-and-migration")
LANGUAGES = ("my", "en", "shn", "mnw", "ksw", "cnh")


def _token(app, member, session_id="s" * 64):
    return tokens.issue(app.config["SECRET_KEY"], member.id, member.household_id, session_id)


def _fields(answers: dict) -> list:
    return [[name, value] for name, values in answers.items()
            for value in (values if isinstance(values, list) else [values])]


def _send(client, app, member, *, submission_id="offline-answer-0001", answers=None, version=None, token=None,
          member_id=None, answered_at=None, renewal=None, lang="en"):
    body = {"submission_id": submission_id, "member_id": member.id if member_id is None else member_id,
            "token": token or _token(app, member), "course": COURSE.id, "module": MODULE.id,
            "version": version or MODULE.version, "fields": _fields(answers or right_answers()),
            "answered_at": answered_at or utcnow().isoformat()}
    if renewal:
        body["renewal"] = renewal
    return client.post(f"/offline/answers?lang={lang}", json=body)


def _attempts(db):
    db.rollback()
    db.expire_all()
    return db.scalars(select(QuizAttempt).order_by(QuizAttempt.id)).all()


# The manifest and the service worker ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_manifest_names_the_app_in_each_language(client, lang):
    response = client.get(f"/manifest.webmanifest?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    body = response.get_json()
    assert body["lang"] == lang and body["display"] == "standalone" and body["start_url"] == f"/learn/?lang={lang}"
    assert body["name"] and body["short_name"]
    assert {icon["sizes"] for icon in body["icons"]} == {"192x192", "512x512"}
    for icon in body["icons"]:
        assert client.get(icon["src"]).status_code == 200
    page = client.get(f"/learn/?lang={lang}").text
    assert f'rel="manifest" href="/manifest.webmanifest?lang={lang}"' in page


def test_the_burmese_manifest_is_in_burmese(client):
    english = client.get("/manifest.webmanifest?lang=en").get_json()
    burmese = client.get("/manifest.webmanifest?lang=my").get_json()
    assert english["name"] == "Twe Let Learning"
    assert burmese["name"] != english["name"] and re.search("[\u1000-\u109f]", burmese["name"])


def test_the_service_worker_is_served_from_the_root_and_kept_for_a_day(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    # A repeat visit must cost one request (issue 17): the update check may use the HTTP cache for a day.
    assert response.cache_control.max_age == 86400 and not response.cache_control.no_cache
    assert response.headers.get("ETag")
    offline_js = client.get("/static/js/offline.js").text
    assert "updateViaCache: 'all'" in offline_js
    assert b"addEventListener('fetch'" in response.data


def test_pages_load_the_page_script_after_rendering(client):
    page = client.get("/learn/?lang=en").text
    assert re.search(r'<script src="/static/js/offline\.js\?v=[0-9a-f]{12}" defer fetchpriority="low"></script>', page)


# What a saved course holds ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_saved_course_holds_every_lesson_and_quiz_and_its_files(client, lang):
    listed = client.get(f"/offline/courses/{COURSE.id}.json?lang={lang}").get_json()
    keys = {f["key"] for f in listed["files"]}
    lessons = {f"/learn/{COURSE.id}/{m.id}/{lesson.id}" for m in COURSE.modules for lesson in m.lessons}
    quizzes = {f"/learn/{COURSE.id}/{m.id}/quiz" for m in COURSE.modules}
    assert lessons | quizzes | {"/learn/", f"/learn/{COURSE.id}/", "/offline/", "/offline/saved"} <= keys
    assert listed["lessons"] == len(lessons) and listed["quizzes"] == len(quizzes)
    assert any(k.startswith("/static/css/site.css?v=") for k in keys)
    assert any(k.startswith("/static/fonts/") for k in keys)  # every page lists languages in Myanmar script
    for item in listed["files"]:
        response = client.get(item["url"])
        assert response.status_code == 200, item


@pytest.mark.parametrize("lang, cuts", [
    ("en", {"names"}), ("my", {"my", "names"}), ("mnw", {"mnw", "names"}), ("ksw", {"ksw", "names"}),
    ("shn", {"shn", "shn-my", "names"}), ("cnh", {"cnh-my", "names"}),
])
def test_a_saved_course_holds_the_cuts_of_the_font_its_pages_draw_with(client, lang, cuts):
    """Offline, a font not saved is a font missing: Shan and Chin pages keep Burmese words, drawn by a small cut of
    their own (scripts/build_web_fonts.py), which must be saved with the course; no other language's cut is."""
    course = CATALOG.course("saving-borrowing-migrating")
    listed = client.get(f"/offline/courses/{course.id}.json?lang={lang}").get_json()
    saved = {re.fullmatch(r"/static/fonts/noto-sans-myanmar-([\w-]+)-400\.woff2\?v=[0-9a-f]{12}", f["key"]).group(1)
             for f in listed["files"] if f["key"].startswith("/static/fonts/")}
    assert saved == cuts
    css = client.get(next(f["key"] for f in listed["files"] if f["key"].startswith("/static/css/"))).text
    for cut in cuts:
        assert f"noto-sans-myanmar-{cut}-400.woff2" in css


def test_saved_pages_name_nobody_and_carry_no_token(app, client, auth, household):
    """The phone fetches them without cookies; even a signed-in client gets nothing of a person in a copy."""
    auth.household(household.code)
    auth.choose(household.members[0])
    listed = client.get(f"/offline/courses/{COURSE.id}.json?lang=my").get_json()
    for item in listed["files"]:
        if "?v=" in item["key"]:
            continue
        html = client.get(item["url"]).text
        assert 'name="twelet-who"' not in html, item
        assert 'name="answer_token" value=""' in html or "answer_token" not in html, item
        for member in household.members:
            assert member.name not in html, item


def test_the_saved_quiz_has_no_csrf_token_or_submission_id_and_names_its_version(client):
    html = client.get(f"/learn/{COURSE.id}/{MODULE.id}/quiz/offline?lang=en&copy=1").text
    assert 'name="csrf_token"' not in html
    assert 'name="submission_id" value=""' in html and 'name="copy" value="1"' in html
    assert f'name="version" value="{MODULE.version}"' in html
    assert "Nobody was learning on this phone" in html  # shown by the page script when no member is known
    assert '<button type="submit" class="button" disabled>' in html  # until the page script has filled it in


def test_a_live_quiz_page_carries_the_members_token(app, member_client, household):
    html = member_client.get(f"/learn/{COURSE.id}/{MODULE.id}/quiz?lang=en").text
    token = re.search(r'name="answer_token" value="([^"]+)"', html).group(1)
    bearer = tokens.check(app.config["SECRET_KEY"], token, household.members[0].id)
    assert bearer.household_id == household.id
    meta = re.search(r'<meta name="twelet-who" content="([^"]*)" data-member="(\d+)"', html)
    assert meta.group(1) == token and int(meta.group(2)) == household.members[0].id


def test_a_page_for_nobody_says_so_and_a_copy_says_nothing(client):
    assert re.search(r'<meta name="twelet-who" content=""', client.get("/learn/?lang=en").text)
    assert "twelet-who" not in client.get("/learn/?lang=en&copy=1").text


def test_listing_a_course_keeps_its_quiz_versions(client, db):
    client.get(f"/offline/courses/{COURSE.id}.json?lang=en")
    db.rollback()
    kept = db.scalars(select(QuizVersion).where(QuizVersion.course_id == COURSE.id)).all()
    assert {(v.module_id, v.content_version) for v in kept} == {(m.id, m.version) for m in COURSE.modules}


def test_signing_out_clears_the_browsers_cache_of_pages(member_client, auth):
    response = auth.sign_out()
    assert response.headers["Clear-Site-Data"] == '"cache"'


def test_the_offline_pages_open_in_every_language(client):
    for lang in LANGUAGES:
        assert client.get(f"/offline/?lang={lang}").status_code == 200
        assert client.get(f"/offline/saved?lang={lang}").status_code == 200
    assert "You are offline" in client.get("/offline/?lang=en").text
    assert "Saved. It will be sent when you are online." in client.get("/offline/saved?lang=en").text


# Answers sent later ----------------------------------------------------------------------------------------------

def test_an_answer_sent_later_is_stored_once_with_the_time_it_was_answered(app, client, db, household):
    member = household.members[0]
    answered = utcnow() - timedelta(days=3)
    token = tokens.issue(app.config["SECRET_KEY"], member.id, member.household_id, "s" * 64)
    with_old_token = _issued_at(app, member, answered - timedelta(hours=1))
    first = _send(client, app, member, token=with_old_token, answered_at=answered.isoformat())
    again = _send(client, app, member, token=token, answered_at=answered.isoformat())
    assert first.status_code == 200 and first.get_json()["status"] == "stored" and first.get_json()["passed"]
    assert again.status_code == 200 and again.get_json()["status"] == "already"
    [attempt] = _attempts(db)
    assert attempt.member_id == member.id and attempt.passed
    assert abs(attempt.answered_at - answered) < timedelta(seconds=1)
    assert attempt.created_at - attempt.answered_at > timedelta(days=2)


def test_a_time_answered_is_kept_within_the_tokens_life_and_the_time_received(app, client, db, household):
    member = household.members[0]
    _send(client, app, member, submission_id="future-answer-0001", answered_at=(utcnow() + timedelta(days=9)).isoformat())
    _send(client, app, member, submission_id="ancient-answer-001", answered_at="2001-01-01T00:00:00+00:00")
    future, ancient = _attempts(db)
    assert future.answered_at <= future.created_at
    assert ancient.answered_at > utcnow() - timedelta(minutes=5)  # not before its token was issued (just now)


def test_the_answer_that_completes_the_course_issues_the_certificate(app, client, db, household):
    member = household.members[0]
    for module in COURSE.modules:
        if module.id != MODULE.id:
            pass_module(db, member, module)
    db.commit()
    answered = utcnow() - timedelta(days=2)
    response = _send(client, app, member, token=_issued_at(app, member, answered - timedelta(hours=1)),
                     answered_at=answered.isoformat())
    assert response.get_json()["status"] == "stored"
    db.rollback()
    [certificate] = db.scalars(select(Certificate)).all()
    assert certificate.member_id == member.id


def test_a_failed_answer_is_stored_and_issues_nothing(app, client, db, household):
    response = _send(client, app, household.members[0], answers=wrong_answers())
    assert response.get_json()["passed"] is False
    assert len(_attempts(db)) == 1
    assert db.scalars(select(Certificate)).all() == []


def test_a_forged_or_changed_token_is_refused_with_a_reason(app, client, db, household):
    member = household.members[0]
    token = _token(app, member)
    changed = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = _send(client, app, member, token=changed)
    assert response.status_code == 403
    body = response.get_json()
    assert body["reason"] == "forged" and "cannot be counted" in body["message"]
    assert _attempts(db) == []


def test_an_answer_replayed_for_another_member_is_refused(app, client, db, household):
    first, second = household.members[0], household.members[1]
    assert _send(client, app, first).status_code == 200
    # the same kept answer, with the member changed, and then with the other member's own token
    changed = _send(client, app, first, member_id=second.id)
    assert changed.status_code == 403 and changed.get_json()["reason"] == "other-member"
    replayed = _send(client, app, second)
    assert replayed.status_code == 403 and replayed.get_json()["reason"] == "other-member"
    assert [a.member_id for a in _attempts(db)] == [first.id]


def test_an_answer_for_someone_in_another_household_is_refused(app, client, db, household):
    other = make_household(db, members=1, code="OTHR-0001")
    db.commit()
    token = tokens.issue(app.config["SECRET_KEY"], other.members[0].id, household.id, "s" * 64)
    response = _send(client, app, other.members[0], token=token)
    assert response.status_code == 403 and response.get_json()["reason"] == "not-a-member"
    assert _attempts(db) == []


def test_an_answer_of_a_member_who_withdrew_is_refused(app, client, db, household):
    member = household.members[0]
    member.withdrawn_at = utcnow()
    db.commit()
    response = _send(client, app, member)
    assert response.get_json()["reason"] == "not-a-member"
    assert _attempts(db) == []


def _issued_at(app, member, moment):
    """A token as if it had been issued at `moment`."""
    from unittest import mock

    with mock.patch("itsdangerous.timed.time.time", return_value=moment.timestamp()):
        return _token(app, member)


def test_a_token_older_than_30_days_needs_a_fresh_one_of_the_same_household(app, client, db, household):
    member, other_member = household.members[0], household.members[1]
    old = _issued_at(app, member, utcnow() - timedelta(days=31))
    refused = _send(client, app, member, token=old)
    assert refused.status_code == 403 and refused.get_json()["reason"] == "expired"
    stranger = make_household(db, members=1, code="OTHR-0002")
    db.commit()
    with_stranger = _send(client, app, member, token=old, renewal=_token(app, stranger.members[0]))
    assert with_stranger.get_json()["reason"] == "expired"
    assert _attempts(db) == []
    # someone of the household signed in again on the phone: the answer is credited to the member who gave it
    renewed = _send(client, app, member, token=old, renewal=_token(app, other_member))
    assert renewed.status_code == 200
    assert [a.member_id for a in _attempts(db)] == [member.id]


def test_an_answer_to_an_older_quiz_version_is_graded_against_that_version(app, client, db, household):
    """The older version had another right answer to the first question: the member is graded by it."""
    first = MODULE.quiz.questions[0]
    assert first.type == "single"
    other_option = next(o for o in first.options if o != first.answer)
    old = quiz_to_json(MODULE.quiz)
    old["questions"][0]["answer"] = other_option
    db.add(QuizVersion(course_id=COURSE.id, module_id=MODULE.id, content_version="older-version", quiz=old))
    db.commit()
    answers = {**right_answers(), f"q-{first.id}": other_option}
    response = _send(client, app, household.members[0], answers=answers, version="older-version")
    [attempt] = _attempts(db)
    assert response.get_json()["status"] == "stored"
    assert attempt.content_version == "older-version" and attempt.percent == 100 and not attempt.needs_review


def test_an_answer_to_a_version_the_server_never_kept_is_stored_and_flagged(app, client, db, household):
    response = _send(client, app, household.members[0], version="gone-version")
    assert response.status_code == 200 and response.get_json()["needs_review"] is True
    [attempt] = _attempts(db)
    assert attempt.needs_review and not attempt.passed and attempt.content_version == "gone-version"
    assert attempt.answers  # what was sent is kept
    assert db.scalars(select(Certificate)).all() == []


@pytest.mark.parametrize("body", [
    None, [], {"submission_id": "short"}, {"submission_id": "offline-answer-0001", "member_id": "1"},
    {"submission_id": "offline-answer-0001", "member_id": 1, "fields": "q-a=b", "version": "v"},
    {"submission_id": "offline-answer-0001", "member_id": 1, "fields": [["q-a", 1]], "version": "v"},
])
def test_malformed_answers_are_refused_and_change_nothing(client, db, body):
    response = client.post("/offline/answers", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert _attempts(db) == []


def test_an_answer_for_a_quiz_that_is_gone_is_refused(app, client, db, household):
    member = household.members[0]
    response = client.post("/offline/answers?lang=en", json={
        "submission_id": "offline-answer-0001", "member_id": member.id, "token": _token(app, member),
        "course": COURSE.id, "module": "no-such-module", "version": "v", "fields": []})
    assert response.status_code == 404 and response.get_json()["reason"] == "unknown-quiz"


def test_refusals_are_explained_in_the_phones_language(app, client, household):
    member = household.members[0]
    english = _send(client, app, member, token="x.y.z", lang="en").get_json()["message"]
    burmese = _send(client, app, member, token="x.y.z", lang="my").get_json()["message"]
    assert english != burmese and re.search("[\u1000-\u109f]", burmese)


# Lessons read offline ----------------------------------------------------------------------------------------------

def test_lessons_read_offline_are_recorded_once_with_when(app, client, db, household):
    member = household.members[0]
    read_at = utcnow() - timedelta(hours=5)
    token = _issued_at(app, member, read_at - timedelta(hours=1))
    lesson = MODULE.lessons[0]
    body = {"token": token, "member_id": member.id, "reads": [
        {"course": COURSE.id, "module": MODULE.id, "lesson": lesson.id, "read_at": read_at.isoformat()},
        {"course": COURSE.id, "module": MODULE.id, "lesson": "no-such-lesson", "read_at": read_at.isoformat()}]}
    assert client.post("/offline/reads", json=body).get_json() == {"status": "stored", "new": 1, "known": 1}
    assert client.post("/offline/reads", json=body).get_json()["new"] == 0
    db.rollback()
    [read] = db.scalars(select(LessonRead)).all()
    assert read.member_id == member.id and read.lesson_id == lesson.id
    assert abs(read.read_at - read_at) < timedelta(seconds=1)


def test_reads_with_another_members_token_are_refused(app, client, db, household):
    first, second = household.members[0], household.members[1]
    body = {"token": _token(app, first), "member_id": second.id,
            "reads": [{"course": COURSE.id, "module": MODULE.id, "lesson": MODULE.lessons[0].id}]}
    response = client.post("/offline/reads", json=body)
    assert response.status_code == 403 and response.get_json()["reason"] == "other-member"
    db.rollback()
    assert db.scalars(select(LessonRead)).all() == []


@pytest.mark.parametrize("lang", ["my", "shn", "mnw", "ksw"])
def test_the_brand_is_written_in_the_pages_script(client, lang):
    # Issue 17: Shan, Mon and Karen pages showed "Twe Let Learning" in Latin letters.
    manifest = client.get(f"/manifest.webmanifest?lang={lang}").get_json()
    page = client.get(f"/?lang={lang}").text + client.get(f"/household/sign-in?lang={lang}").text
    assert "Twe Let" not in manifest["name"] + manifest["short_name"] + manifest.get("description", "")
    assert "Twe Let" not in re.sub(r"<!--.*?-->", "", page, flags=re.S)


def test_the_service_worker_is_kept_for_a_day_for_a_signed_in_household_too(member_client):
    # The bench showed a signed-in repeat visit asking for /sw.js again: pages for signed-in people are no-store,
    # and the service worker had been treated as one of them.
    response = member_client.get("/sw.js")
    assert response.cache_control.max_age == 86400 and not response.cache_control.no_store
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]  # the policy the worker runs under
