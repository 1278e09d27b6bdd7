"""Fuzzing the bulk import: file contents (CSV text, XLSX workbooks, broken files, any bytes), file names, and
the save step's token, suffix and group. A preview saves nothing; a save saves every household whole, or
nothing."""
import csv
import io
import re
import unicodedata
import zipfile
from datetime import date
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import delete, select

from learning.households.models import Household
from learning.i18n.languages import LANGUAGES
from tests.builders import make_group
from tests.conftest import csrf_token
from tests.fuzz import strategies as fz

COLUMNS = ["_uuid", "household", "township", "village", "phone", "consent", "consent_language", "name",
           "father_name", "sex", "birth_year", "relation", "language"]
GOOD = {"township": "MMR011001", "village": "ရွာသစ်", "phone": "09 421 555 001", "consent": "yes",
        "consent_language": "my", "name": "ဒေါ်ခင်ခင်ဝင်း", "father_name": "ဦးဘအုန်း", "sex": "female",
        "birth_year": "1980", "relation": "head", "language": "my"}


@st.composite
def tables(draw):
    """Column names and rows of members, and whether they were changed: a valid table half the time; otherwise
    some cells, names or columns are replaced by anything."""
    changed = draw(st.booleans())
    keys_left_out = draw(st.sets(st.sampled_from(["_uuid", "household"]), max_size=2))
    columns = [c for c in COLUMNS if c not in keys_left_out]
    if changed and draw(st.booleans()):
        columns = [c for c in columns if c not in draw(st.sets(st.sampled_from(COLUMNS), max_size=2))]
        columns = [draw(fz.text) if draw(st.integers(0, 5)) == 0 else c for c in columns]
    if draw(st.integers(0, 4)) == 0:
        columns = [f"group/{c}" for c in columns]  # Kobo's group prefixes
    rows = []
    for index in range(draw(st.integers(1, 5))):
        row = {**GOOD, "_uuid": f"uuid-{draw(st.integers(0, 3))}", "household": str(index // 2),
               "name": draw(st.sampled_from(fz.SCRIPTS + fz.ZAWGYI[:-2])),
               "language": draw(st.sampled_from(list(LANGUAGES))),
               "relation": "head" if index == 0 else "child"}
        for column in sorted(draw(st.sets(st.sampled_from(COLUMNS), max_size=3))) if changed else ():
            row[column] = draw(fz.numbers if column in ("birth_year", "phone") else fz.text)
        rows.append([row.get(c.split("/")[-1], "") for c in columns])
    return columns, rows, changed


def as_csv(columns, rows, quoting: int, bom: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=quoting)
    writer.writerow(columns)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8", "surrogatepass")


def _cell(value):
    """What a workbook cell can hold (openpyxl refuses control characters)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:32_000] if isinstance(value, str) else value


MEMBER_SHEET = ["member/name", "member/father_name", "member/sex", "member/birth_year", "member/language",
                "_index", "_parent_index", "_submission__uuid"]


def as_xlsx(columns, rows, kobo: bool, cells, by_uuid: bool = True) -> bytes:
    """A workbook of the table; `cells` replace its first values. A Kobo export has the households on the
    first sheet and their members on a sheet of their own, joined by _submission__uuid or _parent_index."""
    book = Workbook()
    sheet = book.active
    sheet.append([_cell(c) for c in columns] + (["_index"] if kobo else []))
    for number, row in enumerate(rows, start=1):
        sheet.append([_cell(next(cells, value)) for value in row] + ([number] if kobo else []))
    if kobo:
        members = book.create_sheet("member")
        members.append(MEMBER_SHEET)
        uuids = dict(zip(columns, zip(*rows, strict=True), strict=False)).get("_uuid", ())
        for number, row in enumerate(rows, start=1):
            values = dict(zip(columns, row, strict=True))
            name = _cell(next(cells, values.get("name", "မောင်မောင်")))
            uuid = uuids[number - 1] if uuids and by_uuid else None
            members.append([name, "ဦးသန်း", "male", 1990, "my", number, number, _cell(uuid)])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def corrupt(xlsx: bytes, member: str, junk: bytes) -> bytes:
    """The workbook with one part of the zip replaced by other bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        chosen = next((n for n in names if member in n), names[0])
        for name in names:
            target.writestr(name, junk if name == chosen else source.read(name))
    return out.getvalue()


SHEET = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         "<sheetData>{}</sheetData></worksheet>")
CELL_TYPES = ["s", "n", "d", "b", "e", "str", "inlineStr", None]


