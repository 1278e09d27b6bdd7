"""Facilitators' pages: groups, households, registration, sessions, attendance and paper results."""
from flask import Blueprint

bp = Blueprint("facilitate", __name__, url_prefix="/facilitate")

