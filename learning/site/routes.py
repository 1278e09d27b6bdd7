"""The start page and the health check."""
from __future__ import annotations

from flask import jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from learning import db
from learning.auth.access import public
from learning.site import bp


@bp.route("/")
@public
def index():
    """The start page: what this is, and the ways in."""
    return render_template("site/index.html")


@bp.route("/healthz")
@public
def healthz():
    """200 and {"status": "ok"} when the database answers, else 503."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")
