"""Module quizzes: one page, every question answered, scored, explained, stored once per submission."""
import re

import pytest
from sqlalchemy import func, select

from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog
from learning.learn.models import QuizAttempt, Source
from tests.conftest import csrf_token
from tests.workers import post_concurrently

QUIZ_URL = "/learn/money-and-migration/sending-money-home/quiz"
MODULE = load_catalog(PROJECT_ROOT / "courses").course("money-and-migration").module("sending-money-home")


def right_answers(myanmar_digits: bool = False) -> dict:
    """Form data answering every question of the module correctly."""
    data: dict = {}
    for question in MODULE.quiz.questions:
        name = f"q-{question.id}"
        if question.type == "single":
            data[name] = question.answer
        elif question.type == "multiple":
            data[name] = list(question.answer)
        else:
            number = str(int(question.answer)) if question.answer == int(question.answer) else str(question.answer)
            data[name] = number.translate(str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")) if myanmar_digits else number
    return data


def wrong_answers() -> dict:
    data = right_answers()
    for question in MODULE.quiz.questions:
        name = f"q-{question.id}"
        if question.type == "single":
            data[name] = next(o for o in question.options if o != question.answer)
        elif question.type == "number":
            data[name] = "1"
    return data


def _form(client):
    html = client.get(QUIZ_URL + "?lang=en").text
    return html, csrf_token(html), re.search(r'name="submission_id" type="hidden" value="([^"]+)"', html).group(1)


def _submit(client, data, submission_id=None):
    html, token, fresh = _form(client)
    return client.post(QUIZ_URL + "?lang=en", data={**data, "csrf_token": token, "submission_id": submission_id or fresh})


def _attempts(db):
    db.rollback()
    db.expire_all()
    return db.scalars(select(QuizAttempt).order_by(QuizAttempt.id)).all()


def test_the_quiz_page_has_every_kind_of_question(member_client):
    html, _, _ = _form(member_client)
    assert 'type="radio"' in html and 'type="checkbox"' in html and 'inputmode="decimal"' in html
    assert html.count('class="question') == len(MODULE.quiz.questions)


def test_a_passing_attempt_is_scored_stored_and_explained(member_client, household, db):
    response = _submit(member_client, right_answers())
    assert response.status_code == 302
    result = member_client.get(response.headers["Location"] + "?lang=en")
    assert "100%" in result.text and "Well done: you passed this quiz." in result.text
    first_question = MODULE.quiz.questions[0]
    explanation = MODULE.texts["en"].questions[first_question.id].options[first_question.options[0]].explanation
    assert explanation.replace("'", "&#39;").replace('"', "&#34;") in result.text
    (attempt,) = _attempts(db)
    assert attempt.member_id == household.members[0].id and attempt.passed and attempt.percent == 100
    assert attempt.source == Source.PHONE and attempt.content_version == MODULE.version
    assert set(attempt.answers) == {q.id for q in MODULE.quiz.questions}


def test_number_answers_may_be_typed_in_myanmar_digits(member_client, db):
    _submit(member_client, right_answers(myanmar_digits=True))
    assert _attempts(db)[0].percent == 100


def test_a_missing_answer_says_which_question_and_saves_nothing(member_client, db):
    data = right_answers()
    missing = MODULE.quiz.questions[2]
    del data[f"q-{missing.id}"]
    response = _submit(member_client, data)
    assert response.status_code == 400
    assert re.search(r"(Choose an answer|Tick at least one answer|Write a number) for question 3\.", response.text)
    assert _attempts(db) == []
    assert 'value="' + str(data[f"q-{MODULE.quiz.questions[0].id}"]) + '" checked' in response.text  # kept


def test_failing_then_retrying_keeps_the_best_score(member_client, db):
    _submit(member_client, wrong_answers())
    failed = member_client.get(f"{QUIZ_URL}/attempts/{_attempts(db)[0].id}?lang=en")
    assert "Not passed yet" in failed.text
    _submit(member_client, right_answers())
    _submit(member_client, wrong_answers())
    assert [a.passed for a in _attempts(db)] == [False, True, False]
    page = member_client.get("/learn/my-progress?lang=en").text
    assert "Quiz passed: best 100%" in page


def test_the_same_submission_twice_stores_one_attempt(member_client, db):
    html, token, submission_id = _form(member_client)
    data = {**right_answers(), "csrf_token": token, "submission_id": submission_id}
    first = member_client.post(QUIZ_URL, data=data)
    second = member_client.post(QUIZ_URL, data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(_attempts(db)) == 1


def test_ten_parallel_posts_of_one_submission_store_one_attempt(app_config, member_client, db):
    html, token, submission_id = _form(member_client)
    codes = post_concurrently(
        app_config, processes=2, threads=5, form_url=QUIZ_URL, post_url=QUIZ_URL,
        data={**right_answers(), "submission_id": submission_id},
        cookies={"tl_session": member_client.get_cookie("tl_session").value},
    )
    assert codes == [302] * 10
    assert db.scalar(select(func.count()).select_from(QuizAttempt)) == 1


def test_a_tampered_submission_id_is_refused(member_client, db):
    response = _submit(member_client, right_answers(), submission_id="not valid!")
    assert response.status_code == 400
    assert _attempts(db) == []


def test_another_members_result_is_not_shown(auth, member_client, household, db):
    _submit(member_client, right_answers())
    attempt = _attempts(db)[0]
    auth.choose(household.members[1])
    assert member_client.get(f"{QUIZ_URL}/attempts/{attempt.id}").status_code == 404


def test_a_form_sent_again_after_switching_person_is_not_counted_for_the_new_person(auth, member_client, household, db):
    html, token, submission_id = _form(member_client)
    data = {**right_answers(), "csrf_token": token, "submission_id": submission_id}
    member_client.post(QUIZ_URL, data=data)
    auth.choose(household.members[1])
    response = member_client.post(QUIZ_URL, data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/quiz")
    assert [a.member_id for a in _attempts(db)] == [household.members[0].id]


@pytest.mark.parametrize("code", ["my", "shn", "mnw", "ksw", "cnh", "en"])
def test_the_quiz_works_in_every_language(member_client, code):
    assert member_client.get(f"{QUIZ_URL}?lang={code}").status_code == 200
    assert member_client.get(f"/learn/money-and-migration/household-budget/quiz?lang={code}").status_code == 200


def test_passing_the_last_quiz_says_the_certificate_is_earned_and_links_it(member_client, household, db):
    from tests.builders import pass_module

    other = load_catalog(PROJECT_ROOT / "courses").course("money-and-migration").module("household-budget")
    first = _submit(member_client, right_answers())  # one module left: no certificate yet
    page = member_client.get(first.headers["Location"] + "?lang=en").text
    assert "Well done: you passed this quiz." in page and "certificate" not in page
    pass_module(db, household.members[0], other)
    db.commit()
    again = _submit(member_client, right_answers())
    page = member_client.get(again.headers["Location"] + "?lang=en").text
    assert "you have earned your certificate for this course" in page
    link = re.search(r'<a class="button" href="(/[^"]+)">Download my certificate \(PDF\)</a>', page)
    assert link and member_client.get(link.group(1)).mimetype == "application/pdf"
    assert page.count('class="button"') == 1  # one primary button: the certificate
