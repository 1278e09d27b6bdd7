"""Catalogue and lesson pages: readable without signing in, served from the start-up cache."""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, render_template, request, send_from_directory

from learning import db
from learning.auth.access import public
from learning.auth.household_session import current_member, current_member_id
from learning.db import begin_writing
from learning.i18n.translations import current_language
from learning.learn import bp, knowledge
from learning.learn.library import catalog, in_language, lesson_or_404, place_of
from learning.learn.progress import has_read, lessons_read, quiz_states
from learning.learn.services import record_read

PUBLIC_PAGE_MAX_AGE = 600


def cacheable(response):
    """Public content pages: cacheable for a while, revalidated by ETag (the headers hook adds no-store
    instead when someone is signed in)."""
    response.cache_control.public = True
    response.cache_control.max_age = PUBLIC_PAGE_MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/learn/")
@public
def catalogue():
    """Every course with its modules."""
    return cacheable(current_app.make_response(render_template("learn/catalogue.html", catalog=catalog())))


@bp.route("/learn/<course_id>/")
@public
def course(course_id: str):
    """A course: its modules and lessons, with ticks and quiz states when a member is learning."""
    found = catalog().course(course_id)
    if found is None:
        abort(404)
    member = current_member()
    reads = lessons_read(db.session, [member.id])[member.id] if member else set()
    quizzes = quiz_states(db.session, [member.id])[member.id] if member else {}
    checks = knowledge.offered_in(db.session, member.id, (found,), reads) if member else set()
    html = render_template("learn/course.html", course=found, member=member, reads=reads, quizzes=quizzes,
                           checks=checks)
    return cacheable(current_app.make_response(html))


KNOWN_READS_MAX = 100_000  # about 15 MB per worker at the most


def _known_reads() -> set:
    return current_app.extensions.setdefault("known_reads", set())


def _remember_read(member_id: int, module, lesson_id: str) -> None:
    known = _known_reads()
    if len(known) >= KNOWN_READS_MAX:
        known.clear()
    known.add((member_id, module.course_id, module.id, lesson_id))


def _read_before(member_id: int, module, lesson_id: str) -> bool:
    """has_read, remembered in this process once it is true: a lesson read stays read (withdrawal and purge keep
    the row), so a member who opens a lesson again costs no query."""
    if (member_id, module.course_id, module.id, lesson_id) in _known_reads():
        return True
    if has_read(db.session, member_id, module, lesson_id):
        _remember_read(member_id, module, lesson_id)
        return True
    return False


@bp.route("/learn/<course_id>/<module_id>/<lesson_id>")
@public
def lesson(course_id: str, module_id: str, lesson_id: str):
    """One lesson in the page language, or its nearest fallback with a note saying so."""
    found_course, module, found = lesson_or_404(course_id, module_id, lesson_id)
    text, text_language = in_language(found.texts, current_language())
    if text is None:  # pragma: no cover - the loader refuses lessons without any text
        abort(404)
    place = place_of(found_course, module, found)
    member_id = current_member_id()
    if member_id is not None and not _read_before(member_id, module, found.id):
        begin_writing()  # a member is learning and opens this lesson for the first time: count it as read
        record_read(db.session, member_id, module, found.id)
        db.session.commit()
        _remember_read(member_id, module, found.id)
    html = render_template("learn/lesson.html", place=place, text=text, text_language=text_language)
    return cacheable(current_app.make_response(html))


@bp.route("/learn/media/<course_id>/<module_id>/img/<path:filename>")
@public
def media(course_id: str, module_id: str, filename: str):
    """Images beside the lessons; cached for a year (their URLs carry a content hash)."""
    if catalog().course(course_id) is None or catalog().course(course_id).module(module_id) is None:
        abort(404)
    folder = Path(current_app.config["COURSES_DIR"]) / course_id / module_id / "img"
    response = send_from_directory(folder, filename, max_age=current_app.config["STATIC_MAX_AGE"])
    if request.args.get("v"):
        response.cache_control.immutable = True
        response.cache_control.public = True
    return response
