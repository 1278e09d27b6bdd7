"""Facilitators: groups, registration, cards, attendance, paper results, the group board, present mode."""
import re
from datetime import date, timedelta

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func, select

from learning.audit.models import AuditEntry
from learning.certificates.models import Certificate
from learning.facilitate.models import AttendanceRecord, Group, GroupSession
from learning.households.models import Household, Member
from learning.learn.models import LessonRead, QuizAttempt, Source
from tests.builders import PIN, make_group, make_household, make_staff
from tests.conftest import csrf_token
from tests.web.test_certificates import CATALOG

MODULE = CATALOG.course("money-and-migration").module("sending-money-home")


@pytest.fixture
def facilitator(auth):
    return auth.staff_client("facilitator", townships=("MMR011001", "MMR011005"))


@pytest.fixture
def group(db, facilitator, household):
    made = make_group(db, facilitator[1], [household])
    db.commit()
    return made


def fresh(db):
    db.rollback()
    db.expire_all()


def _token(client, url="/facilitate/groups"):
    return csrf_token(client.get(url).text)


def test_a_facilitator_creates_a_group_in_their_own_township(facilitator, db):
    client, staff = facilitator
    response = client.post("/facilitate/groups", data={
        "csrf_token": _token(client), "name": "ကျောက်တန်း အုပ်စု", "township": "MMR011005", "village": "ကျောက်တန်း",
        "start_date": "2026-11-20"})
    assert response.status_code == 302
    fresh(db)
    (group,) = db.scalars(select(Group)).all()
    assert (group.facilitator_id, group.township_pcode, group.start_date) == (staff.id, "MMR011005", date(2026, 11, 20))


def test_a_group_cannot_be_made_outside_the_facilitators_townships(facilitator, db):
    client, _ = facilitator
    response = client.post("/facilitate/groups?lang=en", data={
        "csrf_token": _token(client), "name": "X", "township": "MMR003001", "village": "Y", "start_date": "2026-11-20"})
    assert response.status_code == 400 and "Not a valid choice" in response.text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Group)) == 0


def test_bad_group_input_gets_messages_and_saves_nothing(facilitator, db):
    client, _ = facilitator
    response = client.post("/facilitate/groups?lang=en", data={
        "csrf_token": _token(client), "name": "", "township": "MMR011001", "village": "", "start_date": "soon"})
    assert response.status_code == 400
    assert "Enter a name for the group." in response.text and "Enter the village." in response.text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Group)) == 0


def test_households_join_a_group_by_code_and_the_board_lists_their_members(facilitator, db, group):
    client, staff = facilitator
    other = make_household(db, members=2, code="JOIN-0001")
    other.consent_recorded_by_id = staff.id  # registered by this facilitator, in no group yet
    db.commit()
    response = client.post(f"/facilitate/groups/{group.id}/households", data={
        "csrf_token": _token(client), "code": "join 0001"})
    assert response.status_code == 302
    board = client.get(f"/facilitate/groups/{group.id}?lang=en").text
    for member in db.scalars(select(Member)).all():
        assert member.name in board


def test_a_household_of_another_facilitator_cannot_join(facilitator, app, db, group):
    client, _ = facilitator
    stranger = make_staff(db, role="facilitator", username="stranger", townships=("MMR011001",))
    theirs = make_household(db, members=1, code="THEI-RS01")
    make_group(db, stranger, [theirs], name="Theirs")
    db.commit()
    response = client.post(f"/facilitate/groups/{group.id}/households", data={
        "csrf_token": _token(client), "code": theirs.code})
    assert response.status_code == 303
    fresh(db)
    assert db.get(Household, theirs.id).group_id != group.id


REGISTRATION = {
    "township": "MMR011001", "village": "ရွာသစ်", "phone": "09 421 555 777", "consent_language": "my",
    "members-0-name": "ဒေါ်ခင်ခင်ဝင်း", "members-0-father_name": "ဦးဘအုန်း", "members-0-sex": "female",
    "members-0-birth_year": "၁၉၇၈", "members-0-relation": "head", "members-0-language": "my",
    "members-1-name": "ၼၢင်းသႅင်ၶမ်း", "members-1-father_name": "ၸၢႆးမူၼ်း", "members-1-sex": "female",
    "members-1-birth_year": "2002", "members-1-relation": "child", "members-1-language": "shn",
    "consent": "y",
}


