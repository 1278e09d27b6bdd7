"""Present mode: a lesson full-screen in large type, one section at a time, for showing a group."""
from __future__ import annotations

import re

from flask import abort, render_template, request

from learning.auth.access import public
from learning.i18n.translations import current_language
from learning.learn import bp
from learning.learn.library import in_language, lesson_or_404

SECTION_START = re.compile(r"(?=<h2>)")


def sections(html: str) -> list[str]:
    """The lesson's HTML cut before each second-level heading (the introduction is the first section)."""
    return [part for part in SECTION_START.split(html) if part.strip()]


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
