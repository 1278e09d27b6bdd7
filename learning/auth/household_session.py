"""Who is signed in on this device: a household (and which member is learning), kept on the server.

The cookie holds only a random token. The session row says which household and member it belongs to, and
ends after 15 minutes idle, after 8 hours in all, or at sign-out; a replayed cookie then signs nobody in.

Reading the session is one query on a pooled connection's cursor (db.Lookup), giving plain values
(services.SignedIn), not ORM objects: a signed-in page that needs nothing else opens no ORM session. Its
last-seen time is written at most once a minute, in a short write transaction of its own; a request within the
minute writes nothing and takes no write lock. The idle limit is checked against the stored last-seen time,
which may be up to a minute older than the last request: a session ends 14 to 15 minutes after its last
request, never later than 15 (SessionPolicy).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from flask import current_app, g, redirect, request, session, url_for

from learning import db
from learning.db import utcnow
from learning.households import services
from learning.households.models import Household, Member

SESSION_KEY = "household_token"
HOUSEHOLD = "household"


def policy() -> services.SessionPolicy:
    config = current_app.config
    return services.SessionPolicy(
        idle=timedelta(minutes=config["HOUSEHOLD_IDLE_MINUTES"]),
        absolute=timedelta(hours=config["HOUSEHOLD_MAX_HOURS"]),
    )


def load_household_session() -> None:
    """Before each request: find the household session named by the cookie, if any."""
    g.household_session = None
    token = session.get(SESSION_KEY)
    if not token or request.args.get("copy"):  # a page fetched to be saved for offline use: for nobody
        return
    rules = policy()
    now = utcnow()
    found, change = services.current_session(token, rules, now)
    if change is not None:
        with db.short_write() as writing:  # takes the write lock first; the rest of the request reads without it
            if change == "end":
                services.end_session(writing, found, now)
                found = None
            else:
                services.touch_session(writing, found, now, rules)
    if found is None:
        session.pop(SESSION_KEY, None)
    g.household_session = found


def household_session() -> services.SignedIn | None:
    return g.get("household_session")


def current_member_id() -> int | None:
    """The id of the member chosen as learning now, or None (no query)."""
    found = household_session()
    return found.member_id if found is not None else None


def current_member() -> Member | None:
    """The member chosen as learning now, loaded on first use in the request, or None."""
    member_id = current_member_id()
    if member_id is None:
        return None
    if "current_member" not in g:
        g.current_member = db.session.get(Member, member_id)
    return g.current_member


def current_household() -> Household | None:
    """The signed-in household, loaded on first use, or None."""
    found = household_session()
    return db.session.get(Household, found.household_id) if found is not None else None


def start(token: str) -> None:
    """Put a new household session in a fresh cookie session (nothing from before carries over)."""
    session.clear()
    session[SESSION_KEY] = token


def forget() -> None:
    session.clear()


def household_required(view: Callable) -> Callable:
    """Only a signed-in household; others are sent to the household sign-in."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if household_session() is None:
            return redirect(url_for("household.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    wrapper.access_rule = (HOUSEHOLD, "household")  # type: ignore[attr-defined]
    return wrapper


def member_required(view: Callable) -> Callable:
    """A signed-in household with a member chosen; otherwise sign in, or choose who is learning."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if household_session() is None:
            return redirect(url_for("household.sign_in", next=request.full_path.rstrip("?")))
        if current_member_id() is None:
            return redirect(url_for("household.who", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    wrapper.access_rule = (HOUSEHOLD, "member")  # type: ignore[attr-defined]
    return wrapper
