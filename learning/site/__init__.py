"""Pages that belong to no feature: the start page, health check, error pages, headers and assets."""
from flask import Blueprint

bp = Blueprint("site", __name__)

