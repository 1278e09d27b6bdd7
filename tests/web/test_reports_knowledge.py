"""Issue 18: the dashboard and the exports show what members knew before a course and after, for the same
members, with the number of members behind each figure."""
import csv
import io

import pytest

from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog
from learning.learn import knowledge, services
from tests.builders import make_group, make_household, make_staff

COURSE = load_catalog(PROJECT_ROOT / "courses").course("money-and-migration")
SENDING = COURSE.module("sending-money-home")


def _check_answers(right: set[str]) -> dict:
    """The check's answers, right for the keys in `right` and wrong (a number off by one) otherwise."""
    answers = {}
    for q in knowledge.questions(COURSE):
        question = q.question
        if q.item.key in right:
            answers[q.item.key] = question.answer if question.type != "number" else question.answer
        elif question.type == "number":
            answers[q.item.key] = question.answer + 1
        else:
            wrong = next(o for o in question.options if o not in (question.answer if question.type == "multiple"
                                                                 else (question.answer,)))
            answers[q.item.key] = wrong if question.type == "single" else (wrong,)
    return answers


def _quiz_answers(module, wrong: set[str]) -> dict:
    answers = {}
    for question in module.quiz.questions:
        if question.id in wrong and question.type == "number":
            answers[question.id] = question.answer + 1
        elif question.id in wrong:
            other = next(o for o in question.options if o != question.answer and o not in question.answer)
            answers[question.id] = other if question.type == "single" else (other,)
        else:
            answers[question.id] = question.answer
    return answers


@pytest.fixture
def learned(app, db):
    """Two women of a Mon group who took the check (1 of 4 and 3 of 4 right on sending money home) and then the
    quiz (4 of 4 and 3 of 4 on the same questions); a man who took the check but no quiz yet."""
    from decimal import Decimal

    facilitator = make_staff(db, role="facilitator", username="mon.f", townships=("MMR011001",))
    household = make_household(db, members=3, township="MMR011001", code="MONH-0001")
    make_group(db, facilitator, [household], township="MMR011001", name="Mon group")
    women = [household.members[0], household.members[2]]
    man = household.members[1]
    keys = [q.item.key for q in knowledge.questions(COURSE) if q.module.id == SENDING.id]
    for n, (member, right) in enumerate([(women[0], set(keys[:1])), (women[1], set(keys[:3])), (man, set())]):
        answers = {k: Decimal(str(v)) if isinstance(v, float) else v for k, v in _check_answers(right).items()}
        knowledge.record_check(db, member.id, COURSE, f"check-submission-{n:04d}", answers)
    first = services.record_answers(db, women[0], COURSE, SENDING, "quiz-submission-0001", _quiz_answers(SENDING, set()))
    assert first.new
    services.record_answers(db, women[1], COURSE, SENDING, "quiz-submission-0002",
                            _quiz_answers(SENDING, {keys[0].split(".")[1]}))
    db.commit()
    return household


def test_the_dashboard_shows_before_and_after_for_the_same_members(auth, learned):
    client, _ = auth.staff_client("coordinator", states=("MMR011",))
    page = client.get("/reports/?lang=en").text
    assert "What members knew before and after" in page
    # sending money home: 1 + 3 of 8 right before, 4 + 3 of 8 after; the man has no "after" and is not counted
    module_row = '<tr><th scope="row">Sending money home</th><td>2</td><td>50%</td><td>88%</td></tr>'
    assert module_row in page
    assert '<tr><th scope="row">Every module</th><td>2</td><td>50%</td><td>88%</td></tr>' in page
    assert '<tr><th scope="row">Female</th><td>2</td><td>50%</td><td>88%</td></tr>' in page
    assert '<tr><th scope="row">Male</th>' not in page
    assert '<tr><th scope="row">Mawlamyine</th><td>2</td>' in page
    # groups are compared within a township (the whole programme has thousands of them)
    group_row = '<tr><th scope="row">Mon group</th><td>2</td><td>50%</td><td>88%</td></tr>'
    assert group_row not in page and "To compare groups, choose a township in the filter." in page
    narrowed = client.get("/reports/?lang=en&township=MMR011001").text
    assert group_row in narrowed and module_row in narrowed


def test_the_export_has_before_and_after_columns(auth, learned):
    client, _ = auth.staff_client("coordinator", states=("MMR011",))
    response = client.get("/reports/completions.csv?lang=en&course=money-and-migration")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    by_member = {row["Member id"]: row for row in rows}
    women = [learned.members[0], learned.members[2]]
    columns = ["Right before the course (%)", "Right before, same questions (%)", "Right after, same questions (%)"]

    def figures(member):
        return tuple(by_member[str(member.id)][column] for column in columns)

    # the whole check before (1 and 3 of 8); before and after on the module both women tried (sending money home:
    # 1 and 3 of 4 before, 4 and 3 of 4 after), as the dashboard pairs them; the man tried no quiz yet
    assert figures(women[0]) == ("13", "25", "100")
    assert figures(women[1]) == ("38", "75", "75")
    assert figures(learned.members[1]) == ("0", "", "")


def test_the_whole_programmes_figures_are_the_same_counted_without_listing_its_members(app, db, learned,
                                                                                      monkeypatch):
    """When the report covers every household, the dashboard counts without first listing the members: the same
    figures as with the list, and never when a household lies outside the coordinator's area."""
    from learning.learn.library import catalog
    from learning.reports import queries
    from learning.reports.filters import ReportFilter

    shan = make_household(db, members=1, township="MMR014001", code="SHAN-0001")
    from decimal import Decimal

    answers = {k: Decimal(str(v)) if isinstance(v, float) else v for k, v in _check_answers(set()).items()}
    knowledge.record_check(db, shan.members[0].id, COURSE, "check-submission-shan", answers)
    db.commit()
    report, both = ReportFilter(), ["MMR011", "MMR014"]
    with app.app_context():
        courses = tuple(catalog().courses)
        assert queries._covers_everyone(db, report, None) and queries._covers_everyone(db, report, both)
        assert not queries._covers_everyone(db, report, ["MMR011"])  # the Shan household is outside
        assert not queries._covers_everyone(db, ReportFilter(township="MMR011001"), None)
        quick = queries.dashboard(db, report, both, courses)
        monkeypatch.setattr(queries, "_covers_everyone", lambda *args: False)
        listed = queries.dashboard(db, report, both, courses)
    assert quick == listed
    assert quick.members == 4 and quick.courses[0].lessons_read == 0
    assert quick.courses[0].knowledge.modules[0] == queries.KnowledgeRow(SENDING.id, 2, 50, 88)
    assert [row.key for row in quick.courses[0].knowledge.by["township"]] == ["Mawlamyine"]