def _register(client, data, url="/facilitate/register?lang=en"):
    page = client.get(url).text
    submission = re.search(r'name="submission_id" value="([^"]+)"', page).group(1)
    return client.post(url, data={**data, "csrf_token": csrf_token(page), "submission_id": submission}), submission


def test_registration_creates_the_household_with_consent_and_shows_the_pin_once(app, auth, facilitator, db):
    client, staff = facilitator
    response, _ = _register(client, REGISTRATION)
    assert response.status_code == 200
    pin = re.search(r"PIN:</?\w*>?\s*<strong>(\d{6})</strong>", response.text) or re.search(r"<strong>(\d{6})</strong>",
                                                                                          response.text)
    code = re.search(r"<strong>([0-9A-Z]{4}-[0-9A-Z]{4})</strong>", response.text).group(1)
    assert 'src="data:image/png;base64,' in response.text  # the QR code of the sign-in page
    fresh(db)
    household = db.scalar(select(Household))
    assert household.code == code and household.consent_recorded_by_id == staff.id
    assert household.consent_language == "my" and household.consent_text_version and household.phone == "09421555777"
    assert [m.birth_year for m in household.members] == [1978, 2002]
    assert household.members[1].name == "ၼၢင်းသႅင်ၶမ်း"  # Shan kept exactly
    assert auth.on(app.test_client()).household(code, pin.group(1)).status_code == 302
    assert db.scalar(select(AuditEntry.action).where(AuditEntry.subject_id == household.id)) == "household.register"


def test_a_zawgyi_name_is_stored_as_unicode(facilitator, db):
    client, _ = facilitator
    _register(client, {**REGISTRATION, "members-0-name": "ေဒၚခင္ခင္ဝင္း"})
    fresh(db)
    assert db.scalar(select(Member.name).where(Member.birth_year == 1978)) == "ဒေါ်ခင်ခင်ဝင်း"


def test_registration_without_consent_saves_nothing(facilitator, db):
    client, _ = facilitator
    data = {k: v for k, v in REGISTRATION.items() if k != "consent"}
    response, _ = _register(client, data)
    assert response.status_code == 400 and "nobody is registered without consent" in response.text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Household)) == 0


def test_bad_member_rows_say_what_is_wrong(facilitator, db):
    client, _ = facilitator
    response, _ = _register(client, {**REGISTRATION, "members-1-birth_year": "20o2", "members-0-father_name": ""})
    assert response.status_code == 400
    assert "Enter the year of birth with four digits" in response.text
    assert "Enter the father&#39;s name." in response.text or "Enter the father's name." in response.text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Household)) == 0


def test_the_consent_text_is_shown_in_the_households_language(facilitator):
    client, _ = facilitator
    page = client.get("/facilitate/register?lang=en").text
    token = csrf_token(page)
    shown = client.post("/facilitate/register?lang=en", data={
        "csrf_token": token, "consent_language": "shn", "refresh": "consent"})
    assert shown.status_code == 200
    assert '<blockquote class="consent" lang="shn">' in shown.text


def test_possible_duplicates_are_shown_before_saving(facilitator, db):
    client, _ = facilitator
    _register(client, REGISTRATION)
    again, _ = _register(client, REGISTRATION)
    assert again.status_code == 400 and "registered already" in again.text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Household)) == 1
    confirmed, _ = _register(client, {**REGISTRATION, "same_people": "y"})
    assert confirmed.status_code == 200
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Household)) == 2


def test_the_same_person_a_few_years_off_or_with_another_title_is_shown_as_a_possible_duplicate(facilitator, db):
    """ဒေါ်ခင်ခင်ဝင်း born 1978 and မခင်ခင်ဝင်း born 1975, daughter of ဦးဘအုန်း / ကိုဘအုန်း, in the same village."""
    client, _ = facilitator
    _register(client, REGISTRATION)
    again, _ = _register(client, {**REGISTRATION, "members-0-name": "မခင်ခင်ဝင်း", "members-0-father_name": "ကိုဘအုန်း",
                                  "members-0-birth_year": "1975", "members-1-name": "ၼၢင်းၶမ်းမွၼ်း"})
    assert again.status_code == 400 and "registered already" in again.text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Household)) == 1
    # four years off, or another father, is someone else
    for change in ({"members-0-birth_year": "1974", "members-1-name": "ၼၢင်းၶမ်းမွၼ်း"},
                   {"members-0-father_name": "ဦးဘကြည်", "members-1-name": "ၼၢင်းဢွၼ်ႇ"}):
        other, _ = _register(client, {**REGISTRATION, "members-0-name": "မခင်ခင်ဝင်း", **change})
        assert other.status_code == 200, change


