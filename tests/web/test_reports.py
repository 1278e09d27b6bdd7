"""Coordinators: the dashboard, completion exports (CSV, XLSX, command line), the audit log, staff accounts."""
import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from learning.audit.models import AuditEntry
from learning.auth.models import Staff
from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog
from learning.facilitate.models import Group
from tests.builders import make_group, make_household, make_staff
from tests.conftest import csrf_token

CATALOG = load_catalog(PROJECT_ROOT / "courses")


@pytest.fixture
def two_states(app, db):
    """A household in Mon State (Mawlamyine) and one in Shan State (Taunggyi), each in a group."""
    mon_facilitator = make_staff(db, role="facilitator", username="mon.f", townships=("MMR011001",))
    shan_facilitator = make_staff(db, role="facilitator", username="shan.f", townships=("MMR014001",))
    mon = make_household(db, members=2, township="MMR011001", code="MONH-0001")
    shan = make_household(db, members=1, township="MMR014001", code="SHAN-0001", languages=("shn",))
    mon.phone = "09421555777"
    mon.members[0].name = "=HYPERLINK(\"http://evil.example\")"
    make_group(db, mon_facilitator, [mon], township="MMR011001", name="Mon group")
    make_group(db, shan_facilitator, [shan], township="MMR014001", name="Shan group")
    db.commit()
    return mon, shan


@pytest.fixture
def mon_coordinator(auth):
    return auth.staff_client("coordinator", states=("MMR011",))


def test_the_dashboard_counts_only_the_coordinators_area(mon_coordinator, two_states):
    client, _ = mon_coordinator
    page = client.get("/reports/?lang=en")
    assert page.status_code == 200
    html = re.sub(r"\s+", " ", page.text)
    assert "<dt>Households registered</dt><dd>1</dd>" in html
    assert "<dt>Members registered</dt><dd>2</dd>" in html
    assert "<svg" in html
    assert re.findall(r"<script[^>]*>", html) == [re.search(r'<script src="/static/js/offline\.js[^"]*" defer fetchpriority="low">', html)[0]]
    assert "Shan group" not in html


def test_the_group_filter_offers_the_chosen_townships_groups(app, db, mon_coordinator, two_states):
    """The group list holds the groups of the township chosen (thousands for the whole programme otherwise)."""
    facilitator = db.scalar(select(Staff).where(Staff.username == "mon.f"))
    make_group(db, facilitator, [], township="MMR011005", name="Other Mon township group")
    db.commit()
    client, _ = mon_coordinator

    def group_options(url):
        form = client.get(url).text.split('name="group"')[1].split("</select>")[0]
        return re.findall(r"<option[^>]*>([^<]*)</option>", form)

    assert group_options("/reports/?lang=en") == ["Choose a township first"]
    assert group_options("/reports/?lang=en&township=MMR011001") == ["—", "Mon group"]
    mon_group = db.scalar(select(Group.id).where(Group.name == "Mon group"))
    assert group_options(f"/reports/?lang=en&group={mon_group}") == ["—", "Mon group"]
    shan_group = db.scalar(select(Group.id).where(Group.name == "Shan group"))
    assert client.get(f"/reports/?lang=en&group={shan_group}").status_code == 400  # outside the area


def test_a_filter_outside_the_area_is_refused(mon_coordinator, two_states):
    client, _ = mon_coordinator
    assert client.get("/reports/?state=MMR014").status_code == 400
    assert client.get("/reports/completions.csv?township=MMR014001").status_code == 400


def test_facilitators_and_households_cannot_see_reports(auth, app, two_states):
    facilitator, _ = auth.staff_client("facilitator", townships=("MMR011001",))
    assert facilitator.get("/reports/").status_code == 403
    assert facilitator.get("/reports/completions.csv").status_code == 403
    assert app.test_client().get("/reports/").status_code == 302


