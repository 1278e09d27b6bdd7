"""Bulk import: preview with every row's problems, all-or-nothing saving, no duplicates on re-import."""
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from learning.households.models import Household, Member
from tests.conftest import csrf_token

CSV = (Path(__file__).resolve().parent.parent / "data" / "import" / "households.csv").read_bytes()
GOOD_CSV = b"\n".join(CSV.splitlines()[:-1]) + b"\n"  # without the bad row


@pytest.fixture
def facilitator(auth):
    return auth.staff_client("facilitator", townships=("MMR011001",))


def upload(client, data: bytes, filename: str, lang="en"):
    token = csrf_token(client.get("/facilitate/import").text)
    return client.post(f"/facilitate/import?lang={lang}", data={
        "csrf_token": token, "file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def save(client, preview):
    import re

    action = re.search(r'action="(/facilitate/import/[^"]+)"', preview.text).group(1)
    suffix = re.search(r'name="suffix" value="([^"]+)"', preview.text).group(1)
    return client.post(action, data={"csrf_token": csrf_token(preview.text), "suffix": suffix})


def households(db):
    db.rollback()
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Household))


def test_a_bad_row_is_shown_with_row_column_and_message_and_nothing_is_saved(facilitator, db):
    client, _ = facilitator
    preview = upload(client, CSV, "households.csv")
    assert preview.status_code == 400
    assert "Row 6, column consent: There is no consent" in preview.text
    assert "Row 6, column birth_year: Write the year of birth with four digits." in preview.text
    assert "Save all households" not in preview.text
    assert households(db) == 0


def test_problems_are_written_in_the_users_language(facilitator):
    client, _ = facilitator
    burmese = upload(client, CSV, "households.csv", lang="my")
    assert "There is no consent" not in burmese.text


def test_a_good_csv_is_saved_whole_with_zawgyi_converted_and_shan_kept(facilitator, db):
    client, staff = facilitator
    preview = upload(client, GOOD_CSV, "households.csv")
    assert preview.status_code == 200 and "Every row is valid" in preview.text
    assert households(db) == 0  # a preview saves nothing
    assert save(client, preview).status_code == 302
    assert households(db) == 3
    names = set(db.scalars(select(Member.name)))
    assert {"ဒေါ်ခင်ခင်ဝင်း", "ကိုမင်းမင်း", "ၼၢင်းသႅင်ၶမ်း", "မောင်မောင်အေး"} == names
    assert {h.consent_recorded_by_id for h in db.scalars(select(Household))} == {staff.id}
    assert db.scalar(select(Member.birth_year).where(Member.name == "ကိုမင်းမင်း")) == 2001


def test_uploading_the_same_file_again_creates_no_duplicates(facilitator, db):
    client, _ = facilitator
    save(client, upload(client, GOOD_CSV, "households.csv"))
    again = upload(client, GOOD_CSV, "households.csv")
    assert again.text.count("imported before: skipped") == 3
    save(client, again)
    assert households(db) == 3


