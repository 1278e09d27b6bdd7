"""Bulk import: preview with every row's problems, all-or-nothing saving, no duplicates on re-import."""
import io
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
    assert "Row 3, column township: Unknown township P-code, or not in your area." in response.text
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
