"""Staff accounts: admins create coordinators; coordinators create, scope and disable facilitators in their area."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
