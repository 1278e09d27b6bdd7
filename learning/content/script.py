"""Myanmar-script spelling check: every word is shaped with HarfBuzz and the site's own font.

A mark that cannot attach where it is typed (ဲ before ု in Mon, a vowel sign after a space) is drawn by HarfBuzz
on a dotted circle, and so it is on a learner's phone. Words are also checked against Unicode's storage order
(Unicode Technical Note #11) by the rule-based check in ``learning.i18n.text``. Shaping is cached per word, so a
check of every course and catalog takes well under a second after the font is loaded.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from learning.config import PROJECT_ROOT
from learning.content.lines import text_lines
from learning.content.model import Problem
from learning.i18n.text import DOTTED_CIRCLE, has_myanmar, order_problem

FONT = PROJECT_ROOT / "static" / "fonts" / "noto-sans-myanmar-400.woff2"
CONTEXT = 24  # characters of the line shown on each side of a word


@lru_cache(maxsize=1)
def _font() -> tuple[hb.Font, int]:
    """The site's font as HarfBuzz reads it (WOFF2 decompressed once), and its dotted-circle glyph."""
    font = TTFont(str(FONT))
    font.flavor = None
    blob = io.BytesIO()
    font.save(blob)
    shaper = hb.Font(hb.Face(hb.Blob(blob.getvalue())))
    dotted = shaper.get_nominal_glyph(ord(DOTTED_CIRCLE))
    if dotted is None:
        raise RuntimeError(f"{FONT.name} has no dotted circle (U+25CC): the script check cannot see broken marks")
    return shaper, dotted


def shows_dotted_circle(text: str) -> bool:
    """True when HarfBuzz draws a dotted circle that the text itself does not contain."""
    font, dotted = _font()
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.direction = "ltr"
    buffer.script = "Mymr"
    hb.shape(font, buffer, {})
    return sum(1 for info in buffer.glyph_infos if info.codepoint == dotted) > text.count(DOTTED_CIRCLE)


@lru_cache(maxsize=65536)
def word_problem(word: str) -> str | None:
    """What is wrong with one space-separated word of Myanmar script, or None."""
    if not has_myanmar(word):
        return None
    dotted = shows_dotted_circle(word)
    order = order_problem(word)
    if order is not None:
        shown = "; with the site's font it shows a dotted circle" if dotted else ""
        return f"marks out of Unicode order (UTN #11): {order[1]}{shown}"
    if dotted:
        return "shows a dotted circle: a mark stands where it cannot attach (check the order of the marks, UTN #11)"
    return None


@dataclass(frozen=True)
class ScriptError:
    """A misspelt word, where it stands, and why."""

    word: str
    context: str
    reason: str

    def __str__(self) -> str:
        return f"{self.word!r} in \u201c{self.context}\u201d: {self.reason}"


def text_errors(text: str) -> list[ScriptError]:
    """Every misspelt word of a text, with a little of the text around it."""
    errors = []
    for line in text.splitlines():
        position = 0
        for word in line.split():
            start = line.index(word, position)
            position = start + len(word)
            reason = word_problem(word)
            if reason:
                errors.append(ScriptError(word, _context(line, start, position), reason))
    return errors


def _context(line: str, start: int, end: int) -> str:
    left = max(0, start - CONTEXT)
    right = min(len(line), end + CONTEXT)
    return ("\u2026" if left else "") + line[left:right].strip() + ("\u2026" if right < len(line) else "")


def file_problems(path: Path, shown_as: str) -> list[Problem]:
    """Every misspelt word of a lesson or TOML text file, as ``file:line`` problems."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # the loader reports files it cannot read
    return [
        Problem(shown_as, number, str(error))
        for number, text in text_lines(path, raw)
        if has_myanmar(text)
        for error in text_errors(text)
    ]