def test_titles_are_set_aside_but_not_a_name_s_own_letters():
    from learning.households.services import name_key

    assert name_key("ဒေါ်ခင်မြင့်") == name_key("မခင်မြင့်") == name_key("ခင်မြင့်")
    assert name_key("ဦးဘအုန်း") == name_key("ကိုဘအုန်း") == name_key("မောင်ဘအုန်း")
    assert name_key("မြင့်မြင့်") == "မြင့်မြင့်"  # မ followed by its own medial is a letter of the name
    assert name_key("Daw Khin Khin") == name_key("Ma Khin  Khin") == "khinkhin"
    assert name_key("Maung Maung") == "maung"  # a title is taken off the front only while something follows


def test_a_double_tap_registers_one_household(facilitator, db):
    client, _ = facilitator
    page = client.get("/facilitate/register").text
    submission = re.search(r'name="submission_id" value="([^"]+)"', page).group(1)
    data = {**REGISTRATION, "csrf_token": csrf_token(page), "submission_id": submission}
    first = client.post("/facilitate/register?lang=en", data=data)
    second = client.post("/facilitate/register?lang=en", data=data)
    assert first.status_code == second.status_code == 200
    assert "registered already" in second.text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Household)) == 1


def test_group_cards_give_new_pins_and_print_one_card_per_household(auth, facilitator, group, household):
    client, _ = facilitator
    confirm = client.get(f"/facilitate/groups/{group.id}/cards?lang=en")
    assert "new PIN" in confirm.text
    assert f'value="{household.id}">' in confirm.text  # it has a card already: not chosen at first
    nothing = client.post(f"/facilitate/groups/{group.id}/cards?lang=en", data={"csrf_token": csrf_token(confirm.text)})
    assert nothing.status_code == 400 and "Choose at least one household." in nothing.text
    assert auth.on(client.application.test_client()).household(household.code, PIN).status_code == 302
    response = client.post(f"/facilitate/groups/{group.id}/cards", data={"csrf_token": csrf_token(confirm.text),
                                                                         "households": household.id})
    assert response.mimetype == "application/pdf"
    text = pdfium.PdfDocument(response.data)[0].get_textpage().get_text_range()
    assert household.code in text
    new_pin = re.search(r"(\d{6})", text.split(household.code, 1)[1]).group(1)
    anyone = client.application.test_client()
    assert auth.on(anyone).household(household.code, PIN).status_code == 400  # the old card no longer works
    assert auth.on(anyone).household(household.code, new_pin).status_code == 302


def _session_form(client, group):
    page = client.get(f"/facilitate/groups/{group.id}/sessions/new?lang=en").text
    return csrf_token(page), re.search(r'name="submission_id" value="([^"]+)"', page).group(1)


def test_attendance_is_one_post_and_present_members_read_the_lessons_covered(facilitator, db, group, household):
    client, staff = facilitator
    token, submission = _session_form(client, group)
    first, second, third = household.members
    data = {"csrf_token": token, "submission_id": submission, "held_on": "2026-11-26",
            "lessons": ["money-and-migration/sending-money-home/ways-to-send",
                        "money-and-migration/sending-money-home/true-cost"],
            f"attendance-{first.id}": "present", f"attendance-{second.id}": "absent",
            f"attendance-{third.id}": "excused"}
    assert client.post(f"/facilitate/groups/{group.id}/sessions/new", data=data).status_code == 302
    assert client.post(f"/facilitate/groups/{group.id}/sessions/new", data=data).status_code == 302  # double tap
    fresh(db)
    assert db.scalar(select(func.count()).select_from(GroupSession)) == 1
    statuses = {r.member_id: r.status.value for r in db.scalars(select(AttendanceRecord))}
    assert statuses == {first.id: "present", second.id: "absent", third.id: "excused"}
    reads = db.scalars(select(LessonRead)).all()
    assert {(r.member_id, r.lesson_id, r.source, r.recorded_by_id) for r in reads} == {
        (first.id, "ways-to-send", Source.FACILITATOR, staff.id), (first.id, "true-cost", Source.FACILITATOR, staff.id)}


