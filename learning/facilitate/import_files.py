"""Reading an import file as a whole: CSV or XLSX rows as dictionaries keyed by column name, within limits.

A workbook's parts may not unpack to more than IMPORT_MAX_UNPACKED_BYTES; rows are read as a stream and reading
stops as soon as the row limit is passed (whatever a sheet's dimension says), and a file that takes longer than
IMPORT_READ_SECONDS to read is refused. facilitate/importing.py turns the rows into households.
"""
from __future__ import annotations

import csv
import io
import time
import zipfile
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # a workbook's parts, unpacked (setting IMPORT_MAX_UNPACKED_BYTES)
MAX_ZIP_PARTS = 1000
READ_SECONDS = 5.0  # setting IMPORT_READ_SECONDS
BLANK_ROWS_READ = 2  # rows read, blank ones included, may be at most this many times the row limit


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class Reading:
    """The limits of one file's reading: rows counted across its sheets, and the moment it must be done by."""

    max_rows: int
    deadline: float
    rows: int = 0  # rows with content
    read: int = 0  # rows read, blank ones included

    @classmethod
    def starting(cls, max_rows: int, seconds: float) -> Reading:
        """The limits of a reading that starts now."""
        return cls(max_rows, time.monotonic() + seconds)

    def count(self, blank: bool) -> None:
        """Count a row just read; raises ImportFileError once a limit is passed."""
        self.read += 1
        self.rows += not blank
        if self.rows > self.max_rows or self.read > BLANK_ROWS_READ * self.max_rows:
            raise ImportFileError(_("The file has more than %(count)s rows. Split it into smaller files.",
                                    count=self.max_rows))
        if time.monotonic() > self.deadline:
            raise ImportFileError(_("The file took too long to read. Check that it holds only the households' "
                                    "rows, or split it into smaller files."))


def column_name(name: str) -> str:
    return name.strip().split("/")[-1].strip().lower() if name else ""


def _blank(values) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in values)


def csv_rows(data: bytes, reading: Reading) -> list[tuple[str, list[dict[str, str]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not UTF-8 text. Save it as CSV UTF-8 and upload it again.")) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))  # the csv module reads the line ends itself
    try:
        if "\x00" in text:  # no text file holds NUL (and PostgreSQL could not store it)
            raise csv.Error("a NUL character")
        if not reader.fieldnames:
            raise ImportFileError(_("The file is empty."))
        rows = []
        for row in reader:  # DictReader skips empty lines
            reading.count(blank=False)
            rows.append({column_name(k): (v or "").strip() for k, v in row.items() if k})
        return [("rows", rows)]
    except csv.Error as exc:  # for example a cell longer than the csv module accepts
        raise ImportFileError(
            _("The file could not be read as CSV. Save it as CSV UTF-8 and upload it again.")) from exc


def _check_zip(data: bytes, max_unpacked: int) -> None:
    """Refuse a workbook whose parts would unpack to too much (a zip bomb) before anything is unpacked. The sizes
    are the ones the zip declares; Python's zipfile never unpacks a part past its declared size."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError(_("The file could not be read as an Excel (XLSX) workbook.")) from exc
    if len(parts) > MAX_ZIP_PARTS or sum(part.file_size for part in parts) > max_unpacked:
        raise ImportFileError(_("The workbook unpacks to more than %(mb)s MB. Save only the households' sheets, "
                                "or split it into smaller files.", mb=max_unpacked // (1024 * 1024)))


def _open_workbook(data: bytes):
    """The workbook in openpyxl's read-only mode, its sheets streamed from the start whatever their <dimension>.

    openpyxl's read-only sheet looks for the <dimension> element when it is made, and without one parses the whole
    sheet first (300,000 rows: minutes); with one it stops at the row the element names, and pads every row to the
    columns it names. These sheets skip that look-up, so rows are read as a stream, each as long as it is, and only
    our own limits stop the reading (ExcelReader is openpyxl's load_workbook with the sheets made here)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class StreamedSheet(ReadOnlyWorksheet):
        def _get_size(self):
            """No size: the sheet's claimed dimension is never read."""

    class StreamedReader(ExcelReader):
        def read_worksheets(self):
            for sheet, rel in self.parser.find_sheets():
                if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                    self.wb._sheets.append(StreamedSheet(self.wb, sheet.name, rel.target, self.shared_strings))

    reader = StreamedReader(io.BytesIO(data), read_only=True, data_only=False)
    reader.read()
    return reader.wb


def xlsx_rows(data: bytes, reading: Reading, max_unpacked: int) -> list[tuple[str, list[dict[str, str]]]]:
    _check_zip(data, max_unpacked)
    sheets = []
    try:  # openpyxl raises many kinds for a file that is not a workbook, and reads each sheet only here
        workbook = _open_workbook(data)
        try:
            for sheet in workbook.worksheets:
                sheets.append(_sheet_rows(sheet, reading))
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(_("The file could not be read as an Excel (XLSX) workbook.")) from exc
    return [sheet for sheet in sheets if sheet is not None]


def _sheet_rows(sheet, reading: Reading) -> tuple[str, list[dict[str, str]]] | None:
    """A sheet's rows as a stream (read-only mode), counted as they are read: never its claimed dimension."""
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        return None
    names = [column_name(str(h)) if h is not None else "" for h in header]
    table = []
    for raw in rows:
        blank = raw is None or _blank(raw)
        reading.count(blank)
        if not blank:
            table.append({names[i]: _cell(raw[i]) for i in range(min(len(names), len(raw))) if names[i]})
    return sheet.title, table


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
