"""Long lists come a page at a time with Previous and Next links, never cut off in silence, and paging never
widens what a staff member may see."""
import html
import re

import pytest

from learning.admin import routes as admin_routes
from learning.audit import record
from learning.facilitate import groups as group_routes
from learning.facilitate import routes as household_routes
from learning.paging import MAX_PAGE, Page, page_number, page_number_from
from learning.reports import routes as report_routes
from tests.builders import make_group, make_household, make_staff

CODE_RE = re.compile(r">((?:OWN|LONE|OTHR|STRAY)-\d{4})</a>")  # the codes listed as links


def link(page_html: str, rel: str) -> str | None:
    """The address of the pager's Previous (rel="prev") or Next (rel="next") link, if there is one."""
    found = re.search(rf'rel="{rel}" href="([^"]+)"', page_html)
    return html.unescape(found.group(1)) if found else None


def walk(client, address: str) -> list[str]:
    """Every page from `address` on, following the Next links; checks each page after the first links back."""
    pages = []
    while address:
        response = client.get(address)
        assert response.status_code == 200
        if pages:
            assert link(response.text, "prev"), "a later page has no Previous link"
        pages.append(response.text)
        address = link(response.text, "next")
    return pages


@pytest.fixture
def facilitator_world(auth, db, monkeypatch):
    """A facilitator with five households in a group and one registered but in no group; another facilitator's
    group and a household registered by someone else, all in the same township. Two households a page."""
    monkeypatch.setattr(household_routes, "HOUSEHOLDS_PAGE", 2)
    client, staff = auth.staff_client("facilitator", townships=("MMR011001",))
    other = make_staff(db, role="facilitator", townships=("MMR011001",))
    own = [make_household(db, members=1, code=f"OWN-{n:04d}") for n in range(1, 6)]
    make_group(db, staff, own, name="Own group")
    lone = make_household(db, members=1, code="LONE-0001")
    lone.consent_recorded_by_id = staff.id
    make_group(db, other, [make_household(db, members=1, code=f"OTHR-{n:04d}") for n in range(1, 4)],
               name="Other group")
    make_household(db, members=1, code="STRAY-0001").consent_recorded_by_id = other.id
    db.commit()
    return client


def test_households_come_a_page_at_a_time_with_next_and_previous_links(facilitator_world):
    client = facilitator_world
    first = client.get("/facilitate/households?lang=en")
    assert CODE_RE.findall(first.text) == ["LONE-0001", "OWN-0001"]
    assert link(first.text, "prev") is None and link(first.text, "next") == "/facilitate/households?lang=en&page=2"
    assert "Page 1" in first.text and "Next page" in first.text
    second = client.get("/facilitate/households?lang=en&page=2")
    assert CODE_RE.findall(second.text) == ["OWN-0002", "OWN-0003"]
    assert link(second.text, "prev") == "/facilitate/households?lang=en"  # page 1 has no ?page=
    last = client.get("/facilitate/households?lang=en&page=3")
    assert CODE_RE.findall(last.text) == ["OWN-0004", "OWN-0005"]
    assert link(last.text, "next") is None and link(last.text, "prev") == "/facilitate/households?lang=en&page=2"


def test_a_facilitator_sees_only_their_own_households_on_every_page(facilitator_world):
    pages = walk(facilitator_world, "/facilitate/households?lang=en")
    seen = [code for page in pages for code in CODE_RE.findall(page)]
    assert len(pages) == 3
    assert seen == ["LONE-0001"] + [f"OWN-{n:04d}" for n in range(1, 6)]  # each once, nothing of anyone else's


def test_the_code_search_still_finds_one_household_and_needs_no_pager(facilitator_world):
    client = facilitator_world
    found = client.get("/facilitate/households?lang=en&code=own%200004")
    assert CODE_RE.findall(found.text) == ["OWN-0004"] and 'aria-label="Pages"' not in found.text
    hidden = client.get("/facilitate/households?lang=en&code=OTHR-0001")
    assert CODE_RE.findall(hidden.text) == [] and "No households found." in hidden.text


@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "1e3", "²", "٣", " 2", "%00", "",
                                   "99999999999999999999999999", str(MAX_PAGE + 1), "9" * 5000])
