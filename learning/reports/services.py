"""Reports' one write: every completion export is in the audit log before its first row is sent."""
from __future__ import annotations

from sqlalchemy.orm import Session

from learning.audit import record
from learning.content.model import Catalog
from learning.db import utcnow
from learning.reports import exports
from learning.reports.filters import ReportFilter


def start_export(db: Session, catalog: Catalog, report: ReportFilter, states: list[str] | None, *, fmt: str,
                 pseudonym_key: bytes | None, actor_id: int | None,
                 via: str | None = None) -> tuple[exports.Export, int]:
    """The export for a filter (every course unless the filter names one) and its number of rows, written to the
    audit log."""
    export = exports.Export(exports.courses_for(catalog, report), report, states, pseudonym_key)
    rows = exports.count_rows(db, export)
    details = {"via": via} if via else {}
    record(db, "export.completions", "export", None, actor_id=actor_id, format=fmt, filters=report.as_dict(),
           rows=rows, pseudonymised=pseudonym_key is not None, at_utc=utcnow().isoformat(), **details)
    return export, rows