def _xml(text: str) -> str:
    return xml_escape(ILLEGAL_CHARACTERS_RE.sub("", text))


@st.composite
def crafted_sheets(draw) -> bytes:
    """A well-formed worksheet whose cells claim any type and hold any value (as a hand-made file could)."""
    rows = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        cells = []
        columns = draw(st.lists(st.sampled_from(["A", "B", "C", "ZZ", "ZZZZ", "A1"]), min_size=1, max_size=4))
        for column in columns:
            kind = draw(st.sampled_from(CELL_TYPES))
            value = _xml(draw(st.one_of(fz.digits_text, fz.short_text)))
            body = f"<is><t>{value}</t></is>" if kind == "inlineStr" else f"<v>{value}</v>"
            kind_attribute = f' t="{kind}"' if kind else ""
            cells.append(f'<c r="{column}{number}"{kind_attribute}>{body}</c>')
        rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    return SHEET.format("".join(rows)).encode("utf-8")


XLSX_CELLS = st.one_of(fz.text, st.integers(), st.floats(), st.dates(), st.datetimes(), st.booleans(),
                       st.none())


NAMES = {".csv": ["households.csv", "HOUSEHOLDS.CSV", "export.csv"],
         ".xlsx": ["households.xlsx", "Export.XLSX"]}
KINDS = ["csv"] * 4 + ["xlsx"] * 2 + ["broken xlsx", "crafted xlsx", "bytes", "text"]
PARTS = ["sheet1", "sharedStrings", "workbook.xml", "Content_Types", "styles"]


@st.composite
def uploads(draw):
    """A file to upload: its bytes and its name."""
    columns, rows, changed = draw(tables())
    kind = draw(st.sampled_from(KINDS))
    if kind == "csv":
        quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
        data = as_csv(columns, rows, quoting, draw(st.booleans()))
    elif kind == "text":  # written by hand: no quoting at all, any line ends
        newline = draw(st.sampled_from(["\n", "\r\n", "\r", "\x00", "\u2028"]))
        text = newline.join(",".join(str(v) for v in line) for line in [columns, *rows])
        data = text.encode(draw(st.sampled_from(["utf-8", "utf-16", "utf-8"])), "surrogatepass")
    elif kind == "bytes":
        data = draw(st.binary(max_size=2000))
    else:
        cells = draw(st.lists(XLSX_CELLS, max_size=8)) if changed else []
        data = as_xlsx(columns, [[str(v) for v in row] for row in rows], draw(st.booleans()), iter(cells),
                       by_uuid=draw(st.booleans()))
        if kind == "crafted xlsx":
            data = corrupt(data, "sheet1", draw(crafted_sheets()))
        if kind == "broken xlsx":
            part = draw(st.sampled_from(PARTS))
            junk = draw(st.one_of(st.binary(max_size=300), fz.text.map(lambda t: t.encode("utf-8")),
                                  st.just(b"<worksheet><sheetData><row><c t='s'><v>99</v></c></row>")))
            data = corrupt(data, part, junk)
    suffix = ".xlsx" if "xlsx" in kind else ".csv"
    odd_names = st.one_of(fz.text.map(lambda t: t + suffix), fz.text)
    name = draw(fz.sometimes(st.sampled_from(NAMES[suffix]), odd_names))
    return data, name


@pytest.fixture
def facilitator(auth):
    return auth.staff_client("facilitator", townships=("MMR011001",))


def clean_text(value: str, limit: int = 120) -> bool:
    return bool(value) and len(value) <= limit and "\x00" not in value \
        and unicodedata.is_normalized("NFC", value)


def check_saved_whole(db, staff, changed: dict) -> None:
    """Households saved by an import: each with its members, consent, and text that fits its columns."""
    new = changed.get("households", 0)
    households = db.scalars(select(Household).order_by(Household.id.desc()).limit(new)).all() if new else []
    assert sum(len(h.members) for h in households) == changed.get("members", 0)
    for household in households:
        assert household.members and household.consent_recorded_by_id == staff.id
        assert household.township_pcode == "MMR011001" and clean_text(household.village)
        assert household.duplicate_key and len(household.duplicate_key) == 64 and household.import_key is None
        assert household.phone is None or re.fullmatch(r"\+?[0-9]{7,15}", household.phone)
        for member in household.members:
            assert clean_text(member.name) and clean_text(member.father_name)
            assert 1900 <= member.birth_year <= date.today().year and member.preferred_language in LANGUAGES


