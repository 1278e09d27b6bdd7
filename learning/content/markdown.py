"""Lesson Markdown to HTML: CommonMark with tables, raw HTML off, images checked and rewritten."""
from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_lesson(body: str, resolve_image: Callable[[str, int], str | None],
                  digits: Callable[[str], str] | None = None) -> str:
    """Render a lesson body; resolve_image(src, line) gives the image URL, or None for a broken link. `digits`
    rewrites the numbers of the text itself (Myanmar digits for Myanmar-script languages), never a link, a
    picture's address or an entity."""
    tokens = _md.parse(body)
    for token in tokens:
        for child in token.children or ():
            if digits is not None and child.type in ("text", "code_inline"):
                child.content = digits(child.content)
            if child.type == "image":
                line = (token.map[0] + 1) if token.map else 1
                url = resolve_image(child.attrGet("src") or "", line)
                child.attrSet("src", url or "")
                child.attrSet("loading", "lazy")
    return _md.renderer.render(tokens, _md.options, {})
