"""Long lists a page at a time, with Previous and Next links instead of a silent cut-off.

Pages are numbered from 1 and read with LIMIT/OFFSET. One row more than a page is fetched to know whether a
next page exists, so no COUNT runs. The query's ORDER BY must be total (end it with the id), or rows could
repeat or go missing between pages. A page number past the end gives an empty page that links to the first.
The template macro is ``pager`` in templates/_macros/paging.html.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

from flask import request, url_for
from sqlalchemy import Select
from sqlalchemy.orm import Session

T = TypeVar("T")

MAX_PAGE = 100_000  # keeps OFFSET (page x page size) small enough for any database integer


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, its number, and whether pages exist before and after it."""

    items: list[T]
    number: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def past_the_end(self) -> bool:
        """An empty page after the last one (an old link, a typed number): it links to the first page."""
        return self.number > 1 and not self.items

    @property
    def previous_number(self) -> int | None:
        if not self.has_previous:
            return None
        return 1 if self.past_the_end else self.number - 1

    @property
    def next_number(self) -> int | None:
        return self.number + 1 if self.has_next else None

    @property
    def previous_url(self) -> str | None:
        """The previous page's address (during a request), keeping the other query arguments."""
        return None if self.previous_number is None else page_url(self.previous_number)

    @property
    def next_url(self) -> str | None:
        """The next page's address (during a request), keeping the other query arguments."""
        return None if self.next_number is None else page_url(self.next_number)


def page_number(value: str) -> int:
    """A page number typed in a query string: ASCII digits, 1 to MAX_PAGE. Raises ValueError otherwise, so that
    it works as ``request.args.get("page", 1, type=page_number)``."""
    if not (value.isascii() and value.isdigit() and len(value) <= 6) or not 1 <= int(value) <= MAX_PAGE:
        raise ValueError(f"not a page number: {value[:30]!r}")
    return int(value)


def page_number_from(args: Mapping[str, str]) -> int:
    """The ``?page=`` number; 1 when it is missing or is not a page number (never an error, as with ?lang=)."""
    try:
        return page_number(args.get("page", "1"))
    except ValueError:
        return 1


def paginate(db: Session, query: Select, number: int, per_page: int) -> Page:
    """Page `number` of a select() of one entity, in the query's (total) order."""
    rows = db.scalars(query.limit(per_page + 1).offset((number - 1) * per_page)).all()
    return Page(items=list(rows[:per_page]), number=number, per_page=per_page, has_next=len(rows) > per_page)


def page_url(number: int) -> str:
    """This request's address with ``page`` set to `number` (left out for page 1) and its other query
    arguments kept, e.g. a search or the filters."""
    pairs = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
    if number > 1:
        pairs.append(("page", str(number)))
    address = url_for(request.endpoint, **(request.view_args or {}))
    return f"{address}?{urlencode(pairs)}" if pairs else address
