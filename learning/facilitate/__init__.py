"""Facilitators' pages: households in their townships (groups, registration and sessions join later)."""
from flask import Blueprint

bp = Blueprint("facilitate", __name__, url_prefix="/facilitate")

from learning.facilitate import routes  # noqa: E402,F401
