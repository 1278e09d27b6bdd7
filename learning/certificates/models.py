"""Certificates: at most one valid certificate per member and course, enforced by the database."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.auth.models import Staff
from learning.db import Base, UTCDateTime, utcnow
from learning.households.models import Member


class Certificate(Base):
    """A course certificate for one member, with its public verification code."""

    __tablename__ = "certificates"
    __table_args__ = (
        # One valid (not revoked) certificate per member and course; revoked ones stay for the record.
        Index("uq_certificates_valid_member_course", "member_id", "course_id", unique=True,
              sqlite_where=text("revoked_at IS NULL"), postgresql_where=text("revoked_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # printed: 7KQ4-M2XD-9P4T
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[str] = mapped_column(String(64))
    completed_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: issued with the passing quiz
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    member: Mapped[Member] = relationship()
    issued_by: Mapped[Staff | None] = relationship(foreign_keys=[issued_by_id])

    @property
    def valid(self) -> bool:
        return self.revoked_at is None
