"""The app's course catalogue: loaded from courses/ once per process, lesson HTML rendered once."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from learning.content import Catalog, Course, Lesson, Module, load_catalog
from learning.content.model import pick
from learning.i18n.languages import chain


def _media_url_for(root: Path):
    def media_url(course_id: str, module_id: str, filename: str) -> str:
        digest = hashlib.sha256((root / course_id / module_id / filename).read_bytes()).hexdigest()[:12]
        return f"/learn/media/{course_id}/{module_id}/{filename}?v={digest}"

    return media_url


def load_into(app: Flask) -> Catalog:
    """Load the catalogue for an app (wsgi.py does this at start-up; otherwise the first request does)."""
    root = Path(app.config["COURSES_DIR"])
    catalog = load_catalog(root, _media_url_for(root))
    app.extensions["content_catalog"] = catalog
    return catalog


def catalog() -> Catalog:
    """The current app's course catalogue."""
    found = current_app.extensions.get("content_catalog")
    return found if found is not None else load_into(current_app)


@dataclass(frozen=True)
class LessonPlace:
    """Where a lesson stands in its course: neighbours and counts, for navigation."""

    course: Course
    module: Module
    lesson: Lesson
    previous: Lesson | None
    next: Lesson | None


def place_of(course: Course, module: Module, lesson: Lesson) -> LessonPlace:
    """The lesson with its previous and next lessons across the whole course."""
    sequence = [(m, le) for m in course.modules for le in m.lessons]
    index = next(i for i, (m, le) in enumerate(sequence) if m.id == module.id and le.id == lesson.id)
    previous = sequence[index - 1][1] if index > 0 else None
    following = sequence[index + 1][1] if index + 1 < len(sequence) else None
    return LessonPlace(course, module, lesson, previous, following)


def lesson_or_404(course_id: str, module_id: str, lesson_id: str) -> tuple[Course, Module, Lesson]:
    """The course, module and lesson named in a URL, or a 404."""
    from flask import abort

    course = catalog().course(course_id)
    module = course.module(module_id) if course else None
    lesson = module.lesson(lesson_id) if module else None
    if lesson is None:
        abort(404)
    return course, module, lesson


def text_for(texts, language: str):
    """Just the text in the page language or its nearest fallback (for titles in templates)."""
    return pick(texts, chain(language))[0]


def in_language(texts, language: str):
    """The text for the page language or its first fallback that exists, and the language it is in."""
    return pick(texts, chain(language))