def test_saving_the_same_session_again_opens_the_first_for_editing(facilitator, db, group, household):
    """Save, Back, Save: the second form carries a new submission id, but the same day and lessons."""
    client, staff = facilitator
    first, second, third = household.members
    lessons = ["money-and-migration/sending-money-home/true-cost"]
    statuses = {f"attendance-{first.id}": "present", f"attendance-{second.id}": "absent",
                f"attendance-{third.id}": "present"}
    token, submission = _session_form(client, group)
    url = f"/facilitate/groups/{group.id}/sessions/new?lang=en"
    client.post(url, data={"csrf_token": token, "submission_id": submission, "held_on": "2026-11-26",
                           "lessons": lessons, **statuses})
    token, again = _session_form(client, group)
    response = client.post(url, data={"csrf_token": token, "submission_id": again, "held_on": "2026-11-26",
                                      "lessons": lessons, **statuses, f"attendance-{second.id}": "present"})
    fresh(db)
    [saved] = db.scalars(select(GroupSession)).all()
    assert response.status_code == 302 and response.location.endswith(f"/sessions/{saved.id}")
    assert {r.member_id: r.status.value for r in db.scalars(select(AttendanceRecord))}[second.id] == "absent"

    page = client.get(f"/facilitate/groups/{group.id}/sessions/{saved.id}?lang=en").text
    assert "was saved before" in page and 'name="held_on"' not in page
    assert re.search(rf'name="attendance-{second.id}" value="absent" checked', page)
    edit = {"csrf_token": csrf_token(page), **statuses, f"attendance-{second.id}": "present"}
    for _ in range(2):  # saving the correction twice changes nothing more
        assert client.post(f"/facilitate/groups/{group.id}/sessions/{saved.id}", data=edit).status_code == 302
    fresh(db)
    assert db.scalar(select(func.count()).select_from(GroupSession)) == 1
    assert {r.member_id: r.status.value for r in db.scalars(select(AttendanceRecord))} == {
        first.id: "present", second.id: "present", third.id: "present"}
    assert {(r.member_id, r.lesson_id) for r in db.scalars(select(LessonRead))} == {
        (m.id, "true-cost") for m in household.members}
    # another day, or other lessons, is another session
    token, other = _session_form(client, group)
    client.post(url, data={"csrf_token": token, "submission_id": other, "held_on": "2026-11-27",
                           "lessons": lessons, **statuses})
    fresh(db)
    assert db.scalar(select(func.count()).select_from(GroupSession)) == 2


def test_a_session_of_another_group_cannot_be_edited(facilitator, db, group, household):
    client, staff = facilitator
    other = make_group(db, staff, [], name="Other")
    session = GroupSession(group_id=other.id, held_on=date(2026, 11, 20), lessons=[], submission_id="x" * 20,
                           recorded_by_id=staff.id)
    db.add(session)
    db.commit()
    assert client.get(f"/facilitate/groups/{group.id}/sessions/{session.id}").status_code == 404


def test_attendance_with_a_missing_status_or_future_date_saves_nothing(facilitator, db, group, household):
    client, _ = facilitator
    token, submission = _session_form(client, group)
    future = (date.today() + timedelta(days=2)).isoformat()
    response = client.post(f"/facilitate/groups/{group.id}/sessions/new?lang=en", data={
        "csrf_token": token, "submission_id": submission, "held_on": future,
        f"attendance-{household.members[0].id}": "maybe"})
    assert response.status_code == 400
    assert "cannot be in the future" in response.text and "Choose present, absent or excused." in response.text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(GroupSession)) == 0


def _paper_form(client, group, module_id="sending-money-home"):
    page = client.get(f"/facilitate/groups/{group.id}/paper/money-and-migration/{module_id}?lang=en").text
    return csrf_token(page), re.search(r'name="submission_id" value="([^"]+)"', page).group(1)


def _cells(member, typed_answers: dict) -> dict:
    return {f"m{member.id}-{qid}": value for qid, value in typed_answers.items()}


def right_cells(module=MODULE, style="letters"):
    answers = {}
    for q in module.quiz.questions:
        if q.type == "number":
            answers[q.id] = str(int(q.answer))
        else:
            keys = [q.answer] if q.type == "single" else list(q.answer)
            positions = [q.options.index(k) for k in keys]
            answers[q.id] = ", ".join(str(p + 1) if style == "numbers" else "abcdefgh"[p].upper() for p in positions)
    return answers


