"""The completion list's own XLSX writer: a workbook that openpyxl (and so Excel's format) reads back cell for cell,
well-formed XML in every part, text kept as text."""
import zipfile
from datetime import date, datetime
from xml.etree import ElementTree

from openpyxl import load_workbook

from learning.reports import xlsx


def _written(tmp_path, rows):
    path = tmp_path / "out.xlsx"
    xlsx.write(path, "completions", rows)
    return path


def test_cells_come_back_with_their_types_and_positions(tmp_path):
    rows = [["Name", "Count", "Passed on", "Empty", "Last"],
            ["မောင်မောင်", 3, date(2026, 11, 4), None, "x"],
            [" spaces kept ", 0, None, None, None],
            ["a & b < c > d", 100, date(1999, 12, 31), None, "'=1+1"]]
    sheet = load_workbook(_written(tmp_path, rows)).active
    assert sheet.title == "completions"
    back = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert back[0] == rows[0]
    assert back[1] == ["မောင်မောင်", 3, datetime(2026, 11, 4), None, "x"]
    assert back[2] == [" spaces kept ", 0, None, None, None]
    assert back[3] == ["a & b < c > d", 100, datetime(1999, 12, 31), None, "'=1+1"]
    date_cell = sheet.cell(row=2, column=3)
    assert date_cell.is_date and date_cell.number_format == "yyyy-mm-dd"
    assert sheet.cell(row=2, column=2).data_type == "n"
    assert all(sheet.cell(row=4, column=c).data_type == "s" for c in (1, 5))  # text, never a formula ("f")


def test_columns_past_z_and_rows_longer_than_the_first(tmp_path):
    rows = [["h"], [f"v{i}" for i in range(60)]]
    sheet = load_workbook(_written(tmp_path, rows)).active
    assert [c.value for c in sheet[2]] == [f"v{i}" for i in range(60)]
    assert sheet.cell(row=2, column=28).coordinate == "AB2" and sheet.cell(row=2, column=28).value == "v27"
    assert [xlsx.column_name(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_every_part_is_well_formed_xml_without_characters_xml_forbids(tmp_path):
    path = _written(tmp_path, [["a\ufffeb\uffff", 1]] * 1200)  # more rows than one flush
    with zipfile.ZipFile(path) as package:
        assert "[Content_Types].xml" in package.namelist()
        for name in package.namelist():
            ElementTree.fromstring(package.read(name))  # raises on malformed XML
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "\ufffe" not in sheet and "\uffff" not in sheet
    assert sheet.count("<row ") == 1200
    assert load_workbook(path).active.cell(row=1200, column=1).value == "ab"
