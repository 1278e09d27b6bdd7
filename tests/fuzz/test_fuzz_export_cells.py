"""Any text typed into registration, a bulk import or a new group comes out of every export (named and
pseudonymised, CSV and XLSX) as cells that no spreadsheet runs."""
import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from learning.facilitate.models import Group
from learning.households.models import Household
from tests.fuzz import strategies as fz
from tests.web.test_export_safety import BIDI, EVIL, check_every_export, import_csv, new_group, register

# What may hide a formula from a check that looks only at the first character.
HIDING = st.text(st.one_of(fz.control_character, st.sampled_from(BIDI + " \u00a0\u3000\u200b\ufeff\t\r\n")),
                 max_size=3)
formulas = st.builds("{}{}{}".format, HIDING, st.sampled_from("=+-@＝"), fz.short_text)
names = fz.single(st.one_of(formulas, formulas, fz.text))


@pytest.fixture
def facilitator(auth):
    return auth.staff_client("facilitator", townships=("MMR011001",))[0]


@pytest.fixture
def coordinator(auth):
    return auth.staff_client("coordinator", states=("MMR011",))[0]


# Each example registers, imports and exports four times: half of the profile's examples keeps it quick.
@settings(max_examples=max(10, settings.default.max_examples // 2))
@given(group_name=names, name=names, father=names, village=names)
@example(group_name="\x01" + EVIL, name="\u202e" + EVIL, father="\x1b+1", village="\x08@SUM(A1)")
def test_no_exported_cell_is_a_formula_whatever_was_typed(db, facilitator, coordinator, group_name, name, father,
                                                           village):
    for table in (Household, Group):  # each example on its own: a failure shrinks to the text that causes it
        db.execute(delete(table))
    db.commit()
    group_id = new_group(facilitator, group_name)
    register(facilitator, name, father, village, group_id)
    import_csv(facilitator, name, father, village, group_id)
    event(f"exported {check_every_export(coordinator) - 1} members")  # pytest --hypothesis-show-statistics
