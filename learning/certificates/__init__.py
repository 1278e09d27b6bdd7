"""Certificates: issuing rules, the PDF, and public verification."""
from flask import Blueprint

bp = Blueprint("certificates", __name__)

