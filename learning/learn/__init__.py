"""Trainee pages: the catalogue, lessons, and the money tools (quizzes and progress join later)."""
from flask import Blueprint

bp = Blueprint("learn", __name__)

from learning.learn import progress_routes, quiz_routes, routes, tools_routes  # noqa: E402,F401
from learning.learn.library import text_for  # noqa: E402
from learning.learn.progress import lessons_done  # noqa: E402

bp.add_app_template_global(text_for)
bp.add_app_template_global(lessons_done)
