"""The programme's key terms per language (courses/glossary/<lang>.toml), and where a text uses a rejected word.

``en.toml`` names the terms; every other language's file gives its preferred word for some of them and the
variants that must not appear in lessons or the interface. A missing file or term is fine (not yet written); a
term id that English does not know is an error. Myanmar-script text has no spaces between words, so there a
variant matches anywhere in the text, though never half a syllable; Latin-script text (English, Hakha Chin)
matches whole words, ignoring case.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from learning.content.lines import line_of, text_lines
from learning.content.model import ID_RE, Problem, TextFile, TextInfo
from learning.content.review import read_text_info
from learning.i18n.languages import LANGUAGES
from learning.i18n.text import ASAT, BASES, SIGNS, VIRAMA

FOLDER = "glossary"  # courses/glossary/
SOURCE = "en"  # the language that names the terms
TERM_KEYS = {"preferred", "rejected", "allowed_in", "note"}


@dataclass(frozen=True)
class Term:
    """One key term in one language: the word to use, the words not to use, and longer words that are fine."""

    id: str
    preferred: str
    rejected: tuple[str, ...] = ()
    allowed_in: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class RejectedUse:
    """A rejected variant found in a text."""

    term: Term
    variant: str

    def __str__(self) -> str:
        return f"uses rejected {self.variant!r} for term {self.term.id!r}; preferred {self.term.preferred!r}"


@dataclass(frozen=True)
class Glossary:
    """A language's key terms."""

    language: str
    info: TextInfo
    terms: MappingProxyType  # term id -> Term

    def rejected_uses(self, text: str) -> list[RejectedUse]:
        """Each place where the text uses a rejected variant outside the words it is allowed in."""
        latin = LANGUAGES[self.language].script == "Latn"
        found = []
        for term in self.terms.values():
            if not term.rejected:
                continue
            allowed = [span for word in (term.preferred, *term.allowed_in) for span in _spans(text, word, latin)]
            for variant in term.rejected:
                for start, end in _spans(text, variant, latin):
                    if not any(a <= start and end <= b for a, b in allowed):
                        found.append(RejectedUse(term, variant))
        return found


def _spans(text: str, word: str, latin: bool) -> list[tuple[int, int]]:
    """Where a word occurs: whole words ignoring case in Latin script, whole syllables in Myanmar script."""
    if not word:
        return []
    if latin:
        pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)
        return [m.span() for m in pattern.finditer(text)]
    spans = []
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        if not _splits_syllable(text, start, end):
            spans.append((start, end))
        start = text.find(word, start + 1)
    return spans


def _splits_syllable(text: str, start: int, end: int) -> bool:
    """True when text[start:end] cuts a syllable: a stacked letter before it, or a sign or a killed letter after."""
    following = text[end:end + 1]
    killed = following in BASES and text[end + 1:end + 2] in (ASAT, VIRAMA)
    return text[start - 1:start] == VIRAMA or following in SIGNS or following == VIRAMA or killed


def read_glossaries(folder: Path, shown_as: Callable[[Path], str]) -> tuple[dict[str, Glossary], list[Problem]]:
    """Every glossary under courses/glossary/, by language, and the problems found in them."""
    glossaries: dict[str, Glossary] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return glossaries, problems
    paths = sorted(folder.glob("*.toml"), key=lambda p: (p.stem != SOURCE, p.stem))  # English first
    for path in paths:
        glossary = _read(path, shown_as(path), problems)
        if glossary is None:
            continue
        if glossary.language != SOURCE and SOURCE in glossaries:
            known = glossaries[SOURCE].terms
            for term_id in glossary.terms:
                if term_id not in known:
                    problems.append(_problem(path, shown_as(path), f"unknown term {term_id!r}: not in en.toml",
                                             f"[terms.{term_id}]"))
        glossaries[glossary.language] = glossary
    return glossaries, problems


def glossary_files(folder: Path) -> list[TextFile]:
    """The glossary files, as text files of their languages (for the script check and `courses stale`)."""
    if not folder.is_dir():
        return []
    return [TextFile(path, path.stem) for path in sorted(folder.glob("*.toml")) if path.stem in LANGUAGES]


def _read(path: Path, shown: str, problems: list[Problem]) -> Glossary | None:
    if path.stem not in LANGUAGES:
        problems.append(Problem(shown, 1, f"unknown language code {path.stem!r}"))
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.append(Problem(shown, 1, f"cannot read the glossary: {exc}"))
        return None
    info, info_problems = read_text_info(data, shown)
    problems.extend(_problem(path, shown, message, key) for key, message in info_problems)
    raw_terms = data.get("terms", {})
    if not isinstance(raw_terms, dict):
        problems.append(_problem(path, shown, "terms must be tables: [terms.<id>]", "terms"))
        raw_terms = {}
    terms = {}
    for term_id, raw in raw_terms.items():
        term = _term(path, shown, term_id, raw, problems)
        if term is not None:
            terms[term_id] = term
    return Glossary(path.stem, info, MappingProxyType(terms))


def _term(path: Path, shown: str, term_id: str, raw, problems: list[Problem]) -> Term | None:
    needle = f"[terms.{term_id}]"

    def fail(message: str) -> None:
        problems.append(_problem(path, shown, f"term {term_id!r}: {message}", needle))

    if not ID_RE.match(term_id):
        fail("invalid id: use lowercase letters, digits and '-'")
        return None
    if not isinstance(raw, dict):
        fail("must be a table: [terms.<id>]")
        return None
    for key in sorted(set(raw) - TERM_KEYS):
        fail(f"unknown key {key!r} (use {', '.join(sorted(TERM_KEYS))})")
    preferred = raw.get("preferred")
    if not isinstance(preferred, str) or not preferred.strip():
        fail("preferred is missing or empty")
        return None
    lists = {}
    for key in ("rejected", "allowed_in"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            fail(f"{key} must be a list of words")
            value = []
        lists[key] = tuple(value)
    if preferred in lists["rejected"]:
        fail(f"the preferred word {preferred!r} is also listed as rejected")
    note = raw.get("note", "")
    if not isinstance(note, str):
        fail("note must be text")
        note = ""
    return Term(term_id, preferred, lists["rejected"], lists["allowed_in"], note)


def _problem(path: Path, shown: str, message: str, needle: str) -> Problem:
    return Problem(shown, line_of(path, needle), message)


def file_warnings(glossary: Glossary, path: Path, shown_as: str) -> list[Problem]:
    """Each line of a lesson or text file that uses a rejected variant, as a ``file:line`` warning."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    found = {
        Problem(shown_as, number, str(use)): None  # once per line, however often the line uses it
        for number, text in text_lines(path, raw)
        for use in glossary.rejected_uses(text)
    }
    return list(found)
