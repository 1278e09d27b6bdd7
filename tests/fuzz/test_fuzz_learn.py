"""Fuzzing the learners' forms: module quizzes and the money tools."""
import re
from urllib.parse import quote

from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import select

from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog
from learning.i18n.languages import LANGUAGES
from learning.learn.models import QuizAttempt
from tests.conftest import csrf_token
from tests.fuzz import strategies as fz
from tests.fuzz.conftest import carries_nul

COURSE = load_catalog(PROJECT_ROOT / "courses").courses[0]
LANG = st.sampled_from(list(LANGUAGES))


def _answers(question) -> st.SearchStrategy:
    """Answers a member could give: an option, ticked options, a number in any digits."""
    if question.type == "single":
        return st.sampled_from(question.options)
    if question.type == "multiple":
        return st.lists(st.sampled_from(question.options), min_size=1, max_size=len(question.options))
    number = str(int(question.answer))
    return st.sampled_from([number, number.translate(fz.MYANMAR_DIGITS), "5,000", "0"])


@st.composite
def quiz_answers(draw):
    """A module and answers to its quiz, as a member could send them or with answers changed or missing."""
    module = draw(st.sampled_from(COURSE.modules))
    good = {f"q-{q.id}": _answers(q) for q in module.quiz.questions}
    bad = {name: st.one_of(fz.text, st.lists(fz.text, max_size=3)) for name in good}
    return module, draw(fz.forms(good, bad))


@given(quiz=quiz_answers(), submission_id=fz.submission_ids, lang=LANG,
       path=st.one_of(st.none(), fz.text.filter(bool)))
def test_a_quiz_attempt_is_stored_whole_or_not_at_all(member_client, household, db, watch, quiz,
                                                     submission_id, lang, path):
    module, answers = quiz
    url = f"/learn/{COURSE.id}/{module.id if path is None else quote(path, safe='')}/quiz"
    token = csrf_token(member_client.get(f"/learn/{COURSE.id}/{module.id}/quiz").text)
    submission_id = fz.fresh(submission_id)
    before = watch.start()
    response = watch.post(member_client, url, {302, 400, 404}, query={"lang": lang}, data={
        **answers, "csrf_token": token, "submission_id": submission_id})
    changed = watch.changes(before)
    if response.status_code != 302 or not changed:  # refused, or a retry of a stored submission
        assert changed == {}
        return
    assert changed.pop("quiz_attempts") == 1
    assert changed.pop("quiz_versions", 0) <= 1  # the quiz as it is now, kept once to grade answers sent later
    assert changed.pop("knowledge_scores", 0) <= 1  # "after" on the check questions: the first attempt only
    assert changed == {} or changed == {"certificates": 1, "audit_log": 1}
    attempt = db.scalar(select(QuizAttempt).where(QuizAttempt.submission_id == submission_id))
    assert response.headers["Location"].endswith(f"/quiz/attempts/{attempt.id}")
    assert attempt.member_id == household.members[0].id and attempt.module_id == module.id
    assert set(attempt.answers) == {q.id for q in module.quiz.questions}
    assert attempt.percent == attempt.score * 100 // attempt.max_score
    assert attempt.passed == (attempt.percent >= module.quiz.pass_mark)


CHANNEL_FIELDS = ["name", "fee", "rate"]
AMOUNTS = st.sampled_from(["5000", "၅,၀၀၀", "1000000000000", "0.5", "118.5", "1 000"])