def test_paper_results_are_scored_and_saved_as_facilitator_attempts(facilitator, db, group, household):
    client, staff = facilitator
    token, submission = _paper_form(client, group)
    first, second, _third = household.members
    wrong = {qid: ("9" if MODULE.quiz.question(qid).type == "number" else "1") for qid in right_cells()}
    data = {"csrf_token": token, "submission_id": submission, **_cells(first, right_cells()),
            **_cells(second, wrong)}
    assert client.post(f"/facilitate/groups/{group.id}/paper/money-and-migration/sending-money-home", data=data).status_code == 302
    assert client.post(f"/facilitate/groups/{group.id}/paper/money-and-migration/sending-money-home", data=data).status_code == 302
    fresh(db)
    attempts = {a.member_id: a for a in db.scalars(select(QuizAttempt))}
    assert set(attempts) == {first.id, second.id}  # the third row was empty: no attempt; the retry added none
    assert attempts[first.id].percent == 100 and attempts[first.id].passed
    assert not attempts[second.id].passed
    assert attempts[first.id].source == Source.FACILITATOR and attempts[first.id].recorded_by_id == staff.id


def test_paper_results_accept_numbers_and_burmese_letters(facilitator, db, group, household):
    client, _ = facilitator
    token, submission = _paper_form(client, group)
    cells = right_cells(style="numbers")
    first = household.members[0]
    for qid, value in cells.items():
        if value == "1":
            cells[qid] = "(က)"
    client.post(f"/facilitate/groups/{group.id}/paper/money-and-migration/sending-money-home", data={
        "csrf_token": token, "submission_id": submission, **_cells(first, cells)})
    fresh(db)
    assert db.scalar(select(QuizAttempt.percent)) == 100


def test_paper_results_with_an_unreadable_cell_save_nothing(facilitator, db, group, household):
    client, _ = facilitator
    token, submission = _paper_form(client, group)
    cells = right_cells()
    first_question = MODULE.quiz.questions[0].id
    cells[first_question] = "z"
    response = client.post(f"/facilitate/groups/{group.id}/paper/money-and-migration/sending-money-home?lang=en", data={
        "csrf_token": token, "submission_id": submission, **_cells(household.members[0], cells),
        **_cells(household.members[1], {first_question: "a"})})
    assert response.status_code == 400
    assert "question 1: write an option letter" in response.text
    assert "question 2: there is no answer." in response.text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(QuizAttempt)) == 0


def test_paper_results_for_every_module_issue_the_certificate(facilitator, db, group, household):
    client, staff = facilitator
    member = household.members[0]
    for module in CATALOG.course("money-and-migration").modules:
        token, submission = _paper_form(client, group, module.id)
        client.post(f"/facilitate/groups/{group.id}/paper/money-and-migration/{module.id}", data={
            "csrf_token": token, "submission_id": submission, **_cells(member, right_cells(module))})
    fresh(db)
    certificate = db.scalar(select(Certificate))
    assert certificate.member_id == member.id and certificate.issued_by_id == staff.id
    board = client.get(f"/facilitate/groups/{group.id}?lang=en").text
    assert certificate.code in board
    batch = client.get(f"/facilitate/groups/{group.id}/certificates.pdf")
    assert batch.mimetype == "application/pdf" and len(pdfium.PdfDocument(batch.data)) == 1


def test_paper_results_keep_the_day_of_the_session_they_were_answered_in(facilitator, db, group, household):
    """Results typed in days later: the attempts, the day the member passed and the certificate's date are the
    session's day, not the day they were typed in."""
    from learning import clock

    client, _ = facilitator
    member = household.members[0]
    page = client.get(f"/facilitate/groups/{group.id}/paper/money-and-migration/sending-money-home?lang=en").text
    assert f'name="held_on" value="{clock.today().isoformat()}"' in page  # today unless changed
    held_on = clock.today() - timedelta(days=9)
    for module in CATALOG.course("money-and-migration").modules:
        token, submission = _paper_form(client, group, module.id)
        response = client.post(f"/facilitate/groups/{group.id}/paper/money-and-migration/{module.id}", data={
            "csrf_token": token, "submission_id": submission, "held_on": held_on.isoformat(),
            **_cells(member, right_cells(module))})
        assert response.status_code == 302
    fresh(db)
    assert {clock.myanmar_date(a.answered_at) for a in db.scalars(select(QuizAttempt))} == {held_on}
    certificate = db.scalar(select(Certificate))
    assert certificate.member_id == member.id and certificate.completed_on == held_on


