"""Groups of households that a facilitator teaches together, their sessions and attendance."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.auth.models import Staff
from learning.db import Base, UTCDateTime, string_enum, utcnow
from learning.places.models import Township


class Group(Base):
    """A learning group in one village, run by one facilitator."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    township_pcode: Mapped[str] = mapped_column(ForeignKey("townships.pcode"), index=True)
    village: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[date] = mapped_column(Date)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    township: Mapped[Township] = relationship()
    facilitator: Mapped[Staff] = relationship()


class Attendance(enum.StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class GroupSession(Base):
    """A session held with a group: its date and the lessons covered."""

    __tablename__ = "group_sessions"
    __table_args__ = (UniqueConstraint("submission_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    lessons: Mapped[list] = mapped_column(JSON, default=list)  # ["course/module/lesson", ...]
    submission_id: Mapped[str] = mapped_column(String(64))  # a double tap stores one session
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AttendanceRecord(Base):
    """One member at one session: present, absent or excused."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("group_sessions.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    status: Mapped[Attendance] = mapped_column(string_enum(Attendance, "attendance"))


class SuspectedDuplicate(Base):
    """An imported household whose duplicate key matched a household outside the importer's groups or area. The
    importer is told nothing; the coordinators of either household's area see the pair and resolve it."""

    __tablename__ = "suspected_duplicates"
    __table_args__ = (UniqueConstraint("household_id", "matches_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    matches_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    found_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
