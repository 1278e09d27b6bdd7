"""Numbers inside translated messages are written in the page language's digits, in Python and in templates."""
from flask import g, render_template_string
from flask_babel import gettext, lazy_gettext, ngettext


def _in(app, code, work):
    with app.test_request_context(f"/?lang={code}"):
        g.lang = code
        return work()


def test_numbers_in_messages_take_myanmar_digits_on_myanmar_script_pages(app):
    for code in ("my", "shn", "mnw", "ksw"):
        text = _in(app, code, lambda: gettext("Choose an answer for question %(number)s.", number=12))
        assert "၁၂" in text and "12" not in text, (code, text)
    assert "12" in _in(app, "en", lambda: gettext("Choose an answer for question %(number)s.", number=12))
    assert "12" in _in(app, "cnh", lambda: gettext("Choose an answer for question %(number)s.", number=12))


def test_only_numbers_change_not_codes_or_names(app):
    text = _in(app, "my", lambda: gettext("Household %(code)s", code="DEMO-0001"))
    assert "DEMO-0001" in text
    assert _in(app, "my", lambda: str(lazy_gettext("Choose an answer for question %(number)s.", number=3))).count("၃") == 1
    assert "၅" in _in(app, "my", lambda: ngettext("%(num)s lesson", "%(num)s lessons", 5))


def test_templates_give_numbers_in_the_page_digits(app):
    template = '{{ _("Choose an answer for question %(number)s.", number=7) }} {{ _("Household %(code)s", code="A-1") }}'
    burmese = _in(app, "my", lambda: render_template_string(template))
    assert "၇" in burmese and "7" not in burmese.replace("A-1", "") and "A-1" in burmese
    assert "7" in _in(app, "en", lambda: render_template_string(template))
    escaped = _in(app, "my", lambda: render_template_string('{{ _("Household %(code)s", code="<b>") }}'))
    assert "&lt;b&gt;" in escaped


def test_age_bands_roles_and_places_in_the_page_language(auth):
    admin, _ = auth.staff_client("admin")
    auth.staff_client("facilitator", townships=("MMR011001",))
    dashboard = admin.get("/reports/?lang=my").text
    assert "၁၈-၂၄" in dashboard and ">18-24<" not in dashboard
    staff = admin.get("/admin/staff?lang=my").text
    assert "သင်တန်းပို့ချသူ" in staff and ", facilitator)" not in staff
    assert "မော်လမြိုင်" in staff and "Mawlamyine" not in staff
    assert ", Facilitator)" in admin.get("/admin/staff?lang=en").text
