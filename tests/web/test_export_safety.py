"""Completion exports that no spreadsheet runs (whatever was typed, wherever it came in), and a pseudonymised
export that does not re-identify people: keyed hashes for ids, no free text, age bands, small cells generalised."""
import csv
import io
import re
import secrets
import unicodedata
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from learning.clock import today
from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog
from learning.households.models import Sex
from learning.reports.exports import neutralise, xlsx_cell
from tests.builders import make_group, make_household, make_staff
from tests.conftest import csrf_token

EVIL = '=HYPERLINK("http://evil.example","x")'
FORMULA_START = ("=", "+", "-", "@")
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


# -- writing text the way people do: the registration form, a new group, a bulk import ----------------------------

def new_group(client, name: str, township: str = "MMR011001") -> int | None:
    """A group made with the new-group form; its id, or None when the form refused the name."""
    token = csrf_token(client.get("/facilitate/groups").text)
    response = client.post("/facilitate/groups", data={
        "csrf_token": token, "name": name, "name-zawgyi": "keep", "township": township, "village": "ရွာ",
        "start_date": "2026-11-01"})
    if response.status_code != 302:
        return None
    return int(re.search(r"/groups/(\d+)", response.headers["Location"]).group(1))


def register(client, name: str, father: str, village: str, group_id: int | None = None) -> int:
    """One household of one member registered with the form (Zawgyi questions answered "keep as typed")."""
    query = f"?group_id={group_id}" if group_id else ""
    token = csrf_token(client.get(f"/facilitate/register{query}").text)
    return client.post(f"/facilitate/register{query}", data={
        "csrf_token": token, "submission_id": secrets.token_urlsafe(16), "township": "MMR011001",
        "village": village, "village-zawgyi": "keep", "consent": "y", "consent_language": "my",
        "same_people": "y", "members-0-name": name, "members-0-name-zawgyi": "keep", "members-0-father_name": father,
        "members-0-father_name-zawgyi": "keep", "members-0-sex": "female", "members-0-birth_year": "1990",
        "members-0-relation": "head", "members-0-language": "my"}).status_code


def import_csv(client, name: str, father: str, village: str, group_id: int | None = None) -> int:
    """One household of one member imported from a CSV file; the status of the save (302) or of the preview."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["_uuid", "township", "village", "consent", "name", "father_name", "sex", "birth_year"])
    writer.writerow([secrets.token_hex(8), "MMR011001", village, "yes", name, father, "male", "1985"])
    token = csrf_token(client.get("/facilitate/import").text)
    preview = client.post("/facilitate/import", data={
        "csrf_token": token, "file": (io.BytesIO(buffer.getvalue().encode("utf-8")), "households.csv")},
        content_type="multipart/form-data")
    action = re.search(r'action="(/facilitate/import/[^"]+)"', preview.text)
    if preview.status_code != 200 or action is None:
        return preview.status_code
    suffix = re.search(r'name="suffix" value="([^"]+)"', preview.text).group(1)
    data = {"csrf_token": csrf_token(preview.text), "suffix": suffix}
    if group_id:
        data["group_id"] = str(group_id)
    return client.post(action.group(1), data=data).status_code


# -- reading the exports as a spreadsheet would ----------------------------------------------------------------------

def csv_cells(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_cells(data: bytes) -> list[list]:
    """Every cell of the sheet (openpyxl reads a formula as a cell of type "f")."""
    return [list(row) for row in load_workbook(io.BytesIO(data)).active.iter_rows()]


def unsafe_csv_cells(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet could run, or that start with a control or bidirectional character."""
    return [value for row in rows for value in row if value and (
        value.lstrip().startswith(FORMULA_START) or unicodedata.category(value[0]) == "Cc" or value[0] in BIDI)]


def unsafe_xlsx_cells(rows: list[list]) -> list:
    return [(c.coordinate, c.data_type, c.value) for row in rows for c in row
            if c.data_type == "f" or (isinstance(c.value, str) and c.value.lstrip().startswith(FORMULA_START))]


