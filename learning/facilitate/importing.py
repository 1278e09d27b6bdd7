"""Bulk import of households and members from CSV or XLSX, including KoboToolbox/ODK exports.

Two layouts are read:
- one row per member, with the household's columns repeated and a key column (`_uuid`, or `household`)
  that ties the rows of one household together (a CSV export, or a hand-made sheet);
- a Kobo XLSX export of docs/household-registration.xlsx: the households on the first sheet, the `member`
  repeat on a sheet of its own, joined by `_submission__uuid` (or `_parent_index` and `_index`).
Column names may carry Kobo's group prefixes (`member/name`). Nothing is saved until every row is valid, and
then everything is saved in one transaction; a household already imported (same key) is skipped.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from learning import clock
from learning.households.models import Household, Relation, Sex
from learning.households.services import NewMember
from learning.i18n.languages import LANGUAGES, to_latin_digits
from learning.i18n.text import NEVER_CONVERT, normalise

HOUSEHOLD_COLUMNS = ("township", "village", "phone", "consent", "consent_language")
MEMBER_COLUMNS = ("name", "father_name", "sex", "birth_year", "relation", "language")
YES = {"yes", "y", "1", "true", "ဟုတ်", "agree"}
SEXES = {"female": "female", "f": "female", "woman": "female", "male": "male", "m": "male", "man": "male",
         "other": "other"}
FORMULA_START = ("=", "+", "-", "@")
TEXT_MAX = 120  # names and villages, as in the registration form


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class Problem:
    row: int  # as the person sees it in the file (header is row 1)
    column: str
    message: str


@dataclass
class HouseholdRows:
    key: str
    first_row: int
    values: dict[str, str]
    members: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    already: bool = False
    parsed_members: list[NewMember] = field(default_factory=list)


def _column(name: str) -> str:
    return name.strip().split("/")[-1].strip().lower() if name else ""


def _rows_from_csv(data: bytes) -> list[tuple[str, list[dict[str, str]]]]:
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
        return [("rows", [{_column(k): (v or "").strip() for k, v in row.items() if k} for row in reader])]
    except csv.Error as exc:  # for example a cell longer than the csv module accepts
        raise ImportFileError(
            _("The file could not be read as CSV. Save it as CSV UTF-8 and upload it again.")) from exc


def _rows_from_xlsx(data: bytes) -> list[tuple[str, list[dict[str, str]]]]:
    from openpyxl import load_workbook

    sheets = []
    try:  # openpyxl raises many kinds for a file that is not a workbook, and reads each sheet only here
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if not header:
                continue
            names = [_column(str(h)) if h is not None else "" for h in header]
            table = []
            for raw in rows:
                if raw is None or all(cell is None or str(cell).strip() == "" for cell in raw):
                    continue
                table.append({names[i]: _cell(raw[i]) for i in range(min(len(names), len(raw))) if names[i]})
            sheets.append((sheet.title, table))
        workbook.close()
    except Exception as exc:
        raise ImportFileError(_("The file could not be read as an Excel (XLSX) workbook.")) from exc
    return sheets


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_file(filename: str, data: bytes, max_bytes: int, max_rows: int) -> list[HouseholdRows]:
    """Group the file's rows into households; raises ImportFileError when the file as a whole is unusable."""
    if len(data) > max_bytes:
        raise ImportFileError(_("The file is larger than %(mb)s MB.", mb=max_bytes // (1024 * 1024)))
    lower = filename.lower()
    if lower.endswith(".csv"):
        sheets = _rows_from_csv(data)
    elif lower.endswith(".xlsx"):
        sheets = _rows_from_xlsx(data)
    else:
        raise ImportFileError(_("Upload a CSV or XLSX file."))
    total = sum(len(rows) for _, rows in sheets)
    if total == 0:
        raise ImportFileError(_("The file has no rows."))
    if total > max_rows:
        raise ImportFileError(_("The file has more than %(count)s rows. Split it into smaller files.", count=max_rows))
    member_sheet = next((rows for title, rows in sheets[1:] if "name" in (rows[0] if rows else {})), None)
    if member_sheet is not None:
        return _kobo_households(sheets[0][1], member_sheet)
    return _one_row_per_member(sheets[0][1])


def _one_row_per_member(rows: list[dict[str, str]]) -> list[HouseholdRows]:
    households: dict[str, HouseholdRows] = {}
    for number, row in enumerate(rows, start=2):
        if row.get("_uuid"):
            key = _key("kobo", row["_uuid"])
        elif row.get("household"):
            key = _key("key", row["household"])
        else:  # no key column: the row's own content identifies it, so the same file imported twice adds nothing
            key = _key("row", "|".join(row.get(c, "") for c in ("township", "village", "name", "father_name", "birth_year")),
                       always_hash=True)
        household = households.get(key)
        if household is None:
            household = HouseholdRows(key, number, {c: row.get(c, "") for c in HOUSEHOLD_COLUMNS})
            households[key] = household
        household.members.append((number, {c: row.get(c, "") for c in MEMBER_COLUMNS}))
    return list(households.values())


def _key(prefix: str, value: str, always_hash: bool = False) -> str:
    if always_hash or len(value) > 56:
        value = hashlib.sha256(value.encode()).hexdigest()[:56]
    return f"{prefix}:{value}"


def _kobo_households(parents: list[dict[str, str]], children: list[dict[str, str]]) -> list[HouseholdRows]:
    households = []
    by_uuid, by_index = {}, {}
    for number, row in enumerate(parents, start=2):
        identity = row.get("_uuid") or "|".join(row.get(c, "") for c in HOUSEHOLD_COLUMNS)
        household = HouseholdRows(_key("kobo", identity, always_hash=not row.get("_uuid")), number,
                                  {c: row.get(c, "") for c in HOUSEHOLD_COLUMNS})
        households.append(household)
        if row.get("_uuid"):
            by_uuid[row["_uuid"]] = household
        if row.get("_index"):
            by_index[row["_index"]] = household
    for number, row in enumerate(children, start=2):
        parent = by_uuid.get(row.get("_submission__uuid", "")) or by_index.get(row.get("_parent_index", ""))
        if parent is None:
            orphan = HouseholdRows(f"orphan-{number}", number, {})
            orphan.problems.append(Problem(number, "_submission__uuid", _("This member belongs to no household.")))
            households.append(orphan)
            continue
        parent.members.append((number, {c: row.get(c, "") for c in MEMBER_COLUMNS}))
    return households


def validate(db: Session, households: list[HouseholdRows], allowed_townships: set[str]) -> None:
    """Fill each household's problems and parsed members; mark the ones imported before."""
    keys = [h.key for h in households]
    known = set(db.scalars(select(Household.import_key).where(Household.import_key.in_(keys)))) if keys else set()
    twice = {key for key, count in Counter(keys).items() if count > 1}
    for household in households:
        household.already = household.key in known
        if household.key in twice:  # a Kobo _uuid twice, or two households without one that look alike
            household.problems.append(Problem(household.first_row, "_uuid", _(
                "Another household in the file has the same _uuid (or, without one, the same village, phone "
                "and consent): give each household its own _uuid.")))
        if household.problems:
            continue
        v = household.values
        row = household.first_row
        for column, value in list(v.items()) + [(c, val) for _row, m in household.members for c, val in m.items()]:
            if value.startswith(FORMULA_START) and not _is_number(value):
                household.problems.append(Problem(row, column, _("Formulas are not accepted; type the value itself.")))
        if v["township"] not in allowed_townships:
            household.problems.append(Problem(row, "township", _("Unknown township P-code, or not in your area.")))
        if not v["village"]:
            household.problems.append(Problem(row, "village", _("The village is missing.")))
        if (v["consent"] or "").strip().lower() not in YES:
            household.problems.append(Problem(row, "consent", _("There is no consent: the household cannot be registered.")))
        language = v["consent_language"] or "my"
        if language not in LANGUAGES:
            household.problems.append(Problem(row, "consent_language", _("Unknown language code.")))
            language = "my"
        v["consent_language"] = language
        v["village"] = _text(household, row, "village", v["village"], None)
        v["phone"] = _phone(v["phone"])
        if v["phone"] and not re.fullmatch(r"\+?[0-9]{7,15}", v["phone"]):
            household.problems.append(Problem(row, "phone", _(
                "Enter a phone number with digits only, for example 09 123 456 789.")))
        if not household.members:
            household.problems.append(Problem(row, "name", _("The household has no members.")))
        for index, (number, member) in enumerate(household.members):
            household.parsed_members.append(_member(household, number, member, index, language))


def _phone(value: str) -> str:
    """The digits (and a leading +) of a phone number as typed, with spaces, dashes or dots."""
    return "".join(ch for ch in to_latin_digits(value) if ch.isascii() and (ch.isdigit() or ch == "+"))


def _is_number(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False


def _text(household: HouseholdRows, row: int, column: str, value: str, language: str | None) -> str:
    result = normalise(value, language=language)
    if result.suggestion:
        household.problems.append(Problem(row, column, _(
            "This may be typed in Zawgyi: check the spelling in the file (it may be %(suggestion)s).",
            suggestion=result.suggestion)))
    if len(result.text) > TEXT_MAX:
        household.problems.append(Problem(row, column, _("At most 120 characters.")))
    return result.text


def _member(household: HouseholdRows, row: int, member: dict[str, str], index: int, default_language: str):
    language = member["language"] or default_language
    if language not in LANGUAGES:
        household.problems.append(Problem(row, "language", _("Unknown language code.")))
        language = default_language
    text_language = language if language in NEVER_CONVERT else None
    name = _text(household, row, "name", member["name"], text_language)
    father = _text(household, row, "father_name", member["father_name"], text_language)
    if not name:
        household.problems.append(Problem(row, "name", _("The name is missing.")))
    if not father:
        household.problems.append(Problem(row, "father_name", _("The father's name is missing.")))
    sex = SEXES.get(member["sex"].strip().lower())
    if sex is None:
        household.problems.append(Problem(row, "sex", _("Write female, male or other.")))
    year_text = to_latin_digits(member["birth_year"])
    year = int(year_text) if re.fullmatch(r"[0-9]{4}", year_text) else 0
    if not 1900 <= year <= clock.today().year:
        household.problems.append(Problem(row, "birth_year", _("Write the year of birth with four digits.")))
    relation = member["relation"].strip().lower() or ("head" if index == 0 else "other_relative")
    if relation not in {r.value for r in Relation}:
        household.problems.append(Problem(row, "relation", _("Unknown relation to the head.")))
    return NewMember(name, father, sex or Sex.OTHER.value, year, relation, language)
