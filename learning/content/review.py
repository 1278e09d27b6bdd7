"""Honest review status: who reviewed a text and when, and whether its source changed since it was translated.

Every text file (lesson front matter, module text, course text, glossary) says ``status``; "reviewed" counts only
with a ``reviewer`` and a ``reviewed_on`` date. A translation may carry ``source_hash`` (and ``source_hash_my``):
the first 12 hex digits of the SHA-256 of its English (Burmese) source's normalised text when it was drafted or
reviewed. ``flask courses stale`` compares them with the sources now; ``flask courses stamp`` writes them.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from learning.content.model import STATUSES, TextFile, TextInfo
from learning.i18n.languages import LANGUAGES

SOURCE_KEYS = {"source_hash": "en", "source_hash_my": "my"}  # key -> language of the source it fingerprints
METADATA_KEYS = ("status", "author", "reviewer", "reviewed_on", *SOURCE_KEYS)
HASH_RE = re.compile(r"^[0-9a-f]{12}$")
_KEY_LINE = re.compile(r"^\s*(" + "|".join(METADATA_KEYS) + r")\s*=\s*(.*?)\s*$")
_TABLE_LINE = re.compile(r"^\s*\[")


# -- the status fields ----------------------------------------------------------------------------------------
def read_text_info(data: dict, path: str) -> tuple[TextInfo, list[tuple[str, str]]]:
    """The status fields of a parsed text file, and its problems as (key to find the line by, message)."""
    problems: list[tuple[str, str]] = []
    status = data.get("status")
    if status not in STATUSES:
        problems.append(("status", f"status must be one of {', '.join(STATUSES)}, not {status!r}"))
        status = "draft"
    author = data.get("author")
    if not isinstance(author, str) or not author.strip():
        problems.append(("author", "author is missing: say who wrote this text"))
        author = ""
    reviewer = data.get("reviewer", "")
    if not isinstance(reviewer, str):
        problems.append(("reviewer", "reviewer must be a name in quotes"))
        reviewer = ""
    reviewed_on = _date(data.get("reviewed_on"))
    if "reviewed_on" in data and reviewed_on is None:
        problems.append(("reviewed_on", "reviewed_on must be a date such as 2025-03-01"))
    if status == "reviewed":
        if not reviewer.strip():
            problems.append(("status", 'status = "reviewed" needs reviewer: the native speaker who reviewed it'))
        if reviewed_on is None:
            problems.append(("status", 'status = "reviewed" needs reviewed_on: the date of the review (2025-03-01)'))
    for key in SOURCE_KEYS:
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and HASH_RE.match(value)):
            problems.append((key, f"{key} must be 12 hex digits written by `flask courses stamp`"))
    return TextInfo(status, author, path, reviewer.strip(), reviewed_on), problems


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return None  # a review has a day, not a time
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


# -- source hashes --------------------------------------------------------------------------------------------
def _header_range(lines: list[str], markdown: bool) -> tuple[int, int]:
    """The lines holding a file's top-level keys: a lesson's front matter, or a TOML file up to its first table."""
    if markdown:
        if not lines or lines[0].rstrip("\r\n") != "+++":
            return 0, 0
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == "+++"), len(lines))
        return 1, end
    end = next((i for i, line in enumerate(lines) if _TABLE_LINE.match(line)), len(lines))
    return 0, end


def normalised_text(raw: str, markdown: bool) -> str:
    """A text without its status fields and stamps, NFC, with trailing spaces and blank end lines removed."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start, end = _header_range([line + "\n" for line in lines], markdown)
    kept = [line.rstrip() for i, line in enumerate(lines) if not (start <= i < end and _KEY_LINE.match(line))]
    return unicodedata.normalize("NFC", "\n".join(kept).strip("\n"))


def source_hash(path: Path) -> str:
    """The fingerprint of a source file's text: the first 12 hex digits of the SHA-256 of its normalised text."""
    text = normalised_text(path.read_text(encoding="utf-8"), path.suffix == ".md")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def counterpart(file: TextFile, language: str) -> Path:
    """The same text in another language: ``<lang>/name`` -> ``<other>/name``, ``<lang>.toml`` -> ``<other>.toml``."""
    if file.path.parent.name == file.language:
        return file.path.parent.parent / language / file.path.name
    return file.path.with_name(f"{language}{file.path.suffix}")


def sources(file: TextFile) -> dict[str, Path]:
    """The files a translation was made from, by stamp key: English for every translation, and Burmese too for
    Shan, Mon, Karen and Chin. Only sources that exist count."""
    if file.language == "en" or file.language not in LANGUAGES:
        return {}
    found = {}
    for key, language in SOURCE_KEYS.items():
        if language != file.language:
            path = counterpart(file, language)
            if path.is_file():
                found[key] = path
    return found


def stored_hashes(path: Path) -> dict[str, str]:
    """The stamps a file carries now, read from its top-level lines."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start, end = _header_range(lines, path.suffix == ".md")
    found = {}
    for line in lines[start:end]:
        match = _KEY_LINE.match(line)
        if match and match.group(1) in SOURCE_KEYS:
            found[match.group(1)] = match.group(2).strip("\"'")
    return found


@dataclass(frozen=True)
class Staleness:
    """A translation whose source changed since it was stamped, or that was never stamped."""

    path: Path
    key: str
    source: Path
    stored: str | None
    current: str

    @property
    def never_stamped(self) -> bool:
        return self.stored is None


def stale(files: Iterable[TextFile]) -> list[Staleness]:
    """Every translation whose stored stamp differs from its source now (or is missing)."""
    found = []
    for file in files:
        wanted = sources(file)
        if not wanted:
            continue
        stored = stored_hashes(file.path)
        for key, source in wanted.items():
            current = source_hash(source)
            if stored.get(key) != current:
                found.append(Staleness(file.path, key, source, stored.get(key), current))
    return found


def stamp(file: TextFile) -> dict[str, str]:
    """Write the current source hashes into a translation (one line per key, the rest byte-identical);
    returns what it wrote, empty when the file has no source."""
    values = {key: source_hash(source) for key, source in sources(file).items()}
    if values:
        raw = file.path.read_bytes().decode("utf-8")
        updated = set_header_values(raw, values, file.path.suffix == ".md")
        if updated != raw:
            file.path.write_bytes(updated.encode("utf-8"))
    return values


def set_header_values(raw: str, values: dict[str, str], markdown: bool) -> str:
    """Replace each ``key = "value"`` line among the top-level keys, or insert it after the last status field."""
    lines = raw.splitlines(keepends=True)
    for key, value in values.items():
        start, end = _header_range(lines, markdown)
        if markdown and start == end == 0:
            raise ValueError("a lesson needs its +++ front matter before it can be stamped")
        newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
        line = f'{key} = "{value}"{newline}'
        existing = [i for i in range(start, end) if (m := _KEY_LINE.match(lines[i])) and m.group(1) == key]
        if existing:
            lines[existing[0]] = line if lines[existing[0]].endswith(("\n", "\r")) else line.rstrip("\r\n")
            continue
        fields = [i for i in range(start, end) if _KEY_LINE.match(lines[i])]
        at = fields[-1] + 1 if fields else start
        if at > 0 and not lines[at - 1].endswith(("\n", "\r")):
            lines[at - 1] += newline
        lines.insert(at, line)
    return "".join(lines)
