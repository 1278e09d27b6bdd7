"""Fuzzing the coordinators' and admins' pages: dashboard and export filters, the audit log, stored text in
the exports, certificate verification, and the staff account forms."""
import csv
import io
import re
from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.auth.models import Role, Staff
from learning.i18n.languages import LANGUAGES
from tests.builders import make_household, make_staff
from tests.conftest import csrf_token
from tests.fuzz import strategies as fz
from tests.web.test_reports import two_states  # noqa: F401  (a fixture: one household in Mon, one in Shan)

FILTERS = {
    "state": st.sampled_from(["", "MMR011", "MMR014"]),
    "township": st.sampled_from(["", "MMR011001", "MMR014001"]),
    "group": st.sampled_from(["", "1", "2"]),
    "course": st.sampled_from(["", "money-and-migration"]),
    "since": st.sampled_from(["", "2026-01-01"]),
    "until": st.sampled_from(["", "2026-12-31"]),
    "pseudonymised": st.sampled_from(["", "1", "0"]),
}


@st.composite
def filters(draw):
    """A query string: a few filters, each a value from the form or anything at all."""
    chosen = sorted(draw(st.sets(st.sampled_from(sorted(FILTERS)), max_size=4)))  # a set's order varies
    query = {name: draw(fz.sometimes(FILTERS[name], fz.dates if name in ("since", "until") else fz.text))
             for name in chosen}
    query.update(draw(fz.extra_fields(max_size=2)))
    return query


def xlsx_rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))


@pytest.fixture
def coordinator(auth, two_states):  # noqa: F811 (the fixture imported above)
    client, _ = auth.staff_client("coordinator", states=("MMR011",))
    return client


@given(query=filters(), lang=st.sampled_from(list(LANGUAGES)),
       page=st.sampled_from(["/reports/", "/reports/completions.csv", "/reports/completions.xlsx"]))
@example(query={"group": "²"}, lang="en", page="/reports/completions.csv")
@example(query={"group": "9" * 20}, lang="en", page="/reports/")  # past any id a database holds
@example(query={"since": "0001-01-01", "until": "9999-12-31"}, lang="en", page="/reports/")
@example(query={"since": "2026-01-01"}, lang="en", page="/reports/completions.xlsx")
def test_report_filters_give_the_page_or_400_and_only_an_export_is_audited(coordinator, db, watch, query, lang,
                                                                          page):
    before = watch.start()
    response = watch.get(coordinator, page, {200, 400}, query={**query, "lang": lang})
    changed = watch.changes(before)
    if response.status_code != 200 or page == "/reports/":
        assert changed == {}
        return
    assert changed == {"audit_log": 1}
    entry = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "export.completions"
    if page.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8")[1:])))
    else:
        rows = xlsx_rows(response.data)
    assert len(rows) - 1 == entry.details["rows"]
    assert all("SHAN-0001" not in str(row) for row in rows)  # never outside the coordinator's area


@given(before_id=st.one_of(fz.numbers, st.integers().map(str)))
@example(before_id="9" * 20)
def test_the_audit_log_pages_by_any_number(coordinator, watch, before_id):
    before = watch.start()
    watch.get(coordinator, "/reports/audit", {200}, query={"before": before_id})
    assert watch.changes(before) == {}


@pytest.fixture
def admin(auth):
    client, _ = auth.staff_client("admin")
    return client


@given(names=st.lists(fz.text, min_size=3, max_size=3), phone=fz.numbers,
       fmt=st.sampled_from(["csv", "xlsx"]), pseudonymised=st.booleans())
@example(names=["a\x01b", "=1+1", "\x00"], phone="09\x0b421", fmt="xlsx", pseudonymised=False)
def test_exports_carry_whatever_text_was_stored(app, db, admin, watch, names, phone, fmt, pseudonymised):
    """Names come from registration, imports and older versions: the exports must survive any of them."""
    names = [n.replace("\x00", "") for n in names]  # PostgreSQL holds no NUL
    phone = phone.replace("\x00", "")
    household = make_household(db, members=2, township="MMR011001")
    household.village, household.phone = names[0][:120], phone[:32]
    household.members[0].name, household.members[1].father_name = names[1][:120], names[2][:120]
    db.commit()
    before = watch.start()
    response = watch.check(admin.get(f"/reports/completions.{fmt}",
                                     query_string={"pseudonymised": "1" if pseudonymised else ""}), {200})
    assert watch.changes(before) == {"audit_log": 1}
    if fmt == "xlsx":
        rows = xlsx_rows(response.data)
    else:
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8")[1:])))
    assert household.code in str(rows) or pseudonymised
    db.delete(household)
    db.commit()


