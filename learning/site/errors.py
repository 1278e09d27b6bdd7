"""Translated error pages that show no internals."""
from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: (_l("Something in the request was not right"), _l("Please go back, check what you entered and try again.")),
    403: (_l("You cannot open this page"), _l("Your account does not give access to this page.")),
    404: (_l("Page not found"), _l("We could not find this page. Check the address, or start again from the home page.")),
    405: (_l("This action is not possible here"), _l("Please go back and use the buttons on the page.")),
    413: (_l("What you sent is too large"), _l("Please send a smaller file or less text.")),
    429: (_l("Too many tries"), _l("Please wait a minute and try again.")),
    500: (_l("Something went wrong on our side"), _l("Nothing you did caused this. Please try again in a few minutes.")),
    503: (_l("The service is not available just now"), _l("Please try again in a few minutes.")),
}


def render_error(code: int):
    """The error page for an HTTP status code, in the page language."""
    title, body = MESSAGES.get(code, MESSAGES[500])
    if request.accept_mimetypes.best == "application/json":
        return {"status": "error", "code": code}, code
    return render_template("site/error.html", code=code, title=title, body=body), code


def register_error_pages(app: Flask) -> None:
    """Route every HTTP error, the CSRF failure and any crash to a translated page."""

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code is not None and exc.code < 400:  # routing redirects are exceptions too
            return exc
        return render_error(exc.code or 500)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        return render_error(400)

    @app.errorhandler(Exception)
    def _crash(exc: Exception):
        if isinstance(exc, HTTPException):  # pragma: no cover - handled above
            return render_error(exc.code or 500)
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        db_session = g.get("_db_session")
        if db_session is not None:  # after a failed flush the session refuses all queries; the page makes some
            db_session.rollback()
        return render_error(InternalServerError.code)
