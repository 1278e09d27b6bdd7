"""The completion list's XLSX writers compared on the same rows: openpyxl's write-only mode (what the export used
before) and learning/reports/xlsx.py (what it uses now); XlsxWriter too when it is installed (it is not a
dependency: `.venv/bin/pip install xlsxwriter` to include it).

    .venv/bin/python bench/xlsx_writers.py [--rows 60000]

Needs bench/exports.py's SQLite data (bench/.work/bench.sqlite3, 50,000 households): it takes the first rows of
the whole programme's list, cleaned as the export cleans them, then times each writer alone (best of 2).
"""
from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def with_openpyxl(path, rows):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("completions")
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def with_xlsxwriter(path, rows):
    import xlsxwriter

    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    sheet, dated = workbook.add_worksheet("completions"), workbook.add_format({"num_format": "yyyy-mm-dd"})
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is None:
                continue
            if type(value) is int:
                sheet.write_number(number, column, value)
            elif type(value) is date:
                sheet.write_datetime(number, column, value, dated)
            else:
                sheet.write_string(number, column, value)
    workbook.close()


def with_ours(path, rows):
    from learning.reports import xlsx

    xlsx.write(path, "completions", rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=60_000)
    args = parser.parse_args()
    os.environ.update(TWELET_ENV="demo", DATABASE_URL=f"sqlite:///{ROOT / 'bench' / '.work' / 'bench.sqlite3'}",
                      INSTANCE_PATH=str(ROOT / "bench" / ".work" / "instance"))
    from learning import create_app, db
    from learning.i18n import page_language
    from learning.learn.library import catalog
    from learning.reports import exports
    from learning.reports.filters import ReportFilter

    app = create_app()
    with app.app_context():
        db.session.connection()
        with app.test_request_context(), page_language("en"):
            export = exports.Export(exports.courses_for(catalog(), ReportFilter()), ReportFilter(), None, None)
            header = [exports.neutralise(h) for h in exports.headers(export)]
            body = itertools.islice(exports._cleaned(exports.rows(db.session, export), exports.xlsx_cell), args.rows)
            rows = [header, *body]
    cells = sum(len(r) for r in rows)
    writers = {"openpyxl (write-only)": with_openpyxl, "learning/reports/xlsx.py": with_ours}
    try:
        import xlsxwriter  # noqa: F401

        writers["XlsxWriter (constant memory)"] = with_xlsxwriter
    except ImportError:
        print("XlsxWriter is not installed: left out")
    print(f"{len(rows) - 1} rows, {cells} cells")
    with tempfile.TemporaryDirectory() as folder:
        for name, write in writers.items():
            best = min(_timed(write, Path(folder) / "out.xlsx", rows) for _ in range(2))
            print(f"{name}: {best:.2f} s ({best / cells * 1e6:.2f} us a cell)")


def _timed(write, path, rows) -> float:
    start = time.perf_counter()
    write(path, rows)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
