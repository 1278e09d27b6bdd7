"""Options in an order shuffled per attempt and kept with it; paper keeps the printed order; grading by option id."""
import re

from learning import inputs
from learning.content.model import Question, Quiz
from learning.learn.grading import option_order, shown_order
from learning.learn.services import copy_seed
from tests.web.test_offline import _send
from tests.web.test_quiz import MODULE, QUIZ_URL, _attempts, _form, right_answers, wrong_answers

CHOICES = [q for q in MODULE.quiz.questions if q.options]


def _shown(html: str) -> dict[str, list[str]]:
    """The order each question's options appear in on a quiz page."""
    return {q.id: re.findall(rf'name="q-{q.id}" value="(\w+)"', html) for q in CHOICES}


FIXED_IDS = ["fixed-attempt-one-0001", "fixed-attempt-two-0002"]  # two pages, two known seeds


def test_each_attempt_shows_the_options_in_its_own_shuffled_order(member_client, monkeypatch):
    ids = iter(FIXED_IDS)
    monkeypatch.setattr(inputs, "new_submission_id", lambda: next(ids))
    first_html, _, first_id = _form(member_client)
    second_html, _, second_id = _form(member_client)
    assert [first_id, second_id] == FIXED_IDS
    first, second = _shown(first_html), _shown(second_html)
    assert first == option_order(MODULE.quiz, first_id) and second == option_order(MODULE.quiz, second_id)
    assert first != second  # two attempts, two orders
    assert any(first[q.id] != list(q.options) for q in CHOICES)  # not the printed order
    assert all(sorted(first[q.id]) == sorted(q.options) for q in CHOICES)  # every option, once


def test_the_order_shown_is_kept_with_the_attempt_and_the_result_page_follows_it(member_client, db):
    html, token, submission = _form(member_client)
    shown = _shown(html)
    response = member_client.post(QUIZ_URL + "?lang=en", data={**right_answers(), "csrf_token": token,
                                                               "submission_id": submission, "order_seed": submission})
    (attempt,) = _attempts(db)
    assert attempt.option_order == shown and attempt.percent == 100  # graded by option id, whatever the order
    result = member_client.get(response.headers["Location"] + "?lang=en").text
    first_card = result.split('<li class="card">')[1]
    listed = [t.strip() for t in re.findall(r'<li class="(?:right)?">(?:✓ )?(.*?)(?:<em>|<br>)', first_card)]
    question = MODULE.quiz.questions[0]
    assert listed == [MODULE.texts["en"].questions[question.id].options[o].text.replace("'", "&#39;")
                      for o in shown[question.id]]


def test_a_saved_copy_shows_one_order_per_version_and_answers_sent_later_keep_it(client, app, db, household):
    copy = client.get(f"/learn/money-and-migration/{MODULE.id}/quiz/offline?lang=en").text
    seed = copy_seed(MODULE.version)
    assert _shown(copy) == option_order(MODULE.quiz, seed)
    assert f'name="order_seed" value="{seed}"' in copy
    member = household.members[0]
    assert _send(client, app, member, submission_id="offline-order-00001").status_code == 200  # no seed: none kept
    body_seed = {"submission_id": "offline-order-00002"}
    response = client.post("/offline/answers?lang=en", json={**_body(app, member, **body_seed), "order_seed": seed})
    assert response.status_code == 200
    forged = client.post("/offline/answers?lang=en", json={**_body(app, member, submission_id="offline-order-00003"),
                                                          "order_seed": "made-up"})
    assert forged.status_code == 200
    orders = {a.submission_id: a.option_order for a in _attempts(db)}
    assert orders == {"offline-order-00001": None, "offline-order-00002": option_order(MODULE.quiz, seed),
                      "offline-order-00003": None}


def _body(app, member, submission_id):
    """The JSON an answer sent later carries (as tests/web/test_offline.py's _send builds it)."""
    captured = {}

    class Recorder:
        def post(self, url, json):
            captured.update(json)

    _send(Recorder(), app, member, submission_id=submission_id)
    return captured


def test_a_double_submit_stores_one_attempt_with_the_order_first_shown(member_client, db):
    html, token, submission = _form(member_client)
    shown = _shown(html)
    data = {**right_answers(), "csrf_token": token, "submission_id": submission, "order_seed": "forged-seed-000001"}
    first = member_client.post(QUIZ_URL + "?lang=en", data=data)
    second = member_client.post(QUIZ_URL + "?lang=en", data={**data, **wrong_answers()})
    assert first.headers["Location"] == second.headers["Location"]
    (attempt,) = _attempts(db)
    assert attempt.option_order == shown and attempt.percent == 100  # the page's seed, never a posted one


def test_a_page_sent_back_for_a_missing_answer_keeps_its_order(member_client, db):
    html, token, submission = _form(member_client)
    data = {**right_answers(), "csrf_token": token, "submission_id": submission}
    del data[f"q-{CHOICES[0].id}"]
    again = member_client.post(QUIZ_URL + "?lang=en", data=data)
    assert again.status_code == 400 and _shown(again.text) == _shown(html) and _attempts(db) == []


def test_an_order_kept_for_options_that_have_since_changed_gives_way_to_the_printed_order():
    quiz = Quiz(70, (Question("kept", "single", ("a", "b", "c"), "a"), Question("changed", "single", ("a", "b", "c"), "b"),
                     Question("sum", "number", (), 5.0)))
    stored = {"kept": ["c", "a", "b"], "changed": ["b", "a"], "gone": ["x", "y"]}
    assert shown_order(quiz, stored) == {"kept": ["c", "a", "b"], "changed": ["a", "b", "c"]}
    assert shown_order(quiz, None) == {"kept": ["a", "b", "c"], "changed": ["a", "b", "c"]}