def check_every_export(client) -> int:
    """Opens the named and pseudonymised exports, CSV and XLSX, and asserts no cell could run; their rows."""
    counts = set()
    for pseudonymised in ("", "1"):
        query = {"lang": "en", "pseudonymised": pseudonymised}
        response = client.get("/reports/completions.csv", query_string=query)
        assert response.status_code == 200
        rows = csv_cells(response.data)
        assert unsafe_csv_cells(rows) == []
        counts.add(len(rows))
        response = client.get("/reports/completions.xlsx", query_string=query)
        assert response.status_code == 200
        rows = xlsx_cells(response.data)
        assert unsafe_xlsx_cells(rows) == []
        counts.add(len(rows))
    assert len(counts) == 1  # the same rows in every variant
    return counts.pop()


COURSES = len(load_catalog(PROJECT_ROOT / "courses").courses)  # an export has a row per member and course


@pytest.fixture
def facilitator(auth):
    return auth.staff_client("facilitator", townships=("MMR011001",))


@pytest.fixture
def coordinator(auth):
    return auth.staff_client("coordinator", states=("MMR011",))[0]


@pytest.mark.parametrize("hidden", ["\x01", "\x08", "\x0e", "\x1b", "\x7f", "\u202e", "\u2066", "\u200e", " ",
                                    "\u00a0", "\u3000", "\x01 "])
def test_a_formula_behind_a_control_bidi_or_space_character_never_runs(facilitator, coordinator, hidden):
    client, _ = facilitator
    group_id = new_group(client, hidden + EVIL)
    assert group_id is not None
    assert register(client, hidden + EVIL, hidden + "+1", "ရွာ", group_id) == 200
    # the import refuses a cell that starts with a formula once trimmed; one that starts with a control is saved
    imported = import_csv(client, hidden + EVIL, hidden + "@SUM(A1)", "ရွာ", group_id) == 302
    assert imported or not hidden.strip()
    # the header, then the registered member and the imported one in every course
    assert check_every_export(coordinator) == 1 + COURSES * (1 + imported)


def test_the_command_line_export_cleans_cells_the_same_way(runner, db, tmp_path):
    household = make_household(db, members=1, code="EVIL-0001")
    household.members[0].name = "\x01" + EVIL
    make_group(db, make_staff(db), [household], name="\u202e" + EVIL)
    db.commit()
    for fmt, pseudonymised in (("csv", []), ("xlsx", []), ("xlsx", ["--pseudonymised"])):
        out = tmp_path / f"out.{fmt}"
        result = runner.invoke(args=["export", "completions", "--format", fmt, "--out", str(out), *pseudonymised])
        assert result.exit_code == 0, result.output
        data = out.read_bytes()
        if fmt == "csv":
            cells = csv_cells(data)
            assert unsafe_csv_cells(cells) == []
            assert "'" + EVIL in [value for row in cells for value in row]
        else:
            assert unsafe_xlsx_cells(xlsx_cells(data)) == []


@pytest.mark.parametrize(("typed", "cell"), [
    ("=1+1", "'=1+1"), ("+95 9 421", "'+95 9 421"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "' =1"), ("\r\n=1", "' =1"), ("\x01=1", "'=1"), ("\x00\x1f@x", "'@x"), ("\u202e=1", "'=1"),
    ("  =1", "'  =1"), ("\u00a0+1", "'\u00a0+1"), ("\ufeff=1", "'\ufeff=1"), ("\u200b-1", "'\u200b-1"),
    ("＝1", "'＝1"), ("a\x01b", "ab"), ("a\u2067b", "ab"), ("line\nbreak", "line break"),
    ("ဒေါ်ခင်", "ဒေါ်ခင်"), ("မောင်\u200bမောင်", "မောင်\u200bမောင်"), (None, ""), (1990, "1990"),
])
def test_a_cell_loses_control_and_bidi_characters_before_the_formula_rule(typed, cell):
    assert neutralise(typed) == cell


@pytest.mark.parametrize(("value", "cell"), [
    (1990, 1990), (0, 0), (-5, -5), (date(2026, 11, 4), date(2026, 11, 4)), (None, None),
    ("-5", "'-5"), ("=1+1", "'=1+1"), ("1990", "1990"), (True, "True"), (1.5, "1.5"),
    (datetime(2026, 11, 4, 9, 30), "2026-11-04 09:30:00"),
])
def test_only_ints_and_dates_reach_the_sheet_as_they_are_everything_else_as_neutralised_text(value, cell):
    """A number or date cell cannot hold a formula; text typed as "-5" stays text, and stays inert."""
    assert xlsx_cell(value) == cell and type(xlsx_cell(value)) is type(cell)