def _csv(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_export_has_the_area_only_neutralised_formulas_and_text_phones(mon_coordinator, two_states, db):
    client, staff = mon_coordinator
    mon, shan = two_states
    rows = _csv(client.get("/reports/completions.csv?lang=en&course=money-and-migration"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Household code", "Member id", "Name", "Father's name"]
    assert len(body) == 2 and {r[0] for r in body} == {"MONH-0001"}
    assert all("SHAN-0001" not in ",".join(r) for r in body)
    names = [r[2] for r in body]
    assert "'=HYPERLINK(\"http://evil.example\")" in names
    assert body[0][header.index("Phone")] == "09 421 555 777"
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "export.completions"))
    assert entry.actor_id == staff.id and entry.details["rows"] == 2 and entry.details["pseudonymised"] is False
    assert entry.details["format"] == "csv"


def test_headers_follow_the_coordinators_language(mon_coordinator, two_states):
    client, _ = mon_coordinator
    header = _csv(client.get("/reports/completions.csv?lang=my&course=money-and-migration"))[0]
    # 12 about the person, the course, 4 × 2 modules, before (whole check, same questions) and after, the
    # certificate's code and date
    assert "Household code" not in header and len(header) == 12 + 1 + 4 * 2 + 3 + 2


def test_the_pseudonymised_export_has_no_names_phones_or_villages(mon_coordinator, two_states, db):
    client, _ = mon_coordinator
    mon, _shan = two_states
    response = client.get("/reports/completions.csv?lang=en&pseudonymised=1")
    rows = _csv(response)
    text = response.data.decode()
    for member in mon.members:
        assert member.name not in text and member.father_name not in text
    assert "421" not in text and mon.village not in text and mon.code not in text
    assert "Village" not in rows[0]
    again = _csv(client.get("/reports/completions.csv?lang=en&pseudonymised=1"))
    assert [r[2] for r in rows[1:]] == [r[2] for r in again[1:]]  # keyed hashes are stable
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "export.completions")).all()[-1]
    assert entry.details["pseudonymised"] is True


def test_the_xlsx_export_keeps_phones_and_codes_as_text(mon_coordinator, two_states):
    client, _ = mon_coordinator
    response = client.get("/reports/completions.xlsx?lang=en&course=money-and-migration")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert len(rows) == 3
    phone = rows[1][header.index("Phone")]
    assert phone == "09 421 555 777" and isinstance(phone, str)
    assert all("SHAN" not in str(v) for row in rows for v in row)
    assert isinstance(rows[1][header.index("Member id")], str)


@pytest.fixture
def progress(app, db, two_states):
    """The first Mon member read two lessons of the first module, passed its quiz (80%) on 4 November 2026 and has
    the course's certificate, dated 5 November."""
    from datetime import UTC, datetime

    from learning.certificates.models import Certificate
    from learning.learn.library import catalog
    from learning.learn.models import LessonRead, Source
    from tests.builders import pass_module

    mon, _shan = two_states
    member = min(mon.members, key=lambda m: m.id)
    with app.app_context():
        module = catalog().course(COURSE).modules[0]
    for lesson in module.lessons[:2]:
        db.add(LessonRead(member_id=member.id, course_id=COURSE, module_id=module.id, lesson_id=lesson.id,
                          content_version=module.version, source=Source.PHONE))
    pass_module(db, member, module, when=datetime(2026, 11, 3, 20, 0, tzinfo=UTC), percent=80)  # 4th in Yangon
    db.add(Certificate(code="7KQ4-M2XD-9P4T", member_id=member.id, course_id=COURSE, completed_on=date(2026, 11, 5)))
    db.commit()
    return member, module


COURSE = "money-and-migration"


def _xlsx_rows(response) -> list[dict]:
    """The sheet as one dict of header -> cell per row (cells, so that their types can be checked)."""
    header, *body = load_workbook(io.BytesIO(response.data)).active.iter_rows()
    return [dict(zip((c.value for c in header), row, strict=True)) for row in body]


def test_the_xlsx_export_has_number_and_date_cells_and_text_names(mon_coordinator, progress):
    client, _ = mon_coordinator
    member, module = progress
    rows = _xlsx_rows(client.get(f"/reports/completions.xlsx?lang=en&course={COURSE}"))
    row = next(r for r in rows if r["Member id"].value == str(member.id))
    title = "Sending money home"
    assert f"{title}: lessons read" in row, list(row)
    for column, value in ((f"{title}: lessons read", 2), (f"{title}: lessons in module", len(module.lessons)),
                          (f"{title}: best quiz score", 80), ("Year of birth", member.birth_year)):
        assert row[column].data_type == "n" and type(row[column].value) is int and row[column].value == value, column
    for column, day in ((f"{title}: passed on", 4), ("Certificate date", 5)):
        assert row[column].is_date and row[column].value.date() == date(2026, 11, day), column
        assert row[column].number_format == "yyyy-mm-dd"
    assert row["Name"].data_type == "s" and row["Name"].value == "'" + member.name  # the fixture's =HYPERLINK(...)
    assert row["Certificate code"].value == "7KQ4-M2XD-9P4T"
    other = next(r for r in rows if r is not row)
    assert other[f"{title}: lessons read"].value == 0 and other[f"{title}: best quiz score"].value is None
    assert other["Certificate date"].value is None  # an empty cell, not an empty string


