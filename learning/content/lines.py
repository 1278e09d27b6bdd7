"""The words people read in a content file, line by line: TOML string values and a lesson's Markdown body.

Keys, table headers and comments are left out, so a check of the words never trips over ``[questions.fee]``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

_STRING_OR_COMMENT = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|#')
_MULTILINE = ('"""', "'''")


def text_lines(path: Path, raw: str) -> Iterator[tuple[int, str]]:
    """(line number, text) for each line of a lesson (.md) or TOML text file that holds words people read."""
    lines = raw.splitlines()
    if path.suffix != ".md":
        yield from _toml_lines(lines, 1)
        return
    if not lines or lines[0] != "+++":
        yield from ((n, line) for n, line in enumerate(lines, start=1))
        return
    end = next((i for i in range(1, len(lines)) if lines[i] == "+++"), len(lines))
    yield from _toml_lines(lines[1:end], 2)
    yield from ((n, line) for n, line in enumerate(lines[end + 1:], start=end + 2) if line.strip())


def _toml_lines(lines: list[str], first: int) -> Iterator[tuple[int, str]]:
    closing: str | None = None  # the quotes that end the multi-line string we are in
    for number, line in enumerate(lines, start=first):
        if closing:
            end = line.find(closing)
            text = line if end == -1 else line[:end]
            closing = closing if end == -1 else None
            if text.strip():
                yield number, text
            continue
        stripped = line.lstrip()
        if not stripped or stripped.startswith(("#", "[")) or "=" not in line:
            continue
        value = line.split("=", 1)[1].lstrip()
        opener = next((q for q in _MULTILINE if value.startswith(q)), None)
        if opener:
            body = value[3:]
            end = body.find(opener)
            closing = opener if end == -1 else None
            text = body if end == -1 else body[:end]
        else:
            text = "  ".join(_strings(value))
        if text.strip():
            yield number, text


def _strings(value: str) -> Iterator[str]:
    """The quoted strings of a TOML value, up to a comment."""
    for match in _STRING_OR_COMMENT.finditer(value):
        if match.group(0) == "#":
            return
        yield match.group(1) if match.group(1) is not None else match.group(2)


def line_of(path: Path, needle: str) -> int:
    """The number of the first line of a file that contains needle; 1 when none does."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if needle in line:
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1
