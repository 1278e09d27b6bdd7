"""Reference data: states/regions and townships from the shipped CSV."""
from sqlalchemy import func, select

from learning.places.models import State, Township
from learning.places.services import PROGRAMME_STATES, load_townships


def test_townships_are_loaded_once_and_a_second_load_changes_nothing(db):
    assert db.scalar(select(func.count()).select_from(Township)) == 330
    result = load_townships(db)
    assert (result.added, result.updated) == (0, 0)
    assert db.scalar(select(func.count()).select_from(Township)) == 330


def test_names_are_stored_exactly_as_shipped(db):
    pakokku = db.get(Township, "MMR009018")
    assert pakokku is not None and pakokku.name_en == "Pakokku"
    assert pakokku.name_my == "ပခုက္ကူ"
    assert db.get(State, "MMR011").name("my") == "မွန်ပြည်နယ်"
    assert db.get(State, "MMR011").name("en") == "Mon"


def test_every_programme_state_is_present(db):
    assert {s.pcode for s in db.scalars(select(State))} >= set(PROGRAMME_STATES)
