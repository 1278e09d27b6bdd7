"""Fuzzing the facilitators' forms: registration, new groups, attendance and paper results."""
import unicodedata
from datetime import date
from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.clock import myanmar_date, today
from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog
from learning.facilitate.models import AttendanceRecord, Group, GroupSession
from learning.households.models import Household
from learning.i18n.languages import LANGUAGES
from learning.learn.models import QuizAttempt
from tests.builders import make_group, make_household
from tests.conftest import csrf_token
from tests.fuzz import strategies as fz

TOWNSHIPS = ("MMR011001", "MMR011005")
CATALOG = load_catalog(PROJECT_ROOT / "courses")
MODULES = CATALOG.courses[0].modules
LANG = st.sampled_from(list(LANGUAGES))


def clean_text(value: str, limit: int = 120) -> bool:
    """What a name or a village may be once saved: something, NFC, trimmed, within the column, no NUL."""
    return bool(value) and value == value.strip() and len(value) <= limit and "\x00" not in value \
        and unicodedata.is_normalized("NFC", value)


@pytest.fixture
def facilitator(auth):
    return auth.staff_client("facilitator", townships=TOWNSHIPS)


@pytest.fixture
def group(db, facilitator):
    made = make_group(db, facilitator[1], [make_household(db, members=3, code="GRUP-0001")])
    db.commit()
    return made


def member_ids(db, group) -> list[int]:
    """The ids of the group's members, in order."""
    household = db.scalars(select(Household).where(Household.group_id == group.id)).one()
    return sorted(m.id for m in household.members)


MEMBER_FIELDS = ["name", "father_name", "sex", "birth_year", "relation", "language"]
GOOD_MEMBER = {"name": st.sampled_from(fz.SCRIPTS + fz.ZAWGYI[:-2]), "father_name": st.just("ဦးဘအုန်း"),
               "sex": st.sampled_from(["female", "male", "other"]),
               "birth_year": st.sampled_from(["၁၉၇၈", "1990", "႑႙႙႐", " 2001 "]), "relation": st.just("head"),
               "language": LANG}
GOOD_HOUSEHOLD = {"township": st.sampled_from(TOWNSHIPS), "village": st.sampled_from(["ရွာသစ်", "ၵုင်းမူၼ်"]),
                  "phone": st.sampled_from(["", "09 421 555 777", "+959421555777", "၀၉၄၂၁၅၅၅၇၇၇"]),
                  "consent_language": LANG, "consent": st.just("y"),
                  "same_people": st.just("y")}  # the same names come back in later examples


@st.composite
def registrations(draw):
    """A registration form of one to four members, as a person could send it, or with fields changed."""
    good = dict(GOOD_HOUSEHOLD)
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        good.update({f"members-{index}-{field}": value for field, value in GOOD_MEMBER.items()})
    bad = {name: fz.numbers for name in good if name.endswith(("birth_year", "phone"))}
    extra = st.one_of(fz.row_keys("members", MEMBER_FIELDS), st.sampled_from(["refresh", "same_people"]))
    return draw(fz.forms(good, bad, extra_names=extra, max_fuzzed=6))


ONE_MEMBER = {"township": "MMR011001", "village": "ရွာ", "consent": "y", "members-0-name": "မောင်မောင်",
              "members-0-father_name": "ဦးဘ", "members-0-birth_year": "1990", "same_people": "y"}


@given(form=registrations(), submission_id=fz.submission_ids, lang=LANG,
       group_id=st.one_of(st.none(), st.just("group"), fz.numbers))
@example(form={**ONE_MEMBER, "members-0-birth_year": "¹⁹⁹⁰"}, submission_id="a" * 22, lang="en",
         group_id=None)
@example(form={**ONE_MEMBER, "phone": "+" * 40 + "0942155577"}, submission_id="b" * 22, lang="en",
         group_id=None)
@example(form={**ONE_MEMBER, "members-²-name": "x"}, submission_id="c" * 22, lang="en", group_id=None)
@example(form={**ONE_MEMBER, "consent_language": "0"}, submission_id="d" * 22, lang="en", group_id=None)
@example(form={**ONE_MEMBER, "members-0-language": "shn", "members-0-name": "ေမာင္္္" * 18},
         submission_id="e" * 22, lang="my", group_id=None)  # 126 characters, 90 once converted
