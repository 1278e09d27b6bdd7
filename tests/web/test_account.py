"""Typed names go through the one normalisation: Zawgyi stored as Unicode, unsure spellings asked about."""
from sqlalchemy import select

from learning.auth.models import Staff
from tests.conftest import csrf_token


def _save_name(client, name, **extra):
    page = client.get("/staff/account")
    return client.post("/staff/account?lang=en", data={"display_name": name, "csrf_token": csrf_token(page.text), **extra})


def _stored_name(db, username):
    db.rollback()
    db.expire_all()
    return db.scalar(select(Staff).where(Staff.username == username)).display_name


def test_a_zawgyi_name_is_stored_as_unicode(client, db, auth):
    username = auth.new_staff("facilitator").username
    response = _save_name(client, "ေဒၚခင္ခင္ေအး")
    assert response.status_code == 302
    assert _stored_name(db, username) == "ဒေါ်ခင်ခင်အေး"


def test_an_unsure_spelling_is_asked_about_and_nothing_is_saved(client, db, auth):
    username = auth.new_staff("facilitator").username
    before = _stored_name(db, username)
    response = _save_name(client, "ၫို")
    assert response.status_code == 400
    assert "may have been typed in Zawgyi" in response.text
    assert 'value="convert"' in response.text and "ညို" in response.text
    assert _stored_name(db, username) == before


def test_the_chosen_spelling_is_saved(client, db, auth):
    username = auth.new_staff("facilitator").username
    assert _save_name(client, "ၫို", **{"display_name-zawgyi": "convert"}).status_code == 302
    assert _stored_name(db, username) == "ညို"
    assert _save_name(client, "ၫို", **{"display_name-zawgyi": "keep"}).status_code == 302
    assert _stored_name(db, username) == "ၫို"


def test_shan_names_are_kept_exactly(client, db, auth):
    username = auth.new_staff("facilitator").username
    shan = "ၼၢင်းသႅင်ၶမ်း"
    assert _save_name(client, shan).status_code == 302
    assert _stored_name(db, username) == shan


def test_an_empty_name_is_refused_with_a_message(client, db, auth):
    username = auth.new_staff("facilitator").username
    before = _stored_name(db, username)
    response = _save_name(client, "   ")
    assert response.status_code == 400 and "Enter your name." in response.text
    assert _stored_name(db, username) == before
