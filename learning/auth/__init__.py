"""Staff sign-in and sign-out (household sign-in joins here later)."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/staff")

