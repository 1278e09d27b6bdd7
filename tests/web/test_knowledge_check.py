"""Issue 18: a course's knowledge check before the first lesson (not graded, skippable, once), and "after" from
the member's first attempt of each module quiz on the same questions."""
import re

from sqlalchemy import select

from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog
from learning.learn import knowledge
from learning.learn.models import KnowledgeCheck, KnowledgeScore
from tests.web.test_quiz import MODULE, QUIZ_URL, right_answers

COURSE = load_catalog(PROJECT_ROOT / "courses").course("money-and-migration")
CHECK = "/learn/money-and-migration/check"


def _form(client, url):
    page = client.get(url + "?lang=en").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    submission = re.search(r'name="submission_id" type="hidden" value="([^"]+)"', page).group(1)
    return page, {"csrf_token": token, "submission_id": submission}


def _answers(course, right: set[str]) -> dict:
    """The check answered: right for the keys in `right`, wrong for the others."""
    data = {}
    for q in knowledge.questions(course):
        name, question = f"q-{q.question.id}", q.question
        if question.type == "number":
            data[name] = str(int(question.answer) + (0 if q.item.key in right else 1))
        elif question.type == "single":
            data[name] = question.answer if q.item.key in right else \
                next(o for o in question.options if o != question.answer)
        else:
            data[name] = list(question.answer) if q.item.key in right else [question.options[0]] \
                if [question.options[0]] != list(question.answer) else [question.options[1]]
    return data


def _scores(db, member_id, phase):
    """{module: (right, asked)} of the member's "before" or "after"."""
    db.rollback()  # a new snapshot: what the requests stored since
    found = {}
    for s in db.scalars(select(KnowledgeScore).where(KnowledgeScore.member_id == member_id)):
        asked = getattr(s, f"{phase}_asked")
        if asked is not None:
            found[s.module_id] = (getattr(s, f"{phase}_correct"), asked)
    return found


def test_every_course_has_a_check_of_six_to_ten_quiz_questions():
    catalog = load_catalog(PROJECT_ROOT / "courses")
    for course in catalog.courses:
        assert 6 <= len(course.check) <= 10, course.id
        assert {item.module_id for item in course.check} == {m.id for m in course.modules}, course.id


def test_continue_starts_with_the_check_and_the_page_asks_its_questions(member_client):
    for page in ("/learn/money-and-migration/", "/learn/my-progress"):
        html = member_client.get(f"{page}?lang=en").text
        assert f'<p class="continue"><a class="button" href="{CHECK}">' in html
    page, _ = _form(member_client, CHECK)
    assert page.count('<fieldset class="question') == len(COURSE.check) == 8
    assert "There is no score" in page and 'name="skip"' in page
    assert MODULE.texts["en"].questions["cheaper-way"].prompt.split(".")[0] in page


def test_answers_are_kept_once_with_what_was_right_per_module(member_client, db, household):
    member = household.members[0]
    right = {"sending-money-home.cheaper-way", "sending-money-home.hundi-risk", "household-budget.needs"}
    _, fields = _form(member_client, CHECK)
    data = {**_answers(COURSE, right), **fields}
    first = member_client.post(CHECK, data=data)
    again = member_client.post(CHECK, data=data)  # a double tap
    assert first.status_code == again.status_code == 302
    assert "Thank you" in member_client.get(first.headers["Location"] + "&lang=en"
                                            if "?" in first.headers["Location"] else first.headers["Location"]).text
    assert db.scalars(select(KnowledgeCheck).where(KnowledgeCheck.member_id == member.id)).all().__len__() == 1
    assert _scores(db, member.id, "before") == {"sending-money-home": (2, 4), "household-budget": (1, 4)}
    # taken once: the page no longer asks, Continue leads to the first lesson
    assert 'name="skip"' not in member_client.get(CHECK + "?lang=en").text
    assert f'href="{CHECK}"' not in member_client.get("/learn/money-and-migration/?lang=en").text


def test_a_question_left_out_is_marked_and_nothing_is_stored(member_client, db, household):
    _, fields = _form(member_client, CHECK)
    data = _answers(COURSE, set())
    data.pop("q-household-budget.needs")
    response = member_client.post(CHECK + "?lang=en", data={**data, **fields})
    assert response.status_code == 400 and 'class="question has-error"' in response.text
    assert db.scalars(select(KnowledgeCheck)).all() == []


def test_skipping_is_kept_and_measures_nothing(member_client, db, household):
    _, fields = _form(member_client, CHECK)
    assert member_client.post(CHECK, data={**fields, "skip": "1"}).status_code == 302
    stored = db.scalars(select(KnowledgeCheck)).one()
    assert stored.skipped and stored.answers == {}
    assert _scores(db, household.members[0].id, "before") == {}
    assert 'name="skip"' not in member_client.get(CHECK + "?lang=en").text


def test_the_check_is_not_offered_once_a_lesson_was_read(member_client, db):
    member_client.get(f"/learn/money-and-migration/sending-money-home/{MODULE.lessons[0].id}")
    assert f'href="{CHECK}"' not in member_client.get("/learn/money-and-migration/?lang=en").text
    page = member_client.get(CHECK + "?lang=en")
    assert page.status_code == 200 and "asked only once" in page.text and 'name="skip"' not in page.text


def test_after_is_the_first_attempt_on_the_same_questions(member_client, db, household):
    member = household.members[0]
    _, fields = _form(member_client, CHECK)
    member_client.post(CHECK, data={**_answers(COURSE, set()), **fields})
    assert _scores(db, member.id, "before")["sending-money-home"] == (0, 4)
    # first attempt: everything right but the check's "cheaper-way"
    answers = right_answers()
    answers["q-cheaper-way"] = next(o for o in MODULE.quiz.question("cheaper-way").options
                                    if o != MODULE.quiz.question("cheaper-way").answer)
    _, fields = _form(member_client, QUIZ_URL)
    assert member_client.post(QUIZ_URL, data={**answers, **fields}).status_code == 302
    assert _scores(db, member.id, "after") == {"sending-money-home": (3, 4)}
    # a second attempt, all right, changes nothing: "after" is the first attempt
    _, fields = _form(member_client, QUIZ_URL)
    member_client.post(QUIZ_URL, data={**right_answers(), **fields})
    assert _scores(db, member.id, "after") == {"sending-money-home": (3, 4)}


def test_the_check_is_not_offered_once_a_quiz_was_tried(member_client, db):
    # paper results or a quiz tried before any lesson: the check would no longer show what was known before
    _, fields = _form(member_client, QUIZ_URL)
    member_client.post(QUIZ_URL, data={**right_answers(), **fields})
    assert f'href="{CHECK}"' not in member_client.get("/learn/money-and-migration/?lang=en").text
    assert 'name="skip"' not in member_client.get(CHECK + "?lang=en").text
