"""Signals that learn sends to the features above it, synchronously and inside the caller's transaction
(as Indico does): learn never imports those features, they subscribe.

- ``module_passed``: a new passing quiz attempt was stored for ``member`` in ``course``. Receivers get the
  database session as sender and ``member``, ``course``, ``issued_by_id``; what they return (a certificate,
  for example) is handed back to the caller of ``services.record_answers``.
- ``member_course_links``: the member's progress and quiz result pages ask for links per course. Receivers get the session as
  sender and ``member``, and return ``{course_id: (label, url)}``.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

module_passed = _signals.signal("module-passed")
member_course_links = _signals.signal("member-course-links")


def course_links(session, member) -> dict[str, tuple[str, str]]:
    """Every receiver's links for the member, merged: {course_id: (label, url)}."""
    links: dict[str, tuple[str, str]] = {}
    for _receiver, reply in member_course_links.send(session, member=member):
        links.update(reply or {})
    return links
