"""Lesson Markdown to HTML: CommonMark with tables, raw HTML off, images checked and rewritten."""
from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_lesson(body: str, resolve_image: Callable[[str, int], str | None],
                  digits: Callable[[str], str] | None = None) -> str:
    """Render a lesson body; resolve_image(src, line) gives the image URL, or None for a broken link. `digits`
    rewrites the numbers of the text itself (Myanmar digits for Myanmar-script languages), never a link's or a
    picture's address, an attribute (alt, title) or a written-out address (<https://...>); entities are decoded
    to text before it runs, so none is broken."""
    tokens = _md.parse(body)
    for token in tokens:
        in_autolink = False  # <https://...>: its text is the address itself, kept as written
        for child in token.children or ():
            if child.type in ("link_open", "link_close") and child.markup == "autolink":
                in_autolink = child.type == "link_open"
            elif digits is not None and child.type in ("text", "code_inline") and not in_autolink:
                child.content = digits(child.content)
            if child.type == "image":
                line = (token.map[0] + 1) if token.map else 1
                url = resolve_image(child.attrGet("src") or "", line)
                child.attrSet("src", url or "")
                child.attrSet("loading", "lazy")
    return _md.renderer.render(tokens, _md.options, {})
