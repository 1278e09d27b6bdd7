"""gunicorn's access log without what could name a person: no query strings, no referrers, no cookies, and the
code of a certificate masked in its verification address (/v/<code>). gunicorn.conf.py names this class."""
from __future__ import annotations

import re

from gunicorn.glogging import Logger

# Addresses whose last part is a secret to whoever holds it: a certificate's verification code.
_CODES = re.compile(r"^(/v/)[^/]+")
# A format: client, time, method and path, status, bytes, seconds. Nothing a person typed beyond the path.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(L)s'
_HIDDEN_HEADERS = ("{cookie}i", "{referer}i", "{authorization}i", "{set-cookie}o")


def masked_path(path: str) -> str:
    """The path as the log may keep it (/v/7KQ4-M2XD-9P4T becomes /v/…)."""
    return _CODES.sub(r"\1…", path or "")


class AccessLog(Logger):
    """gunicorn's logger with the request line rebuilt from the masked path and no query string."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = masked_path(atoms["U"])
        atoms.update(U=path, q="", f="-", r=f"{atoms['m']} {path} {atoms['H']}")
        for name in _HIDDEN_HEADERS:
            if name in atoms:
                atoms[name] = "-"
        return atoms
