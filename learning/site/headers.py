"""Security and caching headers on every response."""
from __future__ import annotations

from flask import Flask, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

ASSET_ENDPOINTS = frozenset({"static", "learn.media"})  # files, the same for everyone: cached normally
# The service worker is the same for everyone too, and is kept for a day (learn.offline_routes): never no-store,
# or a signed-in phone would ask for it again on every page. It keeps its policies (they govern the worker).
CACHED_AS_SENT = ASSET_ENDPOINTS | {"learn.service_worker"}
# Nothing on the site uses these browser features; a page that is ever framed or injected cannot either.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), interest-cohort=(), browsing-topics=()"
)
DOCUMENT_TYPES = frozenset({"text/html", "image/svg+xml"})  # what a browser may open as a page (an SVG runs scripts)
HSTS = "max-age=31536000; includeSubDomains"  # one year; only on HTTPS, where a browser honours it
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's cookie session, except that files the same for everyone do not say "Vary: Cookie": the session is
    looked at on every request, and with that header a phone's cache would not use its stylesheet, font or service
    worker again once the cookie changed (after signing in, for example), and would fetch them once more."""

    def save_session(self, app, session, response):
        super().save_session(app, session, response)
        if request.endpoint in CACHED_AS_SENT:
            kept = [value for value in response.vary if value.lower() != "cookie"]
            if kept:
                response.headers["Vary"] = ", ".join(kept)
            else:
                response.headers.pop("Vary", None)


def register_headers(app: Flask) -> None:
    """Add CSP, nosniff, Referrer-Policy, Permissions-Policy, HSTS over HTTPS, and no-store on pages for signed-in
    people."""
    app.session_interface = _SessionInterface()

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.is_secure:  # HTTPS here, or a proxy that says so (X-Forwarded-Proto with PROXY_FIX_X_FOR set)
            headers.setdefault("Strict-Transport-Security", HSTS)
        if request.endpoint in ASSET_ENDPOINTS and response.mimetype not in DOCUMENT_TYPES:
            # a stylesheet, script, font or picture is never a document: the policies below would not apply to
            # it, and they cost about half a kilobyte on each of a phone's first requests
            headers.pop("Content-Disposition", None)
            return response
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.endpoint in CACHED_AS_SENT:
            return response
        if _signed_in():
            headers["Cache-Control"] = "no-store"
        elif "Cache-Control" not in headers:
            headers["Cache-Control"] = "no-cache"
        return response


def _signed_in() -> bool:
    if g.get("household_session") is not None:
        return True
    try:
        return bool(current_user and current_user.is_authenticated)
    except Exception:  # outside a login-managed request (for example a 500 before login ran)
        return False