# -- the pseudonymised export ------------------------------------------------------------------------------------

F30, F60, M30, M70 = (Sex.FEMALE, 30), (Sex.FEMALE, 60), (Sex.MALE, 30), (Sex.MALE, 70)
PSEUDONYMISED_COLUMNS = ["Household pseudonym", "Member pseudonym", "Sex", "Age band", "State or region P-code",
                         "State or region", "Township P-code", "Township", "Group pseudonym", "Course"]


def households(db, township: str, *people: tuple, group=None) -> list:
    """One household for each tuple of (sex, age) pairs, in the township (and the group)."""
    made = []
    for members in people:
        household = make_household(db, members=len(members), township=township)
        for member, (sex, age) in zip(sorted(household.members, key=lambda m: m.id), members, strict=True):
            member.sex, member.birth_year = sex, today().year - age
        household.group_id = group.id if group is not None else None
        made.append(household)
    db.commit()
    return made


def pseudonymised(client) -> list[dict[str, str]]:
    """The pseudonymised CSV of the one course, as a dict per row."""
    response = client.get("/reports/completions.csv?lang=en&pseudonymised=1&course=money-and-migration")
    assert response.status_code == 200
    header, *body = csv_cells(response.data)
    return [dict(zip(header, row, strict=True)) for row in body]


