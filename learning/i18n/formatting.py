"""Numbers and dates in the page language, with Myanmar digits where the language uses them."""
from __future__ import annotations

from datetime import date, datetime

import flask_babel

from learning.i18n.languages import localise_digits
from learning.i18n.translations import current_language


def number(value: float | int | None) -> str:
    """A number with grouping, in the page language's digits."""
    if value is None:
        return ""
    return localise_digits(flask_babel.format_decimal(value), current_language())


def digits(value: object) -> str:
    """A value as it is (a year, an age band "18-24"), its digits in the page language's digits; no grouping."""
    if value is None:
        return ""
    return localise_digits(str(value), current_language())


def short_date(value: date | datetime | None) -> str:
    """A date such as 27 November 2026, in the page language's month names and digits."""
    if value is None:
        return ""
    return localise_digits(flask_babel.format_date(value, format="long"), current_language())


def date_time(value: datetime | None) -> str:
    """A date and time in Myanmar time, in the page language's digits."""
    if value is None:
        return ""
    return localise_digits(flask_babel.format_datetime(value, format="medium"), current_language())