@example(form=ONE_MEMBER, submission_id="f" * 22, lang="en", group_id="9" * 20)
@example(form=ONE_MEMBER, submission_id="g" * 64, lang="en", group_id=None)
def test_registration_saves_a_whole_household_or_nothing(facilitator, group, db, watch, form, submission_id,
                                                         lang, group_id):
    client, staff = facilitator
    token = csrf_token(client.get("/facilitate/register").text)
    query = {"lang": lang}
    if group_id is not None:
        query["group_id"] = str(group.id) if group_id == "group" else group_id
    before = watch.start()
    response = watch.post(client, "/facilitate/register", {200, 400, 404}, query=query, data={
        **form, "csrf_token": token, "submission_id": fz.fresh(submission_id)})
    changed = watch.changes(before)
    if not changed:  # refused, asked again (Zawgyi, refresh), or a retry of a saved registration
        return
    assert response.status_code == 200
    household = db.scalars(select(Household).order_by(Household.id.desc())).first()
    members = household.members
    assert changed == {"households": 1, "members": len(members), "audit_log": 1}, changed
    assert members and household.code in response.text
    assert household.consent_recorded_by_id == staff.id and household.consent_language in LANGUAGES
    assert household.township_pcode in TOWNSHIPS and clean_text(household.village)
    assert household.phone is None or (len(household.phone) <= 32 and household.phone.lstrip("+").isascii()
                                       and household.phone.lstrip("+").isdigit())
    for member in members:
        assert clean_text(member.name) and clean_text(member.father_name), (member.name, member.father_name)
        assert 1900 <= member.birth_year <= date.today().year and member.preferred_language in LANGUAGES
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "household.register",
                                               AuditEntry.subject_id == household.id))
    assert entry.details["members"] == len(members)


GOOD_GROUP = {"name": st.sampled_from(["ကျောက်တန်း အုပ်စု", "Group 2", "ၵုမ်ႇ 3"]),
              "township": st.sampled_from(TOWNSHIPS), "village": st.sampled_from(["ကျောက်တန်း", "ၵုင်းမူၼ်"]),
              "start_date": st.dates(min_value=date(2020, 1, 1)).map(date.isoformat)}


@given(form=fz.forms(GOOD_GROUP, {"start_date": fz.dates}), lang=LANG)
@example(form={"name": "a\x00", "township": "MMR011001", "village": "v", "start_date": "2026-11-20"},
         lang="en")
def test_a_new_group_is_saved_whole_or_not_at_all(facilitator, db, watch, form, lang):
    client, staff = facilitator
    token = csrf_token(client.get("/facilitate/groups").text)
    before = watch.start()
    response = watch.post(client, "/facilitate/groups", {302, 400}, query={"lang": lang},
                          data={**form, "csrf_token": token})
    changed = watch.changes(before)
    if response.status_code != 302:
        assert changed == {}
        return
    assert changed == {"groups": 1}
    saved = db.scalars(select(Group).order_by(Group.id.desc())).first()
    assert saved.facilitator_id == staff.id and saved.township_pcode in TOWNSHIPS
    assert clean_text(saved.name) and clean_text(saved.village)


LESSONS = [f"{c.id}/{m.id}/{le.id}" for c in CATALOG.courses for m in c.modules for le in m.lessons]
STATUSES = st.sampled_from(["present", "absent", "excused"])
# The group's three members get ids 1, 2 and 3 (the facilitator's fixture makes them first).
GOOD_SESSION = {
    "held_on": st.dates(min_value=date(2000, 1, 1), max_value=date.today()).map(date.isoformat),
    "lessons": st.lists(st.sampled_from(LESSONS), max_size=4), "submission_id": fz.good_submission_ids,
    **{f"attendance-{member}": STATUSES for member in (1, 2, 3)},
}
BAD_SESSION = {"held_on": fz.dates, "lessons": st.lists(fz.sometimes(st.sampled_from(LESSONS)), max_size=4),
               "submission_id": fz.submission_ids}


@given(form=fz.forms(GOOD_SESSION, BAD_SESSION,
                     extra_names=st.builds("attendance-{}".format, fz.row_index())))
@example(form={"held_on": "2026-01-15", "submission_id": "x" * 64, "attendance-1": "present",
               "attendance-2": "absent", "attendance-3": "excused",
               "attendance-99999999999999999999": "present"})
def test_attendance_is_saved_whole_or_not_at_all(facilitator, group, db, watch, form):
    client, staff = facilitator
    url = f"/facilitate/groups/{group.id}/sessions/new"
    token = csrf_token(client.get(url).text)
    assert member_ids(db, group) == [1, 2, 3]
    if "submission_id" in form:
        form["submission_id"] = fz.fresh(form["submission_id"])
    before = watch.start()
    response = watch.post(client, url, {302, 400}, data={**form, "csrf_token": token})
    changed = watch.changes(before)
    if response.status_code != 302 or "group_sessions" not in changed:  # refused, or a retry of one saved
        assert changed == {}
        return
    assert changed.pop("group_sessions") == 1 and changed.pop("attendance") == 3
    assert set(changed) <= {"lesson_reads"}
    saved = db.scalar(select(GroupSession).where(GroupSession.submission_id == form["submission_id"]))
    assert saved.group_id == group.id and saved.recorded_by_id == staff.id and saved.held_on <= date.today()
    assert set(saved.lessons) <= set(form.get("lessons", [])) & set(LESSONS)
    recorded = {r.member_id: r.status.value for r in db.scalars(
        select(AttendanceRecord).where(AttendanceRecord.session_id == saved.id))}
    assert recorded == {member: form[f"attendance-{member}"] for member in (1, 2, 3)}