def test_the_pseudonymised_xlsx_export_has_number_and_date_cells_too(mon_coordinator, progress):
    client, _ = mon_coordinator
    _member, module = progress
    rows = _xlsx_rows(client.get(f"/reports/completions.xlsx?lang=en&course={COURSE}&pseudonymised=1"))
    row = next(r for r in rows if r["Certificate date"].value is not None)
    assert row["Certificate date"].is_date and row["Sending money home: passed on"].is_date
    assert type(row["Sending money home: lessons in module"].value) is int
    assert row["Sending money home: lessons read"].value == 2 and row["Age band"].data_type == "s"


@pytest.mark.parametrize("pseudonymised", ["", "1"])
def test_the_csv_export_has_plain_numbers_and_iso_dates(mon_coordinator, progress, pseudonymised):
    client, _ = mon_coordinator
    _member, module = progress
    header, *body = _csv(client.get(f"/reports/completions.csv?lang=en&course={COURSE}&pseudonymised={pseudonymised}"))
    assert not [cell for row in body for cell in row if re.fullmatch(r"\d+/\d+", cell)]  # no "1/5": Excel's date
    row = next(dict(zip(header, r, strict=True)) for r in body if "2026-11-05" in r)
    assert row["Sending money home: lessons read"] == "2"
    assert row["Sending money home: lessons in module"] == str(len(module.lessons))
    assert row["Sending money home: best quiz score"] == "80"
    assert row["Sending money home: passed on"] == "2026-11-04" and row["Certificate date"] == "2026-11-05"


@pytest.mark.parametrize("chunk", [1000, 2])
def test_an_areas_export_among_other_areas_members_shows_each_members_own_progress(app, db, mon_coordinator,
                                                                                 monkeypatch, chunk):
    """Members of the coordinator's area registered between other areas' members (their ids spread out, so each chunk
    is fetched by its list of ids, not by a range) get their own progress, in chunks of any size."""
    from learning.learn.library import catalog
    from learning.reports import exports
    from tests.builders import pass_module

    monkeypatch.setattr(exports, "CHUNK", chunk)
    with app.app_context():
        module = catalog().course(COURSE).modules[0]
    mon_members = []
    for number in range(4):
        mon = make_household(db, members=1, township="MMR011001", code=f"MONH-{number:04d}")
        for township in ("MMR014001", "MMR014001", "MMR014001"):  # Shan households in between
            for member in make_household(db, members=1, township=township).members:
                pass_module(db, member, module, percent=100)
        pass_module(db, mon.members[0], module, percent=60 + 10 * number)
        mon_members.append(mon.members[0])
    db.commit()
    client, _ = mon_coordinator
    header, *body = _csv(client.get(f"/reports/completions.csv?lang=en&course={COURSE}"))
    scores = {row[header.index("Member id")]: row[header.index("Sending money home: best quiz score")] for row in body}
    assert scores == {str(m.id): str(60 + 10 * n) for n, m in enumerate(mon_members)}


@pytest.mark.parametrize("typed", ["=1+1", "-5", "+5", "@A1", "1990", "2026-11-04"])
def test_a_member_name_that_looks_like_a_formula_or_number_stays_inert_text(mon_coordinator, two_states, db, typed):
    client, _ = mon_coordinator
    mon, _shan = two_states
    mon.members[0].name = typed
    db.commit()
    names = [r["Name"] for r in _xlsx_rows(client.get("/reports/completions.xlsx?lang=en"))]
    name = next(c for c in names if c.value.lstrip("'") == typed)
    assert name.data_type == "s" and name.value == ("'" + typed if typed[0] in "=+-@" else typed)
    header, *body = _csv(client.get("/reports/completions.csv?lang=en"))
    assert ("'" + typed if typed[0] in "=+-@" else typed) in [r[header.index("Name")] for r in body]


