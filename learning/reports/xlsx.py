"""A one-sheet XLSX written as it streams: text, whole numbers and dates, nothing else.

Why not openpyxl (which reads the facilitators' imports): its write-only mode spends about 4 µs per cell on this
project's 2-core machine, and the completion list of 50,000 households with two courses has 225,000 rows of 33
columns, so the export took 27.3 s (measured 2026-12-04) against a goal of 20 s. On 60,000 rows of that list (`bench/xlsx_writers.py`):
openpyxl 7.7 s, XlsxWriter 6.0 s, this writer 1.5 s. What the list needs of the format is small and fixed, so the
sheet's XML is written here directly (ECMA-376 SpreadsheetML: inline strings, number cells, one date style), and
read back by openpyxl in the tests.

Only the writer's caller knows what a cell means: it gives text already neutralised (learning.reports.exports), so
nothing here turns a text into a formula; a text cell is always `t="inlineStr"`, which no spreadsheet evaluates.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import date

_EXCEL_EPOCH = date(1899, 12, 30).toordinal()  # day 0 of Excel's 1900 date system, as every spreadsheet reads it
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                         "\ufffe": None, "\uffff": None})  # the two characters XML forbids that text may still hold
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_FIXED_PARTS = {
    "[Content_Types].xml": (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/></Types>'),
    "_rels/.rels": (
        f'{_HEAD}<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1" Target="xl/workbook.xml" '
        f'Type="{_RELATIONSHIPS}/officeDocument"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        f'{_HEAD}<Relationships xmlns="{_PACKAGE}">'
        f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{_RELATIONSHIPS}/worksheet"/>'
        f'<Relationship Id="rId2" Target="styles.xml" Type="{_RELATIONSHIPS}/styles"/></Relationships>'),
    # style 0: the default; style 1: a date shown as 2026-11-04
    "xl/styles.xml": (
        f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}
_FLUSH_EVERY = 500  # rows per write to the compressed stream


def column_name(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    name, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


class _Columns(list):
    """Column names by index, grown when a row is wider than any before."""

    def up_to(self, width: int) -> list[str]:
        self.extend(column_name(i) for i in range(len(self), width))
        return self


def _cells(values: Iterable, columns: list[str], number: int) -> str:
    """One row's cells: None (or "") is no cell; int a number; date a number in the date style; anything else text."""
    out = []
    for column, value in zip(columns, values, strict=False):  # columns may run on past a short row
        if value is None:
            continue
        kind = type(value)
        if kind is int:
            out.append(f'<c r="{column}{number}"><v>{value}</v></c>')
        elif kind is date:
            out.append(f'<c r="{column}{number}" s="1"><v>{value.toordinal() - _EXCEL_EPOCH}</v></c>')
        elif value != "":  # an empty text is no cell, as in other writers
            out.append(f'<c r="{column}{number}" t="inlineStr"><is><t xml:space="preserve">'
                       f'{str(value).translate(_ESCAPE)}</t></is></c>')
    return "".join(out)


def write(path, sheet_name: str, rows: Iterable[list]) -> None:
    """Write the rows (the first is usually the header) as the one sheet of a workbook at path. Cells may be None,
    int (not bool), date (not datetime) or text; text must be clean of control characters (neutralised)."""
    columns = _Columns()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as package:
        for name, text in _FIXED_PARTS.items():
            package.writestr(name, text)
        package.writestr("xl/workbook.xml", (
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
            f'<sheet name="{sheet_name.translate(_ESCAPE)}" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        with package.open("xl/worksheets/sheet1.xml", "w") as raw:
            sheet = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            sheet.write(f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>')
            pending = []
            for number, values in enumerate(rows, start=1):
                if len(values) > len(columns):
                    columns.up_to(len(values))
                pending.append(f'<row r="{number}">{_cells(values, columns, number)}</row>')
                if len(pending) == _FLUSH_EVERY:
                    sheet.write("".join(pending))
                    pending.clear()
            sheet.write("".join(pending))
            sheet.write("</sheetData></worksheet>")
            sheet.flush()
            sheet.detach()
