"""Declared access rules: every view says who may use it, and the server enforces it.

The rule is stored on the view function (``view.access_rule``) so that a test can walk the URL map and fail
for any endpoint that declares none.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from learning.auth.models import Role

PUBLIC = "public"
STAFF = "staff"


def public(view: Callable) -> Callable:
    """Anyone may use this view, signed in or not."""
    view.access_rule = PUBLIC  # type: ignore[attr-defined]
    return view


def staff_required(*roles: Role) -> Callable[[Callable], Callable]:
    """Only signed-in, active staff with one of the roles (any role when none is named)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                from learning.extensions import login_manager

                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapper.access_rule = (STAFF, tuple(r.value for r in roles) or tuple(Role))  # type: ignore[attr-defined]
        return wrapper

    return decorate


def safe_next_path(target: str | None, default: str) -> str:
    """A same-site path to go to after signing in; anything else gives the default."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(c) < 32 for c in target):
        return default
    return target
