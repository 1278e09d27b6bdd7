"""Writing to the audit log, in the same transaction as the action it records."""
from __future__ import annotations

from sqlalchemy.orm import Session

from learning.reports.models import AuditEntry


def record(db: Session, action: str, subject_type: str, subject_id: int | None, *, actor_id: int | None = None,
           township_pcode: str | None = None, **details) -> AuditEntry:
    """Add an audit entry (flushed, committed with the action)."""
    entry = AuditEntry(action=action, subject_type=subject_type, subject_id=subject_id, actor_id=actor_id,
                       township_pcode=township_pcode, details=details)
    db.add(entry)
    db.flush()
    return entry
