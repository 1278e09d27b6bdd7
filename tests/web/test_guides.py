"""Issue 18: a facilitator's guide per module, in English and Burmese, printable from the site."""
import re

import pytest
from markupsafe import escape

from learning.config import PROJECT_ROOT
from learning.content.loader import load_catalog

CATALOG = load_catalog(PROJECT_ROOT / "courses")
MODULES = [(c, m) for c in CATALOG.courses for m in c.modules]
SECTIONS = ("Goal of the session", "Plan (45 minutes)", "Group activity", "Questions to ask")


@pytest.mark.parametrize("course, module", MODULES, ids=[f"{c.id}/{m.id}" for c, m in MODULES])
def test_every_module_has_a_guide_with_a_plan_of_45_minutes(course, module):
    assert {"en", "my"} <= set(module.guides), "a guide in English and Burmese"
    html = module.guides["en"].html
    for heading in SECTIONS:
        assert f">{heading}</h2>" in html, heading
    plan = html.split("Plan (45 minutes)</h2>")[1].split("<h2")[0]
    minutes = [int(n) for n in re.findall(r"<strong>(\d+) minutes", plan)]
    assert sum(minutes) == 45, minutes
    # the Burmese guide follows the same plan: as many timed steps and headings
    burmese = module.guides["my"].html
    assert burmese.count("<h2") == html.count("<h2")
    assert len(re.findall(r"<li>", burmese.split("<h2")[2])) == len(minutes)


def test_the_guides_page_links_every_guide_and_each_guide_opens_in_both_languages(client):
    index = client.get("/guides/?lang=en")
    assert index.status_code == 200
    for course, module in MODULES:
        url = f"/guides/{course.id}/{module.id}"
        assert f'href="{url}"' in index.text
        english = client.get(f"{url}?lang=en").text
        burmese = client.get(f"{url}?lang=my").text
        assert escape(module.guides["en"].title) in english and escape(module.guides["my"].title) in burmese
        assert "Draft: this text has not yet been checked by a native speaker." in english


def test_a_guide_in_another_language_says_which_language_it_is_shown_in(client):
    course, module = MODULES[0]
    page = client.get(f"/guides/{course.id}/{module.id}?lang=shn").text
    assert module.guides["my"].title in page  # Shan falls back to Burmese
    assert 'class="note"' in page


def test_an_unknown_guide_is_not_found(client):
    assert client.get("/guides/money-and-migration/no-such-module").status_code == 404
    assert client.get("/guides/no-such-course/sending-money-home").status_code == 404