@pytest.mark.parametrize("typed, message", [
    ("future", "The session cannot be in the future."), ("2026-02-30", "Enter the date of the session."),
    ("", "Enter the date of the session."), ("0001-01-01", "Enter the date of the session."),
])
def test_paper_results_with_a_wrong_session_day_save_nothing(facilitator, db, group, household, typed, message):
    from learning import clock

    client, _ = facilitator
    token, submission = _paper_form(client, group)
    day = (clock.today() + timedelta(days=1)).isoformat() if typed == "future" else typed
    cells = _cells(household.members[0], right_cells())
    response = client.post(f"/facilitate/groups/{group.id}/paper/money-and-migration/sending-money-home?lang=en",
                           data={"csrf_token": token, "submission_id": submission, "held_on": day, **cells})
    assert response.status_code == 400 and message in response.text
    name, value = next(iter(cells.items()))
    assert f'name="held_on" value="{day}"' in response.text and f'name="{name}" value="{value}"' in response.text
    fresh(db)
    assert db.scalar(select(func.count()).select_from(QuizAttempt)) == 0


def test_present_mode_shows_one_section_at_a_time_in_every_language(client):
    base = "/learn/money-and-migration/sending-money-home/true-cost/present"
    for code in ("my", "shn", "mnw", "ksw", "cnh", "en"):
        first = client.get(f"{base}?lang={code}")
        assert first.status_code == 200 and 'class="present"' in first.text
        assert "section=2" in first.text
    last = client.get(f"{base}?section=99")
    assert last.status_code == 404
    english = client.get(f"{base}?lang=en&section=1").text
    lesson = CATALOG.course("money-and-migration").module("sending-money-home").lesson("true-cost")
    assert lesson.texts["en"].title in english


@pytest.mark.parametrize("path", [
    "/facilitate/groups/{g}", "/facilitate/groups/{g}/sessions/new", "/facilitate/groups/{g}/paper/money-and-migration/sending-money-home",
    "/facilitate/groups/{g}/cards", "/facilitate/register?group_id={g}", "/facilitate/households/{h}",
])
def test_every_facilitator_page_is_404_for_another_facilitators_group(auth, group, household, path):
    url = path.format(g=group.id, h=household.id)
    other, _ = auth.staff_client("facilitator", townships=("MMR011001",))
    assert other.get(url).status_code == 404


@pytest.mark.parametrize("path", [
    "/facilitate/groups/{g}", "/facilitate/groups/{g}/sessions/new", "/facilitate/groups/{g}/paper/money-and-migration/sending-money-home",
    "/facilitate/groups/{g}/cards", "/facilitate/register?group_id={g}", "/facilitate/households/{h}",
])
def test_every_facilitator_page_is_200_for_their_own_group(facilitator, group, household, path):
    client, _ = facilitator
    assert client.get(path.format(g=group.id, h=household.id)).status_code == 200


@pytest.mark.parametrize("path", [
    "/facilitate/groups/{g}/households", "/facilitate/groups/{g}/sessions/new",
    "/facilitate/groups/{g}/paper/money-and-migration/sending-money-home", "/facilitate/groups/{g}/cards",
    "/facilitate/households/{h}/unlock", "/facilitate/households/{h}/new-pin",
])
def test_every_facilitator_action_is_404_for_another_facilitators_group(auth, group, household, path):
    other, _ = auth.staff_client("facilitator", townships=("MMR011001",))
    token = _token(other)
    response = other.post(path.format(g=group.id, h=household.id), data={
        "csrf_token": token, "code": household.code, "submission_id": "x" * 20})
    assert response.status_code == 404


def test_coordinators_see_groups_in_their_states_only(auth, group):
    mon, _ = auth.staff_client("coordinator", states=("MMR011",))
    kayin, _ = auth.staff_client("coordinator", states=("MMR003",))
    assert mon.get(f"/facilitate/groups/{group.id}").status_code == 200
    assert kayin.get(f"/facilitate/groups/{group.id}").status_code == 404
    assert group.name not in kayin.get("/facilitate/groups").text


def test_paper_results_and_their_sheets_keep_the_printed_order(facilitator, db, group, household):
    client, _ = facilitator
    url = f"/facilitate/groups/{group.id}/paper/money-and-migration/{MODULE.id}"
    page = client.get(url + "?lang=en").text
    submission = re.search(r'name="submission_id" value="([^"]+)"', page).group(1)
    member = household.members[0]
    data = {"csrf_token": csrf_token(page), "submission_id": submission,
            **{f"m{member.id}-{qid}": value for qid, value in right_cells().items()}}
    assert client.post(url, data=data).status_code == 302
    fresh(db)
    (attempt,) = db.scalars(select(QuizAttempt)).all()
    assert attempt.option_order is None and attempt.percent == 100