@pytest.mark.parametrize("pseudonymised", [[], ["--pseudonymised"]])
def test_the_command_line_csv_written_in_parts_is_the_same_file(runner, progress, tmp_path, db, monkeypatch,
                                                                 pseudonymised):
    """Several processes each write a run of members (here three, over a handful of members) and the parts are
    joined: the file is byte for byte what one process writes, and no part file is left behind."""
    from learning.reports import exports

    for number in range(4):
        make_household(db, members=2, township="MMR011001" if number % 2 else "MMR014001", code=f"MORE-{number:04d}")
    db.commit()
    monkeypatch.setattr(exports, "PARALLEL_FROM", 1)
    monkeypatch.setattr(exports, "CHUNK", 2)
    runs, split = [], exports._runs
    monkeypatch.setattr(exports, "_runs", lambda *args: runs.append(split(*args)) or runs[-1])
    folder = tmp_path / "out"
    folder.mkdir()
    written = {}
    for jobs in ("1", "3"):
        out = folder / f"jobs-{jobs}.csv"
        result = runner.invoke(args=["export", "completions", "--format", "csv", "--out", str(out), "--jobs", jobs,
                                     *pseudonymised])
        assert result.exit_code == 0, result.output
        written[jobs] = out.read_bytes()
    assert written["3"] == written["1"]
    assert written["1"].decode("utf-8").count("\r\n") == 1 + 2 * (3 + 8)  # header; two courses for 11 members
    assert "2026-11-04" in written["1"].decode("utf-8")  # the progress fixture's pass, found by a part
    assert len(runs) == 1 and len(runs[0]) == 3  # --jobs 3: three runs of members, each its own process
    assert sorted(p.name for p in folder.iterdir()) == ["jobs-1.csv", "jobs-3.csv"]


def test_the_command_line_export_filters_by_state_and_records_itself(runner, two_states, tmp_path, db):
    out = tmp_path / "mon.csv"
    result = runner.invoke(args=["export", "completions", "--format", "csv", "--out", str(out), "--state", "MMR011"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff") and "MONH-0001" in text and "SHAN-0001" not in text
    xlsx = tmp_path / "all.xlsx"
    result = runner.invoke(args=["export", "completions", "--format", "xlsx", "--out", str(xlsx), "--pseudonymised"])
    assert result.exit_code == 0
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    courses = len(CATALOG.courses)  # a row per member and course
    assert len(rows) == 1 + 3 * courses and "MONH-0001" not in str(rows)
    db.rollback()
    entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "export.completions")).all()
    assert [e.details["rows"] for e in entries] == [2 * courses, 3 * courses]


def test_the_audit_log_shows_the_area_and_offers_no_way_to_change_it(app, mon_coordinator, two_states, db):
    client, staff = mon_coordinator
    client.get("/reports/completions.csv")
    page = client.get("/reports/audit?lang=en")
    assert page.status_code == 200 and "export.completions" in page.text
    assert "<form" not in page.text.split("<main", 1)[1].split("</main>")[0].replace('action="/household/sign-out"', "")
    methods = {m for rule in app.url_map.iter_rules() if rule.rule.startswith("/reports/audit") for m in rule.methods}
    assert methods <= {"GET", "HEAD", "OPTIONS"}


def test_admins_create_coordinators_and_coordinators_create_and_disable_facilitators(auth, app, db):
    admin, _ = auth.staff_client("admin")
    page = admin.get("/admin/staff")
    admin.post("/admin/staff", data={"csrf_token": csrf_token(page.text), "username": "daw.aye", "display_name": "Daw Aye",
                                     "password": "long enough password", "role": "coordinator", "states": ["MMR011"]})
    db.rollback()
    coordinator = db.scalar(select(Staff).where(Staff.username == "daw.aye"))
    assert [s.pcode for s in coordinator.states] == ["MMR011"]
    coord = app.test_client()
    auth.on(coord).staff("daw.aye", "long enough password")
    page = coord.get("/admin/staff")
    assert 'value="MMR014001"' not in page.text  # only townships in the coordinator's area
    response = coord.post("/admin/staff", data={
        "csrf_token": csrf_token(page.text), "username": "ko.min", "display_name": "Ko Min",
        "password": "long enough password", "role": "facilitator", "townships": ["MMR011001"]})
    assert response.status_code == 302
    refused = coord.post("/admin/staff", data={
        "csrf_token": csrf_token(page.text), "username": "ko.shan", "display_name": "Ko Shan",
        "password": "long enough password", "role": "facilitator", "townships": ["MMR014001"]})
    assert refused.status_code == 400
    db.rollback()
    db.expire_all()
    facilitator = db.scalar(select(Staff).where(Staff.username == "ko.min"))
    assert db.scalar(select(Staff).where(Staff.username == "ko.shan")) is None

    signed_in = app.test_client()
    auth.on(signed_in).staff("ko.min", "long enough password")
    assert signed_in.get("/staff/").status_code == 200
    coord.post(f"/admin/staff/{facilitator.id}/disable", data={"csrf_token": csrf_token(page.text), "confirm": "y"})
    assert signed_in.get("/staff/").status_code == 302  # its session ended at once
    db.rollback()
    actions = db.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "staff")).all()
    assert actions == ["staff.create", "staff.create", "staff.disable"]


