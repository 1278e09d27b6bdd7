"""Trainee pages: catalogue, lessons, present mode, quizzes, progress and the money tools."""
from flask import Blueprint

bp = Blueprint("learn", __name__)


@bp.app_template_global()
def text_for(texts, language):
    """The text in the language or its nearest fallback (templates' shortcut)."""
    from learning.learn.library import text_for as pick_text

    return pick_text(texts, language)


@bp.app_template_global()
def lessons_done(reads, module):
    """How many of a module's lessons are among the lessons read."""
    from learning.learn.progress import lessons_done as count

    return count(reads, module)


@bp.app_template_global()
def next_step(course, reads, quizzes):
    """The member's next lesson or quiz in the course (learn.progress.next_step), None when all is done."""
    from learning.learn.progress import next_step as find

    return find(course, reads, quizzes)
