"""Facilitators' guides: one printable page per module (goal, a 45-minute plan, a group activity, questions to ask),
written in Burmese and English (issue 18). Public, like the lessons they go with: they hold no one's data."""
from __future__ import annotations

from flask import abort, current_app, render_template

from learning.auth.access import public
from learning.i18n.translations import current_language
from learning.learn import bp
from learning.learn.library import catalog, in_language
from learning.learn.routes import cacheable


@bp.route("/guides/")
@public
def guides():
    """Every module's guide, course by course."""
    return cacheable(current_app.make_response(render_template("learn/guides.html", catalog=catalog())))


@bp.route("/guides/<course_id>/<module_id>")
@public
def guide(course_id: str, module_id: str):
    """One module's guide in the page language, or the nearest language it is written in, with a note."""
    course = catalog().course(course_id)
    module = course.module(module_id) if course else None
    if module is None or not module.guides:
        abort(404)
    text, text_language = in_language(module.guides, current_language())
    if text is None:
        text_language, text = next(iter(module.guides.items()))
    html = render_template("learn/guide.html", course=course, module=module, text=text, text_language=text_language)
    return cacheable(current_app.make_response(html))
