"""Data protection: consent withdrawal and the retention purge. It sits above the features, because erasing a
person reaches into households, progress and attendance alike."""
from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/facilitate")
