"""Household imports at the row limit's scale: check and save 1,000 households, and refuse a hostile workbook.

    .venv/bin/python bench/imports.py --households 1000
    .venv/bin/python bench/imports.py --households 1000 --database-url postgresql+psycopg://postgres@127.0.0.1:5432/DB

Runs through the app's pages as a facilitator (upload and preview, then save), with production's argon2 costs, on a
fresh SQLite file under bench/.work/ unless a database URL is given (its tables are dropped and migrated again).
Then a workbook of 300,000 one-cell rows without a <dimension> element (about 300 KB packed) is uploaded, and the
time until it is refused is measured. Prints a small table; the goal for saving 1,000 households is <= 10 s.
"""
from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
sys.path.insert(0, str(ROOT))

HEADER = "_uuid,township,village,phone,consent,consent_language,name,father_name,sex,birth_year,relation,language\n"
NAMES = ("ဒေါ်ခင်ခင်ဝင်း", "ကိုမင်းမင်း", "ၼၢင်းသႅင်ၶမ်း", "မောင်မောင်အေး", "မသီတာ")


def households_csv(count: int, members: int) -> bytes:
    """A Kobo-style CSV: one row per member, `members` members per household."""
    lines = [HEADER]
    for h in range(count):
        for m in range(members):
            name = f"{NAMES[(h + m) % len(NAMES)]}{h}"
            lines.append(f"bench-{h:06d},MMR011001,ရွာသစ်,09421{h:06d},yes,my,{name},ဦးဘ,"
                         f"{'female' if m % 2 == 0 else 'male'},{1960 + (h + m) % 50},{'head' if m == 0 else 'child'},my\n")
    return "".join(lines).encode()


def hostile_xlsx(rows: int) -> bytes:
    """A real workbook whose first sheet is replaced by `rows` one-cell rows and no <dimension> element."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name"])
    written = io.BytesIO()
    book.save(written)
    body = "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(2, rows + 2))
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>' + body + "</sheetData></worksheet>")
    source, out = zipfile.ZipFile(written), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else source.read(info.filename)
            target.writestr(info.filename, data)
    return out.getvalue()


def make_app(url: str):
    from learning import create_app
    from learning.config import Config

    # production's argon2 costs: any PIN hashed while saving would show in the time
    return create_app({"ENV_NAME": "test", "DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                       "PASSWORD_HASH_PARAMETERS": Config.PASSWORD_HASH_PARAMETERS,
                       "PIN_HASH_PARAMETERS": Config.PIN_HASH_PARAMETERS, "RATELIMIT_ENABLED": False})


def fresh_database(url: str | None) -> str:
    from sqlalchemy import text

    from learning.cli.database import upgrade_database
    from learning.db import make_engine

    if url is None:
        WORK.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{WORK / 'imports.sqlite3'}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{WORK / 'imports.sqlite3'}"
    else:
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade_database(url)
    from sqlalchemy.orm import Session

    from learning.places.services import load_townships

    engine = make_engine(url)
    with Session(engine) as session:
        load_townships(session)
        session.commit()
    engine.dispose()
    return url


def signed_in_facilitator(app):
    from learning import db
    from learning.auth.models import Role
    from learning.auth.services import create_staff

    username = f"bench-{time.time_ns()}"
    with app.app_context():
        create_staff(db.session, username=username, password="bench password", role=Role.FACILITATOR,
                     townships=("MMR011001",))
        db.session.commit()
    client = app.test_client()
    assert client.post("/staff/login", data={"username": username, "password": "bench password"}).status_code == 302
    return client


def upload(client, data: bytes, name: str):
    return client.post("/facilitate/import?lang=en", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def import_once(client, data: bytes) -> tuple[float, float, str]:
    """Seconds to check the file (preview) and to save it, and the message after saving."""
    start = time.perf_counter()
    preview = upload(client, data, "households.csv")
    checked = time.perf_counter() - start
    assert preview.status_code == 200, preview.text[-2000:]
    action = re.search(r'action="(/facilitate/import/[^"]+)"', preview.text).group(1)
    start = time.perf_counter()
    saved = client.post(action, data={"suffix": ".csv"}, follow_redirects=False)
    saving = time.perf_counter() - start
    assert saved.status_code == 302, saved.text[-2000:]
    message = re.search(r'<p class="flash"[^>]*>([^<]+)', client.get("/facilitate/households?lang=en").text)
    return checked, saving, message.group(1) if message else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--members", type=int, default=2)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = fresh_database(args.database_url)
    app = make_app(url)
    client = signed_in_facilitator(app)
    data = households_csv(args.households, args.members)
    checked, saving, message = import_once(client, data)
    hostile = hostile_xlsx(300_000)
    refusals = []
    for _ in range(3):
        start = time.perf_counter()
        refused = upload(client, hostile, "hostile.xlsx")
        refusals.append(time.perf_counter() - start)
        assert refused.status_code == 400, refused.status_code
    app.extensions["db_engine"].dispose()
    engine = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"{engine}: {args.households} households, {args.households * args.members} rows "
          f"({len(data) / 1e6:.2f} MB CSV); saved: {message}")
    print("| measure | result | goal |")
    print("|---|---|---|")
    print(f"| check (upload and preview) | {checked:.1f} s | |")
    print(f"| save, one request | {saving:.1f} s | <= 10 s |")
    print(f"| hostile XLSX ({len(hostile) / 1e3:.0f} KB, 300,000 rows, no dimension) refused, median of 3 "
          f"| {statistics.median(refusals):.2f} s | a few seconds |")


if __name__ == "__main__":
    main()