def test_coordinators_cannot_touch_staff_outside_their_area(auth, db):
    shan_facilitator = make_staff(db, role="facilitator", username="shan.only", townships=("MMR014001",))
    other_coordinator = make_staff(db, role="coordinator", username="other.c", states=("MMR014",))
    db.commit()
    coord, _ = auth.staff_client("coordinator", states=("MMR011",))
    token = csrf_token(coord.get("/admin/staff").text)
    for target in (shan_facilitator, other_coordinator):
        assert coord.post(f"/admin/staff/{target.id}/disable", data={"csrf_token": token}).status_code == 404
    assert coord.get(f"/admin/staff/{shan_facilitator.id}/townships").status_code == 404
    facilitator_client, _ = auth.staff_client("facilitator", townships=("MMR011001",))
    assert facilitator_client.get("/admin/staff").status_code == 403


def test_synthetic_data_is_deterministic_for_a_seed(runner, db):
    from sqlalchemy import func

    from learning.households.models import Member

    assert runner.invoke(args=["demo", "synth", "--households", "60", "--seed", "7"]).exit_code == 0
    db.rollback()
    names = db.scalars(select(Member.name).order_by(Member.id)).all()
    count = db.scalar(select(func.count()).select_from(Member))
    assert 60 * 1.5 <= count <= 60 * 3
    from learning.reports.synth import NAMES

    assert any(ch in "".join(names) for ch in "ၵၶၸၼၚၢၤ")  # Shan, Mon or Karen names among them
    assert NAMES


def test_the_csv_is_streamed_not_built_in_memory(mon_coordinator, two_states):
    client, _ = mon_coordinator
    response = client.get("/reports/completions.csv")
    assert response.is_streamed


@pytest.mark.parametrize("dangerous", ["=1+1", "+95 9 421", "-2", "@SUM(A1)"])  # more: test_export_safety
def test_every_formula_start_is_neutralised(dangerous):
    from learning.reports.exports import neutralise

    assert neutralise(dangerous) == "'" + dangerous
    assert neutralise("ဒေါ်ခင်") == "ဒေါ်ခင်"


@pytest.mark.parametrize("code", ["my", "shn", "mnw", "ksw", "cnh", "en"])
def test_the_dashboard_and_audit_log_open_in_every_language(mon_coordinator, two_states, code):
    client, _ = mon_coordinator
    for path in ("/reports/", "/reports/audit"):
        page = client.get(f"{path}?lang={code}")
        assert page.status_code == 200, (path, code)
        assert f'lang="{code}"' in page.text


def test_the_xlsx_download_leaves_no_file_of_people_behind(mon_coordinator, progress, tmp_path, monkeypatch):
    """The workbook is spooled in a temporary file: none may stay on disk, even while the download is open, nor
    when writing it fails."""
    import tempfile

    from learning.reports import exports

    client, _ = mon_coordinator
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    response = client.get(f"/reports/completions.xlsx?lang=en&course={COURSE}")
    assert response.status_code == 200 and response.content_length == len(response.data) > 0
    assert _xlsx_rows(response) and list(spool.iterdir()) == []

    def broken(path, header, body):
        next(body)
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write_xlsx", broken)
    assert client.get(f"/reports/completions.xlsx?lang=en&course={COURSE}").status_code == 500
    assert list(spool.iterdir()) == []
