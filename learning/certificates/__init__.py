"""Certificates: issuing rules, the PDF, and public verification."""
from flask import Blueprint

bp = Blueprint("certificates", __name__)

from learning.certificates import routes  # noqa: E402,F401