def _upload(client, data: bytes, name: str, query=None):
    token = csrf_token(client.get("/facilitate/import").text)
    return client.post("/facilitate/import", query_string={"lang": "en", **(query or {})},
                       data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


CSV_HEADER = "_uuid,township,village,consent,name,father_name,sex,birth_year,phone\n"


def one_row(name: str = "မောင်မောင်", birth_year: str = "1990", phone: str = "") -> bytes:
    """A CSV file of one household of one member."""
    return (CSV_HEADER + f"u1,MMR011001,ရွာ,yes,{name},ဦးဘ,male,{birth_year},{phone}\n").encode()


@given(upload=uploads(), forget=st.booleans())
@example(upload=(one_row(name="မောင်\rမောင်"), "cr.csv"), forget=True)
@example(upload=(one_row(name='"' + "x" * 140_000 + '"'), "big.csv"), forget=True)
@example(upload=(one_row(birth_year="¹⁹⁹⁰"), "digits.csv"), forget=True)
@example(upload=(one_row(name="မ" * 121), "long.csv"), forget=True)
@example(upload=(one_row(phone="9" * 40), "phone.csv"), forget=True)
@example(upload=(one_row(name="မောင်\x00"), "nul.csv"), forget=True)
@example(upload=(as_xlsx(["_uuid", "township", "village", "consent"], [["u1", "MMR011001", "ရွာ", "yes"]] * 2,
                         kobo=True, cells=iter(()), by_uuid=False), "twice.xlsx"), forget=True)
def test_an_upload_is_previewed_and_saved_whole_or_not_at_all(facilitator, db, watch, upload, forget):
    client, staff = facilitator
    data, name = upload
    if forget:  # else the households of earlier examples count as imported before, and are skipped
        db.execute(delete(Household))
        db.commit()
    before = watch.start()
    preview = watch.check(_upload(client, data, name), {200, 400})
    assert watch.changes(before) == {}  # a preview saves nothing
    if preview.status_code != 200:
        return
    action = re.search(r'action="(/facilitate/import/[^"]+)"', preview.text).group(1)
    suffix = re.search(r'name="suffix" value="([^"]+)"', preview.text).group(1)
    saved = watch.check(client.post(action, data={"csrf_token": csrf_token(preview.text), "suffix": suffix}),
                        {302})
    changed = watch.changes(before)
    assert saved.headers["Location"].endswith("/facilitate/households")
    assert changed.pop("audit_log") == 1
    assert set(changed) <= {"households", "members"}
    check_saved_whole(db, staff, changed)


@pytest.fixture
def stored_upload(facilitator):
    """A valid file, previewed and waiting to be saved: its save address."""
    client, _ = facilitator
    preview = _upload(client, one_row(), "good.csv")
    assert preview.status_code == 200
    return re.search(r'action="(/facilitate/import/[^"]+)"', preview.text).group(1)


@pytest.fixture
def elsewhere(db, facilitator):
    """A group of the facilitator's in another township than the file's."""
    made = make_group(db, facilitator[1], township="MMR011005", name="Elsewhere")
    db.commit()
    return made


@given(token=st.one_of(st.none(), fz.text.filter(bool),
                       st.from_regex(r"[A-Za-z0-9_-]{20,64}", fullmatch=True)),
       suffix=st.one_of(st.none(), st.sampled_from([".csv", ".xlsx", ".txt", "", "/../x.csv"]), fz.text),
       group_id=st.one_of(st.none(), st.just("other"), fz.numbers))
@example(token=None, suffix=".csv", group_id="9" * 20)
def test_saving_with_a_wrong_token_suffix_or_group_saves_nothing_wrong(db, facilitator, stored_upload,
                                                                         elsewhere, watch, token, suffix,
                                                                         group_id):
    client, staff = facilitator
    url = stored_upload if token is None else f"/facilitate/import/{quote(token, safe='')}"
    data = {"csrf_token": csrf_token(client.get("/facilitate/import").text)}
    if suffix is not None:
        data["suffix"] = suffix
    if group_id is not None:
        data["group_id"] = str(elsewhere.id) if group_id == "other" else group_id
    before = watch.start()
    response = watch.post(client, url, {302, 400, 404, 405}, data=data)
    changed = watch.changes(before)
    if response.status_code != 302:
        assert changed == {}
        return
    assert token is None and changed in ({}, {"households": 1, "members": 1, "audit_log": 1},
                                         {"audit_log": 1})
    assert group_id != "other"  # a group elsewhere makes every row out of area
    check_saved_whole(db, staff, changed)
