"""Staff accounts: admins, coordinators (scoped to states/regions) and facilitators (scoped to townships)."""
from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.db import Base, UTCDateTime, string_enum, utcnow
from learning.places.models import State, Township


class Role(enum.StrEnum):
    """What a staff member may do."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"

    @property
    def label(self) -> str:
        """The role's name in the page language."""
        return str({"admin": _l("Administrator"), "coordinator": _l("Coordinator"),
                    "facilitator": _l("Facilitator")}[self.value])


staff_states = Table(
    "staff_states",
    Base.metadata,
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("state_pcode", ForeignKey("states.pcode"), primary_key=True),
)

staff_townships = Table(
    "staff_townships",
    Base.metadata,
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("township_pcode", ForeignKey("townships.pcode"), primary_key=True),
)


def new_session_nonce() -> str:
    """A random value that, once changed, invalidates every cookie issued before."""
    return secrets.token_urlsafe(16)


class Staff(Base):
    """A programme staff member who signs in with a username and password."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(string_enum(Role, "role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_nonce: Mapped[str] = mapped_column(String(32), default=new_session_nonce)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    states: Mapped[list[State]] = relationship(secondary=staff_states, order_by=State.pcode)
    townships: Mapped[list[Township]] = relationship(secondary=staff_townships, order_by=Township.pcode)

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The id kept in the cookie: id and nonce, so a rotated nonce signs every old cookie out."""
        return f"{self.id}:{self.session_nonce}"