@st.composite
def remittance_forms(draw):
    """Two to four ways of sending, as a person could fill them in, or with any field changed."""
    good = {"amount": AMOUNTS, "currency": st.sampled_from(["THB", "MYR"]),
            "market_rate": st.sampled_from(["", "120", "0.000001", "1000000000000"])}
    for index in range(draw(st.integers(2, 4))):
        good[f"channels-{index}-name"] = st.sampled_from(["Phone app", "ဆိုင်", ""])
        good[f"channels-{index}-fee"] = st.sampled_from(["", "0", "100", "1000000000000"])
        # 125 is above the market rate of 120: flagged, its exchange-rate cost 0, never negative
        good[f"channels-{index}-rate"] = st.sampled_from(["112", "118", "125", "0.000001", "1000000000000"])
    if draw(st.integers(0, 4)) == 0:
        good["switch"] = st.just("1")  # "use this currency": the form again, labels in the currency chosen
    bad = {name: fz.numbers for name in good if not name.endswith(("name", "currency", "switch"))}
    bad["currency"] = st.one_of(st.sampled_from(["MMK", "thb", ""]), fz.text)
    return draw(fz.forms(good, bad, extra_names=fz.row_keys("channels", CHANNEL_FIELDS)))


@given(form=remittance_forms(), lang=LANG)
@example(form={"amount": "1000000000000", "market_rate": "0.000000000000000001", "channels-0-name": "a",
               "channels-0-fee": "0", "channels-0-rate": "1000000000000", "channels-1-name": "b",
               "channels-1-fee": "0", "channels-1-rate": "1"}, lang="en")
@example(form={"amount": "5000", "channels-²-name": "a"}, lang="en")
def test_the_remittance_tool_answers_every_input_with_a_result_or_a_message(client, watch, form, lang):
    token = csrf_token(client.get("/tools/remittance").text)
    before = watch.start()
    response = watch.post(client, "/tools/remittance", {200, 400}, query={"lang": lang},
                          data={**form, "csrf_token": token})
    if response.status_code == 400 and not carries_nul(form):
        assert 'class="error"' in response.text  # a message on the field that is wrong
    if 'class="results"' in response.text:  # no cost is ever negative, whatever the rates typed
        results = response.text[response.text.index('class="results"'):response.text.index("</section>")]
        figures = re.sub(r"<h3>.*?</h3>", "", results, flags=re.S)  # all but the names typed
        assert not re.search(r"[-−][\d၀-၉]", figures)  # a negative figure; the working writes " − " spaced
    assert watch.changes(before) == {}


@st.composite
def budget_forms(draw):
    """A month's incomes and expenses, as a person could fill them in, or with any field changed."""
    good = {}
    for index in range(draw(st.integers(1, 3))):
        good[f"incomes-{index}-label"] = st.sampled_from(["Harvest", "ဝင်ငွေ", ""])
        good[f"incomes-{index}-amount"] = st.sampled_from(["150,000", "၃၆၀၀၀၀", "1000000000000", "0.000001"])
    for index in range(draw(st.integers(0, 6))):
        good[f"expenses-{index}-label"] = st.sampled_from(["Food", "ထမင်း", ""])
        good[f"expenses-{index}-amount"] = st.sampled_from(["300000", "", "1000000000000"])
        good[f"expenses-{index}-kind"] = st.sampled_from(["need", "want"])
    # the saving put aside first: empty (a tenth is suggested), typed, or more than the income
    good["saving"] = st.sampled_from(["", "0", "15,000", "၅၀,၀၀၀", "1000000000000"])
    if draw(st.integers(0, 4)) == 0:
        good["add"] = st.sampled_from(["income", "expense"])
    bad = {name: fz.numbers for name in good if name.endswith(("amount", "saving"))}
    names = st.one_of(fz.row_keys("expenses", ["label", "amount", "kind"]),
                      fz.row_keys("incomes", ["amount"]))
    return draw(fz.forms(good, bad, extra_names=names))


@given(form=budget_forms(), lang=LANG)
@example(form={"incomes-0-amount": "1", "expenses-²-amount": "1"}, lang="en")
def test_the_budget_tool_answers_every_input_with_a_result_or_a_message(client, watch, form, lang):
    token = csrf_token(client.get("/tools/budget").text)
    before = watch.start()
    response = watch.post(client, "/tools/budget", {200, 400}, query={"lang": lang},
                          data={**form, "csrf_token": token})
    if response.status_code == 400 and not carries_nul(form):
        assert 'class="error"' in response.text  # a message on the field that is wrong
    assert watch.changes(before) == {}