@given(code=st.one_of(st.sampled_from(["7KQ4-M2XD-9P4T", "7kq4 m2xd 9p4t", "OIL0-0000-0000"]), fz.text))
def test_verifying_any_code_answers_with_a_page(client, watch, code):
    before = watch.start()
    typed = watch.get(client, "/verify", {200, 302, 400}, query={"code": code})
    if typed.status_code == 302:
        assert typed.headers["Location"].startswith("/v/")
    watch.check(client.get(f"/v/{quote(code, safe='')}"), {200, 404, 308})
    assert watch.changes(before) == {}


ROLES = [r.value for r in Role]
STATES = ["MMR011", "MMR014"]
ALL_TOWNSHIPS = ["MMR011001", "MMR011005", "MMR014001"]


@st.composite
def new_staff(draw):
    """The new-account form: a role with the scope it needs, or with any field changed."""
    role = draw(st.sampled_from(ROLES))
    good = {"username": st.from_regex(r"[A-Za-z0-9._-]{1,64}", fullmatch=True),
            "display_name": st.sampled_from(["Daw Aye", "ဒေါ်အေး", "ၼၢင်းသႅင်"]),
            "password": st.sampled_from(["long enough password", "x" * 200]), "role": st.just(role),
            "states": st.lists(st.sampled_from(STATES), min_size=role == "coordinator", unique=True,
                               max_size=2 if role == "coordinator" else 0),
            "townships": st.lists(st.sampled_from(ALL_TOWNSHIPS), min_size=role == "facilitator", unique=True,
                                  max_size=3 if role == "facilitator" else 0)}
    bad = {"states": st.lists(fz.sometimes(st.sampled_from(STATES)), max_size=3),
           "townships": st.lists(fz.sometimes(st.sampled_from(ALL_TOWNSHIPS)), max_size=3),
           "role": fz.sometimes(st.sampled_from(ROLES))}
    return draw(fz.forms(good, bad))


@given(form=new_staff())
@example(form={"username": "ok\n", "display_name": "x", "password": "long enough password",
               "role": "facilitator", "townships": ["MMR011001"]})
@example(form={"username": "ok.name", "display_name": "a\x00", "password": "long enough password",
               "role": "admin"})
def test_a_staff_account_is_created_whole_or_not_at_all(db, admin, watch, form):
    token = csrf_token(admin.get("/admin/staff").text)
    before = watch.start()
    response = watch.post(admin, "/admin/staff", {302, 400}, data={**form, "csrf_token": token})
    changed = watch.changes(before)
    if response.status_code != 302:
        assert changed == {}
        return
    created = db.scalars(select(Staff).order_by(Staff.id.desc())).first()
    assert created.username == form["username"].strip()
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,64}", created.username)
    assert created.display_name and len(created.display_name) <= 120 and "\x00" not in created.display_name
    expected = {"staff": 1, "audit_log": 1}
    if created.role is Role.COORDINATOR:
        assert {s.pcode for s in created.states} == set(form["states"]) and created.states
        expected["staff_states"] = len(created.states)
    if created.role is Role.FACILITATOR:
        assert {t.pcode for t in created.townships} == set(form["townships"]) and created.townships
        expected["staff_townships"] = len(created.townships)
    assert changed == expected


@pytest.fixture
def facilitator_account(db):
    made = make_staff(db, role="facilitator", username="ko.min", townships=("MMR011001",))
    db.commit()
    return made


@given(townships=st.one_of(st.lists(st.sampled_from(ALL_TOWNSHIPS), min_size=1, max_size=3, unique=True),
                          st.lists(fz.sometimes(st.sampled_from(ALL_TOWNSHIPS)), max_size=3)),
       staff_id=st.one_of(st.none(), st.none(), st.sampled_from(["0", "9" * 20, "-1"])))
@example(townships=[], staff_id="9" * 20)
def test_a_facilitators_townships_are_saved_whole_or_not_at_all(db, admin, facilitator_account, watch,
                                                                townships, staff_id):
    url = f"/admin/staff/{staff_id or facilitator_account.id}/townships"
    token = csrf_token(admin.get("/admin/staff").text)
    before = watch.start()
    previous = {t.pcode for t in db.get(Staff, facilitator_account.id).townships}
    response = watch.post(admin, url, {302, 400, 404}, data={"csrf_token": token, "townships": townships})
    changed = watch.changes(before)
    saved = {t.pcode for t in db.get(Staff, facilitator_account.id).townships}
    if response.status_code == 302:
        assert saved == set(townships) and saved
        assert set(changed) <= {"staff_townships", "audit_log"} and changed.get("audit_log") == 1
    else:
        assert changed == {} and saved == previous
