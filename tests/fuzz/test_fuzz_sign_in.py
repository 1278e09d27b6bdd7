"""Fuzzing staff sign-in, household sign-in, choosing who is learning, the account page, ?lang= and ?next=."""
import unicodedata
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import select, update

from learning.auth.models import Staff
from learning.households.models import Household
from learning.i18n.languages import LANGUAGES
from tests.builders import PASSWORD, PIN, make_household, make_staff
from tests.conftest import csrf_token
from tests.fuzz import strategies as fz

NEXT = st.one_of(
    st.sampled_from(["", "/staff/account", "/learn/", "//evil.example", "/\\evil.example",
                     "https://evil.example/", "javascript:alert(1)", "/\x0b/x", "/\x00",
                     "/%0d%0aSet-Cookie:x=1", "/ok?a=1#f", "/\u1000\u103a", "/" + "x" * 9000]),
    fz.text,
)
LANG = st.one_of(st.sampled_from([*LANGUAGES, "MY", " en ", "en-US", "zz", "my\x00", "../en"]), fz.text)


def same_site(location: str) -> bool:
    """A redirect that stays on this site: a path, no scheme and no host."""
    parts = urlsplit(location)
    return not parts.scheme and not parts.netloc and location.startswith("/") \
        and not location.startswith("//")


@pytest.fixture
def staff(app, db):
    made = make_staff(db, role="facilitator", username="naw.paw")
    db.commit()
    return made


STAFF_SIGN_IN = {"username": st.sampled_from(["naw.paw", " NAW.PAW ", "Naw.Paw"]),
                 "password": st.just(PASSWORD), "next": NEXT, "csrf_token": st.just("from the page")}


@given(form=fz.forms(STAFF_SIGN_IN), query=st.fixed_dictionaries({"next": NEXT, "lang": LANG}))
@example(form={"username": "naw.paw\x00", "password": PASSWORD, "csrf_token": "from the page"}, query={})
def test_staff_sign_in_never_crashes_and_only_redirects_on_this_site(app, watch, staff, form, query):
    before = watch.start()
    client = app.test_client()
    watch.get(client, "/staff/login", {200}, query=query)
    if form.get("csrf_token") == "from the page":
        form["csrf_token"] = csrf_token(client.get("/staff/login").text)
    response = watch.post(client, "/staff/login", {302, 400}, data=form,
                          query={"lang": query.get("lang", "")})
    if response.status_code == 302:
        assert same_site(response.headers["Location"]), response.headers["Location"]
        assert form["password"] == PASSWORD and form["username"].strip().lower() == "naw.paw"
    assert watch.changes(before) == {}  # signing in (or failing to) adds no rows


@pytest.fixture
def household(app, db):
    made = make_household(db, members=3, code="K7QM-2XD9")
    db.commit()
    return made


