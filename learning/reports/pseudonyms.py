"""The pseudonymised completion list: what it shows about a person, and where it shows the township.

It holds no free text (no names, villages, phones, group or facilitator names) and no raw id: members, households,
groups and certificates are keyed hashes (HMAC-SHA256 with the pseudonym key, the kind of id in the message, so
member 7 and household 7 differ). Age is a band (the dashboard's), not a year of birth. The township is shown only
where at least MIN_CELL members share its (township, sex, age band); elsewhere the township columns are blank and
only the state or region is given. Rows that the pseudonyms join (the same household or group) are generalised
together, or a member shown with the township would give it away for a relative generalised to the state.
"""
from __future__ import annotations

import hashlib
import hmac
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress

from flask_babel import gettext as _

from learning.reports.queries import age_band

MIN_CELL = 5
NO_GROUP = -1  # a member whose household is in no group, in townships_shown's array of groups


def keyed(key: bytes, kind: str, value) -> str:
    """A stable pseudonym for an id of a kind ("member", "household", ...): 16 hex digits of an HMAC."""
    if value is None or value == "":
        return ""
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True)
class Person:
    """What the pseudonymised list knows of a member (the order of its query's columns)."""

    member_id: int
    household_id: int
    group_id: int | None
    sex: str
    birth_year: int
    township_pcode: str
    township: str
    state_pcode: str
    state: str

    @classmethod
    def from_row(cls, row) -> Person:
        values = list(row)
        values[3] = getattr(values[3], "value", values[3])  # the Sex enum
        return cls(*values)


def townships_shown(people: Iterable[Sequence], year: int) -> set[int]:
    """The members whose township the list may show: at least MIN_CELL shown members share their (township, sex,
    age band), and no one they are linked to (household, group) was generalised to the state. Generalising one
    member can leave another's cell too small, so this repeats until nothing changes.

    `people` gives (member id, household id, group id, sex, year of birth, township P-code) for everyone in the
    list, and may be a stream: they are kept as four arrays of numbers (a member's cell is a number too), about
    110 bytes a member at the peak with the sets of ids, where an object per member took 60 MB more for the whole
    programme's list."""
    cells: dict[tuple, int] = {}
    members, cell_of, households, groups = array("q"), array("l"), array("q"), array("q")
    for member_id, household_id, group_id, sex, birth_year, township_pcode in people:
        key = (township_pcode, getattr(sex, "value", sex), age_band(birth_year, year))
        members.append(member_id)
        cell_of.append(cells.setdefault(key, len(cells)))
        households.append(household_id)
        groups.append(NO_GROUP if group_id is None else group_id)
    shown = bytes([1]) * len(members)
    while True:
        sizes = Counter(compress(cell_of, shown))
        large = bytes(sizes[cell] >= MIN_CELL for cell in range(len(cells)))
        kept = bytes(is_shown and large[cell] for is_shown, cell in zip(shown, cell_of, strict=True))
        hidden_households = set(compress(households, (not k for k in kept)))
        hidden_groups = set(compress(groups, (not k for k in kept))) - {NO_GROUP}
        still = bytes(k and household not in hidden_households and group not in hidden_groups
                      for k, household, group in zip(kept, households, groups, strict=True))
        if still == shown:
            return set(compress(members, shown))
        shown = still


def headers() -> list[str]:
    """The columns about the person, before the course's."""
    return [_("Household pseudonym"), _("Member pseudonym"), _("Sex"), _("Age band"), _("State or region P-code"),
            _("State or region"), _("Township P-code"), _("Township"), _("Group pseudonym")]


def person_cells(key: bytes, person: Person, shown: set[int], year: int, labels: dict) -> list:
    """The cells about the person; the township's are blank unless it may be shown. `labels`: each sex's word,
    looked up once per export (exports.sex_labels)."""
    township = (person.township_pcode, person.township) if person.member_id in shown else ("", "")
    return [keyed(key, "household", person.household_id), keyed(key, "member", person.member_id),
            labels[person.sex],
            age_band(person.birth_year, year), person.state_pcode, person.state, *township,
            keyed(key, "group", person.group_id)]
