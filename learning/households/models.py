"""Households, members, and the household's server-side sign-in sessions."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.db import Base, UTCDateTime, string_enum, utcnow
from learning.places.models import Township


class Sex(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The word in the page language (exports and pages show this, not the stored value)."""
        from flask_babel import gettext as _

        return {"female": _("Female"), "male": _("Male"), "other": _("Other")}[self.value]


class Relation(enum.StrEnum):
    """A member's relation to the household head."""

    HEAD = "head"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDCHILD = "grandchild"
    OTHER_RELATIVE = "other_relative"
    NOT_RELATED = "not_related"


class Household(Base):
    """A household: its printable code, where it lives, its consent record and its PIN."""

    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # printed: "K7QM-2XD9"
    code_key: Mapped[str] = mapped_column(String(16), unique=True)  # normalised for look-up
    township_pcode: Mapped[str] = mapped_column(ForeignKey("townships.pcode"), index=True)
    village: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(32))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"), index=True)
    # "form:<submission id>" of the registration form, so that a double tap saves one household
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # An import's key for the household (Kobo _uuid, the file's household key or the row's content), HMAC-SHA256
    # with a secret outside the database (facilitate/importing.py); blanked when anyone in it withdraws or is purged.
    duplicate_key: Mapped[str | None] = mapped_column(String(64), index=True)
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    consent_recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_language: Mapped[str] = mapped_column(String(8))
    consent_text_version: Mapped[str] = mapped_column(String(32))
    # None until a PIN is issued: imported households get theirs when the group's cards are printed
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    pin_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the village and phone were erased (every member withdrew, or the retention purge): the household
    # stays only as anonymous counts.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    township: Mapped[Township] = relationship()
    members: Mapped[list[Member]] = relationship(
        back_populates="household", order_by="Member.id", cascade="all, delete-orphan"
    )

    @property
    def current_members(self) -> list[Member]:
        """The members whose personal data is kept: the ones pages list, choose and export."""
        return [m for m in self.members if m.erased_at is None]


class Member(Base):
    """A person in a household who learns: the minimum the programme needs, nothing more."""

    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint("birth_year BETWEEN 1900 AND 2100", name="birth_year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    father_name: Mapped[str] = mapped_column(String(120))  # Myanmar names have no family name
    sex: Mapped[Sex] = mapped_column(string_enum(Sex, "sex"))
    birth_year: Mapped[int] = mapped_column(SmallInteger)
    relation: Mapped[Relation] = mapped_column(string_enum(Relation, "relation"))
    preferred_language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Consent withdrawn (recorded by a facilitator) and personal fields erased (by withdrawal or the retention
    # purge): the row stays, nameless, so that anonymous counts and progress figures do not change.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    household: Mapped[Household] = relationship(back_populates="members")


class HouseholdSession(Base):
    """A household's sign-in on a device; the cookie holds a token whose hash is the id."""

    __tablename__ = "household_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the cookie's token
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    household: Mapped[Household] = relationship()
    member: Mapped[Member | None] = relationship()
