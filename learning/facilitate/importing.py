"""Bulk import of households and members from CSV or XLSX, including KoboToolbox/ODK exports.

Two layouts are read:
- one row per member, with the household's columns repeated and a key column (`_uuid`, or `household`)
  that ties the rows of one household together (a CSV export, or a hand-made sheet);
- a Kobo XLSX export of docs/household-registration.xlsx: the households on the first sheet, the `member`
  repeat on a sheet of its own, joined by `_submission__uuid` (or `_parent_index` and `_index`).
Column names may carry Kobo's group prefixes (`member/name`). Nothing is saved until every row is valid, and
then everything is saved in one transaction; a household already imported (same key) is skipped.

Reading the file within its limits (size unpacked, rows, time) is facilitate/import_files.py.

A household's key (its Kobo _uuid, the file's household key, or the content of its row) is stored only as an
HMAC-SHA256 with a secret derived from SECRET_KEY (`duplicate_key`), so it cannot be recomputed from the database.
A match among the households the importer may see is "imported before"; a match outside their scope is not shown
to them (see facilitate.services.save_import).
"""
from __future__ import annotations

import hashlib
import hmac
import re
from collections import Counter
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select
from sqlalchemy.orm import Session

from learning import clock
from learning.facilitate.import_files import (  # noqa: F401 - ImportFileError and the defaults are used through here
    MAX_UNPACKED_BYTES,
    READ_SECONDS,
    ImportFileError,
    Reading,
    csv_rows,
    xlsx_rows,
)
from learning.households.models import Household, Relation, Sex
from learning.households.services import NewMember
from learning.i18n.languages import LANGUAGES, to_latin_digits
from learning.i18n.text import NEVER_CONVERT, normalise
from learning.i18n.translations import current_language
from learning.places.models import Township

HOUSEHOLD_COLUMNS = ("township", "village", "phone", "consent", "consent_language")
MEMBER_COLUMNS = ("name", "father_name", "sex", "birth_year", "relation", "language")
YES = {"yes", "y", "1", "true", "ဟုတ်", "agree"}
SEXES = {"female": "female", "f": "female", "woman": "female", "male": "male", "m": "male", "man": "male",
         "other": "other"}
FORMULA_START = ("=", "+", "-", "@")
TEXT_MAX = 120  # names and villages, as in the registration form
IN_CHUNK = 500  # keys per IN (...) when looking households up
DUPLICATE_KEY_LABEL = b"twe-let import duplicate keys"


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
    duplicate_key: str | None = None  # the key as stored: HMAC-SHA256 (see duplicate_key)


def duplicate_secret(config) -> bytes:
    """The key of the import's duplicate keys, derived from SECRET_KEY with a label of its own (stable for the
    installation; kept out of the database)."""
    return hmac.new(config["SECRET_KEY"].encode(), DUPLICATE_KEY_LABEL, hashlib.sha256).digest()


def duplicate_key(secret: bytes, key: str) -> str:
    """A household's key as stored: HMAC-SHA256, so that nobody without the secret can recompute it."""
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()


def read_file(filename: str, data: bytes, max_bytes: int, max_rows: int, *,
              max_unpacked: int = MAX_UNPACKED_BYTES, seconds: float = READ_SECONDS) -> list[HouseholdRows]:
    """Group the file's rows into households; raises ImportFileError when the file as a whole is unusable: too
    large, unpacking to too much, more than max_rows rows, or taking more than `seconds` to read."""
    if len(data) > max_bytes:
        raise ImportFileError(_("The file is larger than %(mb)s MB.", mb=max_bytes // (1024 * 1024)))
    reading = Reading.starting(max_rows, seconds)
    lower = filename.lower()
    if lower.endswith(".csv"):
        sheets = csv_rows(data, reading)
    elif lower.endswith(".xlsx"):
        sheets = xlsx_rows(data, reading, max_unpacked)
    else:
        raise ImportFileError(_("Upload a CSV or XLSX file."))
    if reading.rows == 0:
        raise ImportFileError(_("The file has no rows."))
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


def known_keys(db: Session, visible: Select, keys: list[str]) -> set[str]:
    """The duplicate keys among `keys` held by the households of `visible` (a query for households)."""
    found: set[str] = set()
    for start in range(0, len(keys), IN_CHUNK):
        chunk = keys[start:start + IN_CHUNK]
        found |= set(db.scalars(visible.with_only_columns(Household.duplicate_key)
                                .where(Household.duplicate_key.in_(chunk))))
    return found


def _township_problem(db: Session, pcode: str, group_township: Township | None) -> str:
    """Why a row's township is refused, naming the township the rule allows."""
    language = current_language()
    if group_township is not None:  # a group lives in one township
        return _("This file goes into a group of %(township)s: every household must be in %(township)s "
                 "(%(pcode)s).", township=group_township.name(language), pcode=group_township.pcode)
    known = db.get(Township, pcode) if pcode else None
    if known is None:
        return _("Unknown township P-code: write the MIMU P-code, such as MMR011001.")
    return _("%(township)s (%(pcode)s) is not one of your townships.", township=known.name(language), pcode=pcode)


def validate(db: Session, households: list[HouseholdRows], allowed_townships: set[str], *, visible: Select,
             secret: bytes | None = None, group_township: Township | None = None) -> None:
    """Fill each household's problems, parsed members and stored key; mark the ones imported before among the
    households of `visible` (those the importer may see: a match anywhere else is not theirs to learn about)."""
    secret = secret if secret is not None else duplicate_secret(current_app.config)
    for household in households:
        household.duplicate_key = duplicate_key(secret, household.key)
    known = known_keys(db, visible, sorted({h.duplicate_key for h in households}))
    twice = {key for key, count in Counter(h.key for h in households).items() if count > 1}
    for household in households:
        household.already = household.duplicate_key in known
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
            household.problems.append(Problem(row, "township", _township_problem(db, v["township"], group_township)))
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
