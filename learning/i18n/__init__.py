"""Languages: choosing the page language, fallback catalogs, digits, and text normalisation."""
from __future__ import annotations

from contextlib import contextmanager

from flask import Flask, g, request

from learning.i18n import formatting
from learning.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, get_language
from learning.i18n.translations import current_language, formatting_locale

__all__ = ["init_app", "current_language", "formatting_locale"]


def _choose_language() -> None:
    """Pick the page language: ?lang=, then the device's cookie, then Burmese."""
    cookie_name = _cookie_name()
    asked = get_language(request.args.get("lang"))
    if asked is not None:
        g.lang = asked.code
        g.lang_to_remember = asked.code
        return
    remembered = get_language(request.cookies.get(cookie_name))
    g.lang = remembered.code if remembered else DEFAULT_LANGUAGE


def _cookie_name() -> str:
    from flask import current_app

    return current_app.config["LANGUAGE_COOKIE"]


def _remember_language(response):
    code = g.get("lang_to_remember")
    if code and request.cookies.get(_cookie_name()) != code:
        from flask import current_app

        response.set_cookie(
            _cookie_name(), code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    """Register language selection and the template helpers."""
    app.before_request(_choose_language)
    app.after_request(_remember_language)
    app.jinja_env.globals.update(languages=LANGUAGES, current_language=current_language)
    app.jinja_env.filters.update(
        number=formatting.number, digits=formatting.digits, date=formatting.short_date,
        datetime=formatting.date_time,
    )


@contextmanager
def page_language(code: str):
    """Translate and format in another language for a while (a certificate in its member's language)."""
    import flask_babel

    previous = g.get("lang")
    g.lang = code
    flask_babel.refresh()
    try:
        yield
    finally:
        g.lang = previous
        flask_babel.refresh()