def _answer_cells(question) -> st.SearchStrategy:
    """What a facilitator may write in a grid cell for the question: letters, numbers or Burmese letters."""
    if question.type == "number":
        return st.sampled_from([str(int(question.answer)), "5000", "၅၀၀၀", "4.5", "0"])
    count = len(question.options)
    cell = st.integers(0, count - 1).flatmap(
        lambda i: st.sampled_from(["abcd"[i], "ABCD"[i], str(i + 1), "ကခဂဃ"[i], f"({'ကခဂဃ'[i]})"]))
    if question.type == "single":
        return cell
    return st.lists(cell, min_size=1, max_size=count).map(", ".join)


CELLS = st.one_of(st.sampled_from(["a, b", "1 3", "b;c", "²", "9" * 5000, "", "z"]), fz.numbers)


def row_of(name: str) -> int | None:
    """The member id in a grid cell's name (m3-question), if it is one."""
    number = name[1:].split("-")[0]
    return int(number) if name.startswith("m") and number.isascii() and number.isdigit() else None


@st.composite
def paper_grids(draw):
    """The module, and its grid for the group's three members: rows filled in or left empty."""
    module = draw(st.sampled_from(MODULES))
    good = {f"m{member}-{q.id}": _answer_cells(q) for member in (1, 2, 3) for q in module.quiz.questions}
    cells = draw(fz.forms(good, {name: CELLS for name in good}, max_fuzzed=3))
    empty = draw(st.sets(st.integers(1, 3), max_size=2))
    return module, {name: value for name, value in cells.items() if row_of(name) not in empty}


@given(grid=paper_grids(), submission_id=fz.submission_ids,
       module_path=st.one_of(st.none(), fz.text.filter(lambda s: s not in {m.id for m in MODULES})),
       held_on=st.one_of(st.none(), st.dates(min_value=date(2020, 1, 1), max_value=date.today()).map(date.isoformat),
                         fz.dates))
@example(grid=(MODULES[0], {f"m1-{q.id}": "²" for q in MODULES[0].quiz.questions}), submission_id="e" * 22,
         module_path=None, held_on=None)
@example(grid=(MODULES[0], {f"m1-{q.id}": "1" for q in MODULES[0].quiz.questions}), submission_id="f" * 64,
         module_path=None, held_on="0001-01-01")
def test_paper_results_are_saved_whole_or_not_at_all(facilitator, group, db, watch, grid, submission_id,
                                                     module_path, held_on):
    client, staff = facilitator
    module, cells = grid
    url = f"/facilitate/groups/{group.id}/paper/money-and-migration/{quote(module_path, safe='') if module_path else module.id}"
    token = csrf_token(client.get(f"/facilitate/groups/{group.id}").text)
    assert member_ids(db, group) == [1, 2, 3]
    before = watch.start()
    day = {} if held_on is None else {"held_on": held_on}  # the session's day; none: today
    response = watch.post(client, url, {302, 400, 404}, data={
        **cells, **day, "csrf_token": token, "submission_id": fz.fresh(submission_id)})
    changed = watch.changes(before)
    if response.status_code != 302 or not changed:  # refused, or a retry of saved results
        assert changed == {}
        return
    assert changed.pop("quiz_versions", 0) <= 1  # the quiz as it is now, kept once to grade answers sent later
    assert set(changed) <= {"quiz_attempts", "knowledge_scores", "certificates", "audit_log"}
    assert changed.get("certificates", 0) == changed.get("audit_log", 0)  # a certificate is always audited
    filled = {row_of(name) for name, value in cells.items() if value.strip()}
    assert changed["quiz_attempts"] <= len(filled)
    attempts = db.scalars(select(QuizAttempt).order_by(QuizAttempt.id.desc()).limit(changed["quiz_attempts"]))
    for attempt in attempts:
        assert attempt.member_id in filled and attempt.module_id == module.id
        assert attempt.recorded_by_id == staff.id and len(attempt.submission_id) <= 64
        assert myanmar_date(attempt.answered_at) == (today() if held_on is None else date.fromisoformat(held_on))
        assert set(attempt.answers) == {q.id for q in module.quiz.questions}
        assert attempt.percent == attempt.score * 100 // attempt.max_score
        assert attempt.passed == (attempt.percent >= module.quiz.pass_mark)


ADDRESSES = ["/facilitate/groups/{}", "/facilitate/groups/{}/sessions/new", "/facilitate/households/{}",
             "/facilitate/groups/{}/paper/money-and-migration/sending-money-home", "/facilitate/register?group_id={}",
             "/facilitate/import?group_id={}"]


@given(path=st.sampled_from(ADDRESSES),
       number=st.one_of(st.sampled_from(["0", "-1", "2147483647", "2147483648", "9" * 19, "9" * 20, "9" * 400,
                                         "18446744073709551616"]), st.integers(min_value=0).map(str)))
@example(path="/facilitate/groups/{}", number="2147483648")
@example(path="/facilitate/groups/{}", number="9" * 20)
@example(path="/facilitate/register?group_id={}", number="9" * 20)
def test_ids_in_addresses_never_crash(facilitator, group, watch, path, number):
    client, _ = facilitator
    before = watch.start()
    watch.get(client, path.format(number), {200, 404})
    assert watch.changes(before) == {}