HOUSEHOLD_SIGN_IN = {
    "code": st.sampled_from(["K7QM-2XD9", "k7qm 2xd9", "K7QM2XD9", "k7qm-2xd9 "]),
    "pin": st.sampled_from([PIN, PIN.translate(str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")), " 135 790 "]),
    "next": NEXT,
}
BAD_SIGN_IN = {"code": st.one_of(st.sampled_from(["K7QM-2XD9\x00", "ZZZZ-ZZZZ", "K7QM-2XD9-EXTRA"]), fz.text),
               "pin": st.one_of(st.sampled_from(["000000", "¹³⁵⁷⁹⁰", "１３５７９０", "13579", "1357900"]),
                                fz.numbers)}


@given(form=fz.forms(HOUSEHOLD_SIGN_IN, BAD_SIGN_IN), lang=LANG)
def test_household_sign_in_never_crashes_and_saves_a_session_only_when_it_signs_in(app, db, watch, household,
                                                                                    form, lang):
    db.execute(update(Household).values(pin_failures=0, locked_until=None))  # wrong PINs of earlier examples
    db.commit()
    before = watch.start()
    client = app.test_client()
    watch.get(client, "/household/sign-in", {200}, query={"next": form.get("next", ""), "lang": lang})
    form["csrf_token"] = csrf_token(client.get("/household/sign-in").text)
    response = watch.post(client, "/household/sign-in", {302, 400}, data=form, query={"lang": lang})
    changed = watch.changes(before)
    if response.status_code == 302:
        assert same_site(response.headers["Location"])
        assert changed == {"household_sessions": 1}
    else:
        assert changed == {}


@pytest.fixture
def household_client(auth, client, db, household):
    """A client signed in as the household; a second household's member (id 4) is not theirs."""
    make_household(db, members=1, code="OTHE-R001")
    db.commit()
    assert auth.household(household.code, PIN).status_code == 302
    return client, csrf_token(client.get("/household/").text)


MEMBER_IDS = st.one_of(st.sampled_from(["1", "2", "3"]),
                       st.sampled_from(["0", "4", "5", "-1", " 1", "1.0", "²", "١", "2147483648", "9" * 30,
                                        "9" * 400, "9" * 5000, "18446744073709551616"]), fz.numbers)


@given(member_id=MEMBER_IDS, next_url=NEXT)
@example(member_id="²", next_url="")
@example(member_id="9" * 30, next_url="")
@example(member_id="9" * 5000, next_url="")
@example(member_id="01", next_url="")
def test_choosing_who_is_learning_never_crashes(watch, household, household_client, member_id, next_url):
    client, token = household_client
    before = watch.start()
    response = watch.post(client, "/household/choose", {302, 404}, data={
        "member_id": member_id, "next": next_url, "csrf_token": token})
    if response.status_code == 302:
        assert same_site(response.headers["Location"])
        # "01" names member 1 too; never the other household's member 4
        assert member_id.isascii() and int(member_id) in {m.id for m in household.members}
    assert watch.changes(before) == {}


@pytest.fixture
def staff_account(auth):
    client, staff = auth.staff_client("facilitator")
    return client, staff, csrf_token(client.get("/staff/account").text)


NAMES = st.sampled_from(["ဒေါ်ခင်ခင်အေး", "Naw Paw", "ၼၢင်းသႅင်ၶမ်း", "ေဒၚခင္ခင္ေအး"])
CHOICES = st.one_of(st.sampled_from(["keep", "convert"]), fz.text)


@given(form=fz.forms({"display_name": NAMES}, extra_names=st.just("display_name-zawgyi")), choice=CHOICES,
       lang=LANG)
@example(form={"display_name": "ၫို"}, choice="", lang="en")
@example(form={"display_name": "a\x00b"}, choice="", lang="en")
@example(form={"display_name": "x" * 121}, choice="", lang="en")
def test_the_account_name_is_saved_clean_or_not_at_all(db, watch, staff_account, form, choice, lang):
    client, staff, token = staff_account
    before = watch.start()
    shown_before = db.scalar(select(Staff.display_name).where(Staff.id == staff.id))
    if choice:
        form["display_name-zawgyi"] = choice
    response = watch.post(client, "/staff/account", {302, 400}, data={**form, "csrf_token": token},
                          query={"lang": lang})
    db.rollback()
    saved = db.scalar(select(Staff.display_name).where(Staff.id == staff.id))
    if response.status_code == 302:
        assert saved and saved == saved.strip() and len(saved) <= 120 and "\x00" not in saved
        assert unicodedata.is_normalized("NFC", saved)
    else:
        assert saved == shown_before
    assert watch.changes(before) == {}


PAGES = ["/", "/learn/", "/staff/login", "/household/sign-in", "/tools/budget", "/verify",
         "/learn/money-and-migration/", "/learn/money-and-migration/sending-money-home/true-cost",
         "/learn/money-and-migration/sending-money-home/true-cost/present"]


@given(path=st.sampled_from(PAGES), lang=LANG, next_url=NEXT,
       extra=fz.extra_fields(st.sampled_from(["section", "code", "lang", "next"])))
def test_query_strings_never_crash_a_page_and_only_known_languages_are_remembered(app, watch, path, lang,
                                                                                  next_url, extra):
    before = watch.start()
    client = app.test_client()
    response = watch.get(client, path, {200, 302, 400, 404}, query={**extra, "lang": lang, "next": next_url})
    if response.status_code == 302:
        assert same_site(response.headers["Location"])
    if response.status_code == 404:
        assert path.endswith("/present") and "section" in extra  # only a section that does not exist
    for cookie in response.headers.getlist("Set-Cookie"):
        if cookie.startswith("tl_lang="):
            assert cookie.split(";")[0].split("=", 1)[1] in LANGUAGES
    assert watch.changes(before) == {}