def kobo_xlsx(rows_ok: bool = True) -> bytes:
    """A workbook shaped like a KoboToolbox export of docs/household-registration.xlsx."""
    book = Workbook()
    main = book.active
    main.title = "household registration"
    main.append(["township", "village", "phone", "consent_language", "consent", "_id", "_uuid", "_index"])
    main.append(["MMR011001", "ကျောက်တန်း", "09421555009", "my", "yes", 11, "kobo-uuid-0011", 1])
    main.append(["MMR011001", "ကျောက်တန်း", None, "shn", "yes" if rows_ok else "no", 12, "kobo-uuid-0012", 2])
    members = book.create_sheet("member")
    members.append(["member/name", "member/father_name", "member/sex", "member/birth_year", "member/relation",
                    "member/language", "_index", "_parent_index", "_submission__uuid"])
    members.append(["ဒေါ်မြင့်မြင့်", "ဦးသန်း", "female", 1975, "head", "my", 1, 1, "kobo-uuid-0011"])
    members.append(["ေမာင္ေက်ာ္", "ဦးသန်း", "male", 2003, "child", "my", 2, 1, "kobo-uuid-0011"])
    members.append(["ၸၢႆးလႅင်း", "ၸၢႆးၶမ်း", "male", 1999, "head", "shn", 3, 2, "kobo-uuid-0012"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_kobo_xlsx_export_is_imported_and_reimporting_adds_nothing(facilitator, db):
    client, _ = facilitator
    preview = upload(client, kobo_xlsx(), "export.xlsx")
    assert preview.status_code == 200, preview.text
    save(client, preview)
    assert households(db) == 2
    assert db.scalar(select(Member.name).where(Member.birth_year == 2003)) == "မောင်ကျော်"
    assert db.scalar(select(Member.name).where(Member.birth_year == 1999)) == "ၸၢႆးလႅင်း"
    save(client, upload(client, kobo_xlsx(), "export.xlsx"))
    assert households(db) == 2


def test_a_kobo_row_without_consent_blocks_the_whole_file(facilitator, db):
    client, _ = facilitator
    preview = upload(client, kobo_xlsx(rows_ok=False), "export.xlsx")
    assert preview.status_code == 400 and "Row 3, column consent" in preview.text
    assert households(db) == 0


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"x" * (5 * 1024 * 1024 + 10), "big.csv", "larger than 5 MB"),
    (b"name\nx\n", "notes.txt", "Upload a CSV or XLSX file."),
    (b"PK\x03\x04 not really a workbook", "broken.xlsx", "could not be read"),
    ("name\n".encode("utf-16"), "utf16.csv", "not UTF-8"),
    (b"_uuid,township\n", "empty.csv", "no rows"),
])
def test_unusable_files_get_a_clear_message(facilitator, db, data, filename, message):
    client, _ = facilitator
    response = upload(client, data, filename)
    assert response.status_code == 400 and message in response.text
    assert households(db) == 0


def test_ten_thousand_rows_are_refused(facilitator, db):
    client, _ = facilitator
    header = b"township,village,consent,name,father_name,sex,birth_year\n"
    row = "MMR011001,ရွာသစ်,yes,မောင်မောင်,ဦးဘ,male,1990\n".encode()
    response = upload(client, header + row * 10_000, "many.csv")
    assert response.status_code == 400 and "more than 9" in response.text
    assert households(db) == 0


def test_formulas_and_townships_outside_the_area_are_refused(facilitator, db):
    client, _ = facilitator
    data = ("household,township,village,consent,name,father_name,sex,birth_year\n"
            "h1,MMR011001,ရွာသစ်,yes,\"=HYPERLINK(\"\"http://x\"\")\",ဦးဘ,male,1990\n"
            "h2,MMR003001,ဘားအံ,yes,နော်ပော,စောမူ,female,1990\n").encode()
    response = upload(client, data, "tricky.csv")
    assert response.status_code == 400
    assert "Row 2, column name: Formulas are not accepted" in response.text
    assert "Row 3, column township: Hpa-An (MMR003001) is not one of your townships." in response.text
    assert households(db) == 0