def test_a_bad_page_number_shows_the_first_page(facilitator_world, value):
    response = facilitator_world.get(f"/facilitate/households?lang=en&page={value}")
    assert response.status_code == 200
    assert CODE_RE.findall(response.text) == ["LONE-0001", "OWN-0001"]


def test_a_page_past_the_end_is_empty_and_links_to_the_first(facilitator_world):
    response = facilitator_world.get(f"/facilitate/households?lang=en&page={MAX_PAGE}")
    assert response.status_code == 200 and CODE_RE.findall(response.text) == []
    assert link(response.text, "next") is None and link(response.text, "prev") == "/facilitate/households?lang=en"
    assert "First page" in response.text


def test_groups_come_a_page_at_a_time(auth, db, monkeypatch):
    monkeypatch.setattr(group_routes, "GROUPS_PAGE", 2)
    client, staff = auth.staff_client("facilitator", townships=("MMR011001",))
    for n in range(1, 4):
        make_group(db, staff, name=f"Paged group {n}")
    make_group(db, make_staff(db, role="facilitator"), name="Paged group of someone else")
    db.commit()
    pages = walk(client, "/facilitate/groups?lang=en")
    names = [re.findall(r"Paged group[^<]*", page) for page in pages]
    assert names == [["Paged group 1", "Paged group 2"], ["Paged group 3"]]  # same start date: by id


def test_the_staff_list_pages_only_the_accounts_a_coordinator_manages(auth, db, monkeypatch):
    monkeypatch.setattr(admin_routes, "STAFF_PAGE", 2)
    client, _ = auth.staff_client("coordinator", states=("MMR011",))
    for name in ("paged.a", "paged.b", "paged.c"):
        make_staff(db, role="facilitator", username=name, townships=("MMR011001",))
    make_staff(db, role="facilitator", username="paged.shan", townships=("MMR014001",))
    make_staff(db, role="facilitator", username="paged.both", townships=("MMR011001", "MMR014001"))
    make_staff(db, role="coordinator", username="paged.peer", states=("MMR011",))
    db.commit()
    pages = walk(client, "/admin/staff?lang=en")
    listed = [re.findall(r"\((paged\.[a-z]+|coordinator\d+), ", page) for page in pages]
    assert listed == [["paged.a", "paged.b"], ["paged.c"]]


def test_the_audit_log_pages_newest_first_within_the_area(auth, db, monkeypatch):
    monkeypatch.setattr(report_routes, "AUDIT_PAGE", 2)
    client, _ = auth.staff_client("coordinator", states=("MMR011",))
    for n in range(1, 6):
        record(db, "household.unlock", "household", n, township_pcode="MMR011001", paged=f"mon{n}")
        record(db, "household.unlock", "household", n, township_pcode="MMR014001", paged=f"shan{n}")
    db.commit()
    pages = walk(client, "/reports/audit?lang=en")
    marked = [re.findall(r"paged: (\w+)", page) for page in pages]
    assert marked[:2] == [["mon5", "mon4"], ["mon3", "mon2"]]  # the newest first
    assert sum(marked, []) == ["mon5", "mon4", "mon3", "mon2", "mon1"]  # and nothing outside the area
    assert "Older entries" in pages[0] and "Newer entries" not in pages[0] and "Newer entries" in pages[1]


def test_page_numbers_are_read_strictly():
    assert page_number("2") == 2 and page_number("0002") == 2
    for bad in ("0", "-3", "x", "²", str(MAX_PAGE + 1)):
        with pytest.raises(ValueError):
            page_number(bad)
    assert page_number_from({"page": "3"}) == 3 and page_number_from({}) == 1 and page_number_from({"page": "-3"}) == 1


def test_a_page_knows_its_neighbours():
    first, last = Page([0, 1], 1, 2, has_next=True), Page([4], 3, 2, has_next=False)
    assert (first.items, first.has_previous, first.has_next, first.next_number) == ([0, 1], False, True, 2)
    assert (last.items, last.has_previous, last.has_next, last.previous_number) == ([4], True, False, 2)
    beyond = Page([], 9, 2, has_next=False)
    assert beyond.items == [] and beyond.past_the_end and beyond.previous_number == 1
