"""Present mode: a lesson full-screen in large type, one section at a time, for showing a group."""
from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from flask import abort, render_template, request

from learning.auth.access import public
from learning.i18n.translations import current_language
from learning.learn import bp
from learning.learn.library import in_language, lesson_or_404

SECTION_START = re.compile(r"(?=<h2>)")
# What one screen holds at 1024 x 600 in the present style's type (measured in Chromium for every lesson in six
# languages by tests/browser/test_present.py): characters of text, a picture counting as PICTURE characters.
SCREEN_BUDGET = 380
PICTURE = 260
VOID = {"img", "br", "hr", "input", "meta", "link", "source", "wbr"}


class _Blocks(HTMLParser):
    """The spans of the top-level elements of a piece of HTML (markdown-it's blocks: p, ul, ol, table, h2, ...)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html, self.depth, self.start, self.spans = html, 0, 0, []
        self.lines = [0]
        for line in html.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.start = self._offset()
        if tag not in VOID:
            self.depth += 1
        elif self.depth == 0:
            self.spans.append((self.start, self._offset() + len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.html.index(">", self._offset()) + 1
            self.spans.append((self.start, end))


LINE = 40  # a list item or paragraph starts a line of its own: short ones weigh more than their letters


def _weight(html: str) -> int:
    text = len(re.sub(r"<[^>]+>|\s+", " ", html).strip())
    return text + LINE * (html.count("<li") + html.count("<p") + html.count("<tr")) + PICTURE * html.count("<img")


SENTENCE_END = re.compile(r"(?<=[.!?။])\s+")


def _items(block: str) -> list[str]:
    """A long list cut into lists of a few items (each keeps the list's own tag), a long paragraph between its
    sentences."""
    paragraph = re.fullmatch(r"<p>(.*)</p>", block.strip(), re.S)
    if paragraph:
        opening, closing = "<p>", "</p>"
        items = [s + " " for s in SENTENCE_END.split(paragraph.group(1))]
    else:
        match = re.fullmatch(r"(<(ul|ol)[^>]*>)(.*)(</\2>)", block.strip(), re.S)
        if not match:
            return [block]
        opening, _tag, inner, closing = match.groups()
        items = [inner[s:e] for s, e in _Blocks(inner).spans]
    pages, page = [], []
    for item in items:
        if page and _weight("".join(page + [item])) > SCREEN_BUDGET:
            pages.append(opening + "".join(page) + closing)
            page = []
        page.append(item)
    return pages + ([opening + "".join(page) + closing] if page else [])


def screens(section: str) -> list[str]:
    """A section cut into parts that each fit one screen: whole blocks packed up to SCREEN_BUDGET, a long list
    cut between its items; a continued part repeats the section's heading."""
    blocks = [section[s:e] for s, e in _Blocks(section).spans]
    heading = blocks[0] if blocks and blocks[0].startswith("<h2") else ""
    body = [piece for block in (blocks[1:] if heading else blocks) for piece in
            (_items(block) if _weight(block) > SCREEN_BUDGET else [block])]
    parts, part = [], []
    for block in body:
        if part and _weight("".join(part + [block])) > SCREEN_BUDGET:
            parts.append(part)
            part = []
        part.append(block)
    parts.append(part)
    return [(heading if i == 0 else heading.replace("</h2>", " …</h2>")) + "\n".join(p) for i, p in enumerate(parts)]


@lru_cache(maxsize=512)  # a lesson's HTML is fixed for the process: cut it once, not on every request
def sections(html: str) -> tuple[str, ...]:
    """The lesson's HTML cut before each second-level heading (the introduction is the first section), and
    each section cut again where it would not fit one screen."""
    return tuple(screen for part in SECTION_START.split(html) if part.strip() for screen in screens(part))


@bp.route("/learn/<course_id>/<module_id>/<lesson_id>/present")
@public
def present(course_id: str, module_id: str, lesson_id: str):
    """One section of the lesson, large; links to the previous and next sections work without JavaScript."""
    course, module, lesson = lesson_or_404(course_id, module_id, lesson_id)
    text, text_language = in_language(lesson.texts, current_language())
    parts = sections(text.html)
    index = request.args.get("section", 1, type=int)
    if not 1 <= index <= len(parts):
        abort(404)
    return render_template("learn/present.html", course=course, module=module, lesson=lesson, text=text,
                           text_language=text_language, section=parts[index - 1], index=index, count=len(parts))
