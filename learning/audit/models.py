"""The audit log: append-only; nothing in the application edits or deletes an entry.

Entries name staff by account and people only by internal ids: no names, phone numbers, villages, household
or certificate codes, and no free text typed about a person (a test checks this)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.db import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    """Who did what to which record, when (UTC), with details that carry no more personal data than needed."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: the system or a household
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int | None]
    township_pcode: Mapped[str | None] = mapped_column(String(9), index=True)  # for coordinators' views
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("Staff", lazy="selectin", viewonly=True)  # shown by user name in the audit view