def test_a_township_refused_is_named_with_the_rule_that_refused_it(auth, facilitator, db):
    from tests.builders import make_group

    client, staff = facilitator
    header = "township,village,consent,name,father_name,sex,birth_year\n"
    unknown = upload(client, (header + "MMR999999,ရွာ,yes,မောင်မောင်,ဦးဘ,male,1990\n").encode(), "x.csv")
    assert "Unknown township P-code: write the MIMU P-code, such as MMR011001." in unknown.text
    # The facilitator works in Mawlamyine and Mudon; a group of Mawlamyine takes only Mawlamyine's households.
    client, staff = auth.staff_client("facilitator", townships=("MMR011001", "MMR011005"))
    group = make_group(db, staff)
    db.commit()
    page = client.get(f"/facilitate/import?group_id={group.id}&lang=en")
    response = client.post("/facilitate/import?lang=en", data={
        "csrf_token": csrf_token(page.text), "group_id": group.id,
        "file": (io.BytesIO((header + "MMR011005,ရွာ,yes,မောင်မောင်,ဦးဘ,male,1990\n").encode()), "x.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert ("This file goes into a group of Mawlamyine: every household must be in Mawlamyine (MMR011001)."
            in response.text)
    assert households(db) == 0


def test_another_users_upload_cannot_be_saved(auth, db, facilitator):
    client, _ = facilitator
    preview = upload(client, GOOD_CSV, "households.csv")
    other, _ = auth.staff_client("facilitator", townships=("MMR011001",))
    import re

    action = re.search(r'action="(/facilitate/import/[^"]+)"', preview.text).group(1)
    token = csrf_token(other.get("/facilitate/import").text)
    assert other.post(action, data={"csrf_token": token, "suffix": ".csv"}).status_code == 404
    assert households(db) == 0


# -- files that must not tie up a worker, and saving without per-household PIN hashing ------------------------------

XLSX_HEADER = ["household", "township", "village", "consent", "name", "father_name", "sex", "birth_year"]


def long_xlsx(rows: int, dimension: bytes = b"") -> bytes:
    """A workbook of one household per row, its <dimension> element removed (as some tools write it) or replaced."""
    import zipfile

    book = Workbook(write_only=True)
    sheet = book.create_sheet("households")
    sheet.append(XLSX_HEADER)
    for i in range(rows):
        sheet.append([f"h{i}", "MMR011001", "ရွာသစ်", "yes", "မောင်မောင်", "ဦးဘ", "male", 1990])
    written = io.BytesIO()
    book.save(written)
    source, out = zipfile.ZipFile(written), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"<dimension[^>]*/>", b"", content).replace(b"<sheetViews>", dimension + b"<sheetViews>")
            target.writestr(info.filename, content)
    return out.getvalue()


def sheet_bytes_read(monkeypatch) -> list[int]:
    """Count the bytes unpacked from the workbook's worksheet parts."""
    import zipfile

    read = []
    real_open = zipfile.ZipFile.open

    def counting_open(self, name, *args, **kwargs):
        part = real_open(self, name, *args, **kwargs)
        if str(getattr(name, "filename", name)).startswith("xl/worksheets/"):
            real_read = part.read

            def counting_read(n=-1):
                chunk = real_read(n)
                read.append(len(chunk))
                return chunk

            part.read = counting_read
        return part

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    return read


def test_an_xlsx_without_dimension_is_read_only_until_the_row_limit_is_passed(app, monkeypatch):
    import zipfile

    from learning.facilitate import importing

    data = long_xlsx(3000)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<dimension" not in sheet
    sheet_size = len(sheet)
    read = sheet_bytes_read(monkeypatch)
    with app.test_request_context(), pytest.raises(importing.ImportFileError, match=r"၅၀"):
        importing.read_file("many.xlsx", data, 10**7, 50)
    assert 0 < sum(read) < sheet_size / 4  # the first rows only, never the whole sheet


def test_an_xlsx_whose_dimension_claims_fewer_rows_is_read_whole(app):
    import zipfile

    from learning.facilitate import importing

    data = long_xlsx(60, dimension=b'<dimension ref="A1:H2"/>')
    assert b'<dimension ref="A1:H2"/>' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    with app.test_request_context(), pytest.raises(importing.ImportFileError, match=r"၅၀"):
        importing.read_file("many.xlsx", data, 10**7, 50)
    with app.test_request_context():
        assert len(importing.read_file("many.xlsx", data, 10**7, 100)) == 60


def test_a_workbook_that_unpacks_to_too_much_is_refused(app, facilitator, db):
    import zipfile

    app.config["IMPORT_MAX_UNPACKED_BYTES"] = 200_000
    padded = io.BytesIO(kobo_xlsx())
    with zipfile.ZipFile(padded, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/media/padding.bin", b"\0" * 1_000_000)  # a few KB packed, a megabyte unpacked
    client, _ = facilitator
    response = upload(client, padded.getvalue(), "export.xlsx")
    assert response.status_code == 400 and "unpacks to more than" in response.text
    assert households(db) == 0


def test_a_file_that_takes_too_long_to_read_is_refused_with_a_clear_message(app, facilitator, db):
    app.config["IMPORT_READ_SECONDS"] = 0  # every file is then too slow: the deadline is checked while reading
    client, _ = facilitator
    for data, name in ((kobo_xlsx(), "export.xlsx"), (GOOD_CSV, "households.csv")):
        response = upload(client, data, name)
        assert response.status_code == 400 and "took too long to read" in response.text
    assert households(db) == 0


def test_saving_an_import_hashes_no_pin_and_the_households_have_none_yet(facilitator, db, monkeypatch):
    from learning.households import codes
    from learning.households import services as household_services

    hashed = []
    real_hash = codes.hash_pin

    def counting_hash(pepper, pin):
        hashed.append(pin)
        return real_hash(pepper, pin)

    monkeypatch.setattr(household_services, "hash_pin", counting_hash)
    monkeypatch.setattr(codes, "hash_pin", counting_hash)
    client, _ = facilitator
    assert save(client, upload(client, GOOD_CSV, "households.csv")).status_code == 302
    assert households(db) == 3
    assert hashed == []
    assert [h.pin_hash for h in db.scalars(select(Household))] == [None, None, None]


def _group_of_imported_households(auth, db):
    from tests.builders import make_group

    client, staff = auth.staff_client("facilitator", townships=("MMR011001",))
    group = make_group(db, staff)
    db.commit()
    page = client.get(f"/facilitate/import?group_id={group.id}")
    preview = client.post("/facilitate/import", data={
        "csrf_token": csrf_token(page.text), "group_id": group.id,
        "file": (io.BytesIO(GOOD_CSV), "households.csv")}, content_type="multipart/form-data")
    action = re.search(r'action="(/facilitate/import/[^"]+)"', preview.text).group(1)
    assert client.post(action, data={"csrf_token": csrf_token(preview.text), "suffix": ".csv",
                                     "group_id": group.id}).status_code == 302
    return client, group, db.scalars(select(Household).order_by(Household.id)).all()


def test_an_imported_household_shows_that_its_pin_is_not_issued_until_the_cards_are_printed(auth, db):
    client, group, imported = _group_of_imported_households(auth, db)
    page = client.get(f"/facilitate/households/{imported[0].id}?lang=en")
    assert "PIN not yet issued — print the cards" in page.text
    cards = client.get(f"/facilitate/groups/{group.id}/cards")
    chosen = re.findall(r'name="households" value="(\d+)" checked', cards.text)
    assert sorted(map(int, chosen)) == sorted(h.id for h in imported)  # none has a card yet: all chosen at first
    assert client.post(f"/facilitate/groups/{group.id}/cards",
                       data={"csrf_token": csrf_token(cards.text), "households": chosen}).status_code == 200
    page = client.get(f"/facilitate/households/{imported[0].id}?lang=en")
    assert "PIN not yet issued" not in page.text
    db.rollback()
    db.expire_all()
    assert all(h.pin_hash for h in db.scalars(select(Household)))


def _without_token(page: str, code: str) -> str:
    """The page as the person sees it: the code they typed and the form's CSRF token aside."""
    return re.sub(r'name="csrf_token" (type="hidden" )?value="[^"]+"', "", page.replace(code, "CODE"))


def test_signing_in_to_a_household_without_a_pin_is_exactly_a_wrong_pin(auth, app, db, household, monkeypatch):
    from argon2 import PasswordHasher

    _client, _group, imported = _group_of_imported_households(auth, db)
    no_pin = next(h for h in imported if h.pin_hash is None)
    verified = []
    real_verify = PasswordHasher.verify

    def counting_verify(self, hash_, password):
        verified.append(hash_)
        return real_verify(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting_verify)
    wrong = auth.on(app.test_client()).household(household.code, "000001", query="?lang=en")
    assert len(verified) == 1
    unissued = auth.on(app.test_client()).household(no_pin.code, "000001", query="?lang=en")
    assert len(verified) == 2 and verified[1].startswith("$argon2")  # the same argon2 work
    assert unissued.status_code == wrong.status_code
    assert _without_token(unissued.text, no_pin.code) == _without_token(wrong.text, household.code)
    db.rollback()
    assert db.get(Household, no_pin.id).pin_failures == 1  # counted like any wrong PIN
