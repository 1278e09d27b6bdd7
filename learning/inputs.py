"""What every request may carry: row ids the database can compare, no NUL, no body cut off at the limit.

- PostgreSQL text cannot hold NUL (U+0000) and no form of ours sends one, so a form with one is refused (400)
  before it reaches a query. (Query strings are read more leniently: an odd ?lang= is ignored, not refused.)
- Row ids are INTEGER columns: 32 bits on PostgreSQL (a larger value fails the query), 64 on SQLite (a larger
  one cannot even be sent). A larger id in an address or a form must give "not found", not a crash, so ids
  are read with :func:`row_id` and the ``<int:...>`` converter stops at the same bound.
- A streamed (chunked) body has no Content-Length; Werkzeug stops reading it at MAX_CONTENT_LENGTH and parses
  what it read. Such a body is refused (413) instead of being handled cut short.
"""
from __future__ import annotations

import re
import secrets

from flask import Flask, abort, request
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter
from werkzeug.wsgi import LimitedStream
from wtforms import FieldList, HiddenField
from wtforms.validators import DataRequired, Regexp

MAX_ROW_ID = 2**31 - 1
# A submission id names one tap of "save" so that a double tap or a retry stores it once. One rule everywhere:
# 16-43 URL-safe characters (43 = 32 random bytes), so that "form:<id>" or "<id>-<member id>" still fit the
# 64-character columns that hold them.
SUBMISSION_ID = re.compile(r"^[A-Za-z0-9_-]{16,43}$")


def row_id(value: str) -> int:
    """A row id typed in a form or a query string: ASCII digits, at most MAX_ROW_ID. Raises ValueError
    otherwise, so that it works as ``request.args.get(name, type=row_id)``."""
    if not (value.isascii() and value.isdigit() and len(value) <= 10) or int(value) > MAX_ROW_ID:
        raise ValueError(f"not a row id: {value[:30]!r}")
    return int(value)


def new_submission_id() -> str:
    """A fresh submission id for a form about to be shown."""
    return secrets.token_urlsafe(16)


class SubmissionIdField(HiddenField):
    """The hidden submission id of a form that must be stored once; a new one is made when none was sent."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, validators=[DataRequired(), Regexp(SUBMISSION_ID.pattern)], **kwargs)

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if not self.data and not formdata:
            self.data = new_submission_id()


class SubmissionForm(FlaskForm):
    """Just the CSRF token and the submission id, for pages whose other fields are read by hand."""

    submission_id = SubmissionIdField()


class RowIdConverter(IntegerConverter):
    """``<int:...>`` in our addresses: a row id, so no larger than the database can compare."""

    def __init__(self, url_map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ROW_ID,
                 signed: bool = False) -> None:
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class RowList(FieldList):
    """A FieldList of repeated rows (members-0-name, members-1-name, ...) that reads only plain row numbers
    from the field names: WTForms passes anything str.isdigit() accepts to int(), which fails on
    "members-²-name" or on a number of thousands of digits."""

    def _extract_indices(self, prefix, formdata):
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                index = key[offset:].split(self._field_separator, 1)[0]
                if index.isascii() and index.isdigit() and len(index) <= 4:
                    yield int(index)


def _check_request() -> None:
    fields = request.form.items(multi=True)  # reading the form may raise 413
    stream = request.stream
    if request.content_length is None and isinstance(stream, LimitedStream) and stream.is_exhausted:
        abort(413)  # a streamed body that reached MAX_CONTENT_LENGTH was cut off there
    if any("\x00" in name or "\x00" in value for name, value in fields):
        abort(400)


def register_converters(app: Flask) -> None:
    """Replace ``<int:...>`` before any route is added."""
    app.url_map.converters["int"] = RowIdConverter


def register_input_checks(app: Flask) -> None:
    """Check every request before any other hook reads its form (the CSRF check does)."""
    app.before_request(_check_request)
