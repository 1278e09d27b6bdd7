"""Loading the township list that ships with the project."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from learning.places.models import State, Township

PROGRAMME_STATES = ("MMR004", "MMR011", "MMR003", "MMR014", "MMR015", "MMR016", "MMR010", "MMR009", "MMR006")


@dataclass(frozen=True)
class LoadResult:
    """How many rows the load added and updated."""

    added: int
    updated: int


def read_townships_csv() -> list[dict[str, str]]:
    """The rows of learning/places/data/townships.csv (MIMU P-codes 9.6)."""
    with resources.files("learning.places").joinpath("data/townships.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_townships(db: Session) -> LoadResult:
    """Insert or update every state and township from the shipped CSV; safe to run again."""
    rows = read_townships_csv()
    states = {s.pcode: s for s in db.scalars(select(State))}
    townships = {t.pcode: t for t in db.scalars(select(Township))}
    added = updated = 0
    for row in rows:
        state = states.get(row["state_pcode"])
        values = {"name_en": row["state_name_en"], "name_my": row["state_name_my"]}
        if state is None:
            state = State(pcode=row["state_pcode"], **values)
            db.add(state)
            states[state.pcode] = state
            added += 1
        elif (state.name_en, state.name_my) != (values["name_en"], values["name_my"]):
            state.name_en, state.name_my = values["name_en"], values["name_my"]
            updated += 1
    db.flush()
    for row in rows:
        values = {
            "state_pcode": row["state_pcode"],
            "district_pcode": row["district_pcode"],
            "name_en": row["township_name_en"],
            "name_my": row["township_name_my"],
        }
        township = townships.get(row["township_pcode"])
        if township is None:
            db.add(Township(pcode=row["township_pcode"], **values))
            added += 1
        elif any(getattr(township, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(township, k, v)
            updated += 1
    db.flush()
    return LoadResult(added, updated)