def places(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    return sorted((r["State or region P-code"], r["State or region"], r["Township P-code"], r["Township"])
                  for r in rows)


def keyed(app, kind: str, value) -> str:
    """The pseudonym the export should give (HMAC-SHA256 with the installation's pseudonym key)."""
    import hashlib
    import hmac

    from learning.reports.exports import pseudonym_key

    return hmac.new(pseudonym_key(app.config), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:16]


MON, MAWLAMYINE, MUDON = ("MMR011", "Mon"), ("MMR011001", "Mawlamyine"), ("MMR011005", "Mudon")


@pytest.mark.parametrize("together", [4, 5, 6])
def test_the_township_is_shown_only_where_five_members_share_it_with_their_sex_and_age_band(
        db, coordinator, together):
    households(db, "MMR011001", *[[F30]] * together)
    households(db, "MMR011005", [F30], [F30])
    rows = pseudonymised(coordinator)
    assert {r["Age band"] for r in rows} == {"25-34"} and {r["Sex"] for r in rows} == {"Female"}
    mawlamyine = [(*MON, *MAWLAMYINE)] * together if together >= 5 else [(*MON, "", "")] * together
    assert places(rows) == sorted(mawlamyine + [(*MON, "", "")] * 2)  # Mudon's two: the state only


def test_sex_and_age_band_make_their_own_cells(db, coordinator):
    households(db, "MMR011001", *[[F30]] * 5, [M30], [F60], [(Sex.FEMALE, 25)], [(Sex.FEMALE, 35)])
    rows = pseudonymised(coordinator)
    shown = sorted((r["Sex"], r["Age band"]) for r in rows if r["Township P-code"])
    assert shown == [("Female", "25-34")] * 6  # 25 is in the band of 30; 35 is not
    assert sorted((r["Sex"], r["Age band"]) for r in rows if not r["Township P-code"]) == [
        ("Female", "35-49"), ("Female", "50+"), ("Male", "25-34")]


def test_members_joined_by_a_household_or_a_group_are_generalised_together(db, coordinator):
    """Otherwise a relative shown with the township would give it away for the member generalised to the
    state: the rows share the household's (or group's) pseudonym."""
    facilitator = make_staff(db, townships=("MMR011001",))
    group = make_group(db, facilitator, township="MMR011001", name="Kyaikmaraw Savers")
    mixed, = households(db, "MMR011001", [F30, M70])
    grouped = households(db, "MMR011001", [M70], [F30], group=group)
    households(db, "MMR011001", *[[F30]] * 5)
    rows = pseudonymised(coordinator)
    hidden = {r["Household pseudonym"] for r in rows if not r["Township P-code"]}
    assert hidden == {keyed(coordinator.application, "household", h.id) for h in [mixed, *grouped]}
    assert places(rows) == sorted([(*MON, *MAWLAMYINE)] * 5 + [(*MON, "", "")] * 4)


def test_the_pseudonymised_export_holds_no_free_text_and_no_raw_id(app, db, coordinator, runner, tmp_path):
    facilitator = make_staff(db, townships=("MMR011001",), display_name="Daw Facilitator Thida")
    group = make_group(db, facilitator, township="MMR011001", name="Kyaikmaraw Village Savers")
    people = households(db, "MMR011001", *[[F30, F30]] * 3, group=group)
    people[0].phone, people[0].village = "09421555777", "Kyaikmaraw"
    db.commit()
    response = coordinator.get("/reports/completions.csv?lang=en&pseudonymised=1&course=money-and-migration")
    header, *body = csv_cells(response.data)
    assert header[:10] == PSEUDONYMISED_COLUMNS
    assert header[-2:] == ["Certificate pseudonym", "Certificate date"]
    cells = {value for row in body for value in row}
    text = response.data.decode("utf-8")
    for household in people:
        assert household.code not in text
        for member in household.members:
            assert member.name not in text and member.father_name not in text
            assert str(member.birth_year) not in cells
    for free_text in ("Kyaikmaraw", "ရွာသစ်", "Daw Facilitator Thida", "421", facilitator.username):
        assert free_text not in text
    rows = [dict(zip(header, row, strict=True)) for row in body]
    members = {m.id for h in people for m in h.members}
    assert {r["Member pseudonym"] for r in rows} == {keyed(app, "member", m) for m in members}
    assert {r["Household pseudonym"] for r in rows} == {keyed(app, "household", h.id) for h in people}
    assert {r["Group pseudonym"] for r in rows} == {keyed(app, "group", group.id)}
    ids = {str(i) for i in members | {h.id for h in people} | {group.id, facilitator.id}}
    counts = (": lessons read", ": lessons in module", ": best quiz score")  # numbers that may equal a small id
    not_counts = {value for row in body for column, value in zip(header, row, strict=True)
                  if not column.endswith(counts)}
    assert not ids & not_counts  # no id as it is in the database
    assert {r["Age band"] for r in rows} == {"25-34"}
    assert places(rows) == [(*MON, *MAWLAMYINE)] * 6

    out = tmp_path / "pseudonymised.csv"
    result = runner.invoke(args=["export", "completions", "--format", "csv", "--out", str(out), "--pseudonymised",
                                 "--course", "money-and-migration", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert csv_cells(out.read_bytes()) == [header, *body]  # the command line follows the same rules


def test_a_burmese_export_gives_sex_township_and_state_in_burmese(db, coordinator):
    households(db, "MMR011001", *[[F30]] * 5)
    for query in ("pseudonymised=1&", ""):
        response = coordinator.get(f"/reports/completions.csv?lang=my&{query}course=money-and-migration")
        header, *body = csv_cells(response.data)
        text = "\n".join(",".join(row) for row in body)
        assert ",မ," in text and "female" not in text.lower(), query  # the catalog's word for Female
        assert "မော်လမြိုင်" in text and "Mawlamyine" not in text, query
    english = coordinator.get("/reports/completions.csv?lang=en&course=money-and-migration").data.decode()
    assert "Female" in english and "Mawlamyine" in english


def test_generalising_repeats_until_every_shown_cell_still_holds_five():
    """Worked without the database, from a stream of rows as the export reads them: a man of 70 alone in his cell
    hides his household; his wife was one of five women of 30 in Mawlamyine, so the other four fall below five
    too. Five women of Mudon, in no group like the hidden ones, keep their township (no group is no link)."""
    from learning.reports.pseudonyms import townships_shown

    year = 2026
    rows = [(1, 1, None, "male", 1956, "MMR011001"), (2, 1, None, "female", 1996, "MMR011001")]
    rows += [(3 + i, 10 + i, None, Sex.FEMALE, 1996, "MMR011001") for i in range(4)]  # an enum, as the ORM gives
    rows += [(20 + i, 20 + i, None, "female", 1996, "MMR011005") for i in range(5)]
    assert townships_shown(iter(rows), year) == set(range(20, 25))
    # without the man, his wife's cell holds five, all shown
    assert townships_shown(iter(rows[1:]), year) == {2, 3, 4, 5, 6, *range(20, 25)}
    # a group links like a household: a Mudon woman in the group of one of the hidden Mawlamyine women
    grouped = rows[:5] + [(6, 13, 7, "female", 1996, "MMR011001"), (20, 20, 7, "female", 1996, "MMR011005")]
    assert townships_shown(iter(grouped + rows[-4:]), year) == set()
