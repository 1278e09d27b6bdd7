"""States/regions and townships (MIMU Place Codes)."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learning.db import Base


class State(Base):
    """A state or region, such as Mon State (MMR011)."""

    __tablename__ = "states"

    pcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(80))
    name_my: Mapped[str] = mapped_column(String(120))

    townships: Mapped[list[Township]] = relationship(back_populates="state", order_by="Township.pcode")

    def name(self, lang: str) -> str:
        """The name in Burmese for Myanmar-script languages, else in English."""
        return self.name_en if lang in ("en", "cnh") else self.name_my


class Township(Base):
    """A township, the unit facilitators are assigned to."""

    __tablename__ = "townships"

    pcode: Mapped[str] = mapped_column(String(9), primary_key=True)
    state_pcode: Mapped[str] = mapped_column(ForeignKey("states.pcode"), index=True)
    district_pcode: Mapped[str] = mapped_column(String(10))
    name_en: Mapped[str] = mapped_column(String(80))
    name_my: Mapped[str] = mapped_column(String(120))

    state: Mapped[State] = relationship(back_populates="townships")

    def name(self, lang: str) -> str:
        """The name in Burmese for Myanmar-script languages, else in English."""
        return self.name_en if lang in ("en", "cnh") else self.name_my
