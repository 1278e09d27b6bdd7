"""The role × route × scope matrix: who may see or change each person's data, endpoint by endpoint.

One world: Mon State (two townships) and Shan State. In Mon, facilitator A's group and household in Mawlamyine
(side A: the data every row asks about), a second facilitator who also works in Mawlamyine with a group in
Mudon (side A2), and a household facilitator A registered that is in no group yet; in Shan, a third
facilitator's group and household (side B). Every household has two members with quiz attempts
(the first has a certificate), and every group a session with attendance. Then a coordinator per state, an admin,
and two signed-in households: A's, and the Shan one.

Each row of ROWS is one endpoint and method, the URL of a resource of side A, and the outcome for each actor.
Every response is also searched for the text of the sides outside the actor's scope, which must never appear
(so a coordinator's export holds nobody from the other state, whatever its status).
To add an endpoint, add a row (and, if it is a POST, the form and what it changes); the completeness test fails
until every STAFF or HOUSEHOLD endpoint has a row or a reason in NO_PERSON_DATA.

The world is built once for the module, with one app on it; before each case its database is put back as built
(SQLite: the built pages copied back with the backup API; PostgreSQL: the built rows inserted again), so every case,
reading or writing, starts from the same world, and the actor signs in through the real forms as before.
"""
from __future__ import annotations

import io
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from learning import create_app
from learning.audit import record
from learning.auth.access import STAFF
from learning.auth.household_session import HOUSEHOLD
from learning.auth.models import Staff
from learning.auth.passwords import verify_password
from learning.certificates.models import Certificate
from learning.certificates.services import issue_if_complete
from learning.config import TestConfig
from learning.db import utcnow
from learning.extensions import limiter
from learning.facilitate.models import Attendance, AttendanceRecord, Group, GroupSession, SuspectedDuplicate
from learning.households.models import Household, HouseholdSession, Member
from learning.learn import grading
from learning.learn.library import catalog
from learning.learn.models import KnowledgeCheck, QuizAttempt
from learning.learn.services import record_attempt
from learning.models import metadata
from tests.builders import PASSWORD, PIN, make_group, make_household, make_staff
from tests.conftest import REFERENCE_TABLES, csrf_token, empty_postgres, postgres_sequences

COURSE_ID = "money-and-migration"
SECOND_COURSE_ID = "saving-borrowing-migrating"  # no attempts in the world: its knowledge check is still offered
MODULE_ID = "sending-money-home"

# -- actors ------------------------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
HOUSEHOLD_A = "household_a"  # side A's household, its first member learning
HOUSEHOLD_B = "household_b"  # another household (Shan State), its first member learning
FACILITATOR_A = "facilitator_a"  # runs side A's group
FACILITATOR_SAME_TOWNSHIP = "facilitator_same_township"  # another group, in side A's township too
FACILITATOR_B = "facilitator_b"  # another state/region
COORDINATOR_A = "coordinator_a"  # Mon State
COORDINATOR_B = "coordinator_b"  # Shan State
ADMIN = "admin"
ACTORS = (ANONYMOUS, HOUSEHOLD_A, HOUSEHOLD_B, FACILITATOR_A, FACILITATOR_SAME_TOWNSHIP, FACILITATOR_B,
          COORDINATOR_A, COORDINATOR_B, ADMIN)
STAFF_ACTORS = ACTORS[3:]

# -- outcomes ----------------------------------------------------------------------------------------------------

OK = "ok"  # allowed: side A's data is shown (GET) or changed as asked (POST)
OWN = "own"  # allowed, but only on the actor's own data: none of side A's shows, and side A's data is unchanged
NOT_FOUND = 404  # the house rule for a resource out of scope: 404, never 403, so ids leak nothing
FORBIDDEN = 403  # the role may not use the endpoint at all
INVALID = 400  # the form offers no such choice to this actor (e.g. a township outside their area)
STAFF_SIGN_IN = "staff sign-in"  # redirected to /staff/login
HOUSEHOLD_SIGN_IN = "household sign-in"  # redirected to /household/sign-in
REFUSED = (NOT_FOUND, FORBIDDEN, INVALID, STAFF_SIGN_IN, HOUSEHOLD_SIGN_IN)


def staff_scoped(**changes) -> dict:
    """A staff page about one resource of side A: facilitator A, Mon's coordinator and the admin."""
    return {ANONYMOUS: STAFF_SIGN_IN, HOUSEHOLD_A: STAFF_SIGN_IN, HOUSEHOLD_B: STAFF_SIGN_IN, FACILITATOR_A: OK,
            FACILITATOR_SAME_TOWNSHIP: NOT_FOUND, FACILITATOR_B: NOT_FOUND, COORDINATOR_A: OK,
            COORDINATOR_B: NOT_FOUND, ADMIN: OK, **changes}


def staff_list(**changes) -> dict:
    """A staff list page: everyone on staff sees one, holding only what is in their own area."""
    return staff_scoped(**{FACILITATOR_SAME_TOWNSHIP: OWN, FACILITATOR_B: OWN, COORDINATOR_B: OWN, **changes})


def coordinator_scoped(**changes) -> dict:
    """A coordinators' page about a resource of side A (facilitators may not use it)."""
    return staff_scoped(**{FACILITATOR_A: FORBIDDEN, FACILITATOR_SAME_TOWNSHIP: FORBIDDEN, FACILITATOR_B: FORBIDDEN,
                           **changes})


def coordinator_list(**changes) -> dict:
    """A coordinators' report: the other state's coordinator gets one without side A's people."""
    return coordinator_scoped(**{COORDINATOR_B: OWN, **changes})


def own_account(**changes) -> dict:
    """A staff page about the signed-in staff member themself."""
    return {**staff_scoped(), **dict.fromkeys(STAFF_ACTORS, OWN), FACILITATOR_A: OK, **changes}


def member_scoped(**changes) -> dict:
    """A household page about one record of side A's member learning now."""
    return {**dict.fromkeys(ACTORS, HOUSEHOLD_SIGN_IN), HOUSEHOLD_A: OK, HOUSEHOLD_B: NOT_FOUND, **changes}


def household_own(**changes) -> dict:
    """A household page about the signed-in household itself (no id in the URL)."""
    return member_scoped(**{HOUSEHOLD_B: OWN, **changes})


# -- the world ---------------------------------------------------------------------------------------------------

Facts = SimpleNamespace  # what the rows need to know of a built record (its id, its texts), read once when built


def facts(record, *names: str) -> Facts:
    return Facts(**{name: getattr(record, name) for name in names})


@dataclass
class Side:
    """One facilitator's group with a household of two members, their progress, a certificate and a session."""

    key: str
    facilitator: Facts  # id, username, display_name
    group: Facts  # id, name
    household: Facts  # id, code
    members: list[Facts]  # id, name
    certificate: Facts  # the first member's: id, code
    attempt: Facts  # the first member's attempt at MODULE_ID: id
    session: Facts  # id
    pin_hash: str
    names: tuple[str, str]  # the members' names as built (a request may erase them)


@dataclass
class World:
    a: Side
    a2: Side  # facilitator_same_township's
    b: Side  # Shan State
    loose: Facts  # registered by facilitator A, in no group yet: id, code
    staff: dict[str, Facts]  # id, username, display_name
    import_token: str | None = None
    duplicate_id: int | None = None

    def side(self, actor: str) -> Side:
        """The side whose data an actor sees as their own."""
        return {FACILITATOR_SAME_TOWNSHIP: self.a2, FACILITATOR_B: self.b, COORDINATOR_B: self.b,
                HOUSEHOLD_B: self.b}.get(actor, self.a)

    def outside(self, actor: str) -> list[Side]:
        """The sides whose data the actor must never see."""
        theirs = {ADMIN: (self.a, self.a2, self.b), COORDINATOR_A: (self.a, self.a2), COORDINATOR_B: (self.b,),
                  FACILITATOR_A: (self.a,), FACILITATOR_SAME_TOWNSHIP: (self.a2,), FACILITATOR_B: (self.b,),
                  HOUSEHOLD_A: (self.a,), HOUSEHOLD_B: (self.b,)}.get(actor, ())
        return [side for side in (self.a, self.a2, self.b) if all(side is not mine for mine in theirs)]


def full_marks(module) -> dict:
    answers = {}
    for question in module.quiz.questions:
        if question.type == "single":
            answers[question.id] = question.answer
        elif question.type == "multiple":
            answers[question.id] = tuple(sorted(question.answer))
        else:
            answers[question.id] = Decimal(str(question.answer))
    return answers


def _side(db, course, key: str, facilitator: Staff, township: str, group_name: str, code: str,
          names: tuple[str, str]) -> Side:
    household = make_household(db, members=2, township=township, code=code)
    for member, name in zip(household.members, names, strict=True):
        member.name = name
    group = make_group(db, facilitator, [household], township=township, name=group_name)
    attempts = {}
    for member in household.members:
        for module in course.modules:
            answers = full_marks(module)
            stored = record_attempt(db, member.id, module, f"matrix{key}m{member.id}{module.id}"[:64], answers,
                                    grading.score(module.quiz, answers))
            attempts[(member.id, module.id)] = stored.attempt
    first = household.members[0]
    certificate = issue_if_complete(db, first, course)  # the second member is eligible but has none yet
    session = GroupSession(group_id=group.id, held_on=date(2026, 11, 20), lessons=[],
                           submission_id=f"matrix{key}session0001", recorded_by_id=facilitator.id)
    db.add(session)
    db.flush()
    db.add_all(AttendanceRecord(session_id=session.id, member_id=m.id, status=Attendance.PRESENT)
               for m in household.members)
    record(db, "household.unlock", "household", household.id, actor_id=facilitator.id, township_pcode=township)
    db.flush()
    return Side(key, _staff_facts(facilitator), facts(group, "id", "name"), facts(household, "id", "code"),
                [facts(m, "id", "name") for m in household.members], facts(certificate, "id", "code"),
                facts(attempts[(first.id, MODULE_ID)], "id"), facts(session, "id"), household.pin_hash, names)


def _staff_facts(staff: Staff) -> Facts:
    return facts(staff, "id", "username", "display_name")


def _catalog(app):
    """The course catalogue, loaded once for the module (the quiz forms below read its questions)."""
    global _CATALOG
    if _CATALOG is None:
        with app.app_context():
            _CATALOG = catalog()
    app.extensions.setdefault("content_catalog", _CATALOG)
    return _CATALOG


_CATALOG = None


def build_world(app, db) -> World:
    return _build_world(db, _catalog(app).course(COURSE_ID))


def _build_world(db, course) -> World:
    staff = {
        FACILITATOR_A: make_staff(db, "facilitator", username="fac-mawlamyine", display_name="Daw Facilitator Aye",
                                  townships=("MMR011001",)),
        FACILITATOR_SAME_TOWNSHIP: make_staff(db, "facilitator", username="fac-mudon",
                                              display_name="U Facilitator Tun", townships=("MMR011001", "MMR011005")),
        FACILITATOR_B: make_staff(db, "facilitator", username="fac-taunggyi", display_name="Nang Facilitator Hom",
                                  townships=("MMR014001",)),
        COORDINATOR_A: make_staff(db, "coordinator", username="coord-mon", display_name="Mi Coordinator Mon",
                                  states=("MMR011",)),
        COORDINATOR_B: make_staff(db, "coordinator", username="coord-shan", display_name="Sai Coordinator Shan",
                                  states=("MMR014",)),
        ADMIN: make_staff(db, "admin", username="admin-one", display_name="Ko Admin Zaw"),
    }
    a = _side(db, course, "a", staff[FACILITATOR_A], "MMR011001", "Riverside Savers", "MWAA-2345",
              ("Mi Sandar Riverside", "Nai Kyaw Riverside"))
    a2 = _side(db, course, "a2", staff[FACILITATOR_SAME_TOWNSHIP], "MMR011005", "Hilltop Savers", "MDNB-6789",
               ("Mi Thida Hilltop", "Nai Tun Hilltop"))
    b = _side(db, course, "b", staff[FACILITATOR_B], "MMR014001", "Market Savers", "TGYC-3456",
              ("Nang Seng Market", "Sai Leng Market"))
    loose = make_household(db, members=1, township="MMR011001", code="MWKD-4567")
    loose.members[0].name = "Daw Mya Unassigned"
    loose.consent_recorded_by_id = staff[FACILITATOR_A].id
    db.commit()
    return World(a, a2, b, facts(loose, "id", "code"), {actor: _staff_facts(s) for actor, s in staff.items()})


@dataclass
class Matrix:
    """The world built once for the module, the app on it, and how to put its database back as built."""

    app: Flask
    world: World
    put_back: Callable[[], None]


@pytest.fixture(scope="module")
def matrix(database_template, tmp_path_factory):
    kind, source = database_template
    folder = tmp_path_factory.mktemp("matrix")
    if kind == "sqlite":
        shutil.copyfile(source, folder / "matrix.sqlite3")
        url = f"sqlite:///{folder / 'matrix.sqlite3'}"
    else:
        empty_postgres(source)
        url = source
    app = create_app({"ENV_NAME": "test", "DATABASE_URL": url, "SECRET_KEY": TestConfig.SECRET_KEY})
    app.instance_path = str(folder / "instance")  # uploaded import files
    engine = app.extensions["db_engine"]
    with app.app_context(), Session(engine, expire_on_commit=False) as db:
        world = build_world(app, db)
    put_back = _sqlite_put_back(engine) if kind == "sqlite" else _postgres_put_back(engine, url)
    yield Matrix(app, world, put_back)
    engine.dispose()


def _sqlite_put_back(engine: Engine) -> Callable[[], None]:
    """Keep the built database's pages in memory; putting it back copies them over the file (SQLite's backup API,
    which other connections see as an ordinary write)."""
    built = sqlite3.connect(":memory:")
    raw = engine.raw_connection()
    try:
        raw.driver_connection.backup(built)
    finally:
        raw.close()

    def put_back():
        raw = engine.raw_connection()
        try:
            built.backup(raw.driver_connection)
        finally:
            raw.close()

    return put_back


def _postgres_put_back(engine: Engine, url: str) -> Callable[[], None]:
    """Keep the built rows; putting them back deletes every row (children first), inserts the built ones again and
    sets each id sequence after them, so that new rows get the same ids in every case."""
    tables = [t for t in metadata.sorted_tables if t.name not in REFERENCE_TABLES]
    with engine.connect() as conn:
        rows = {t: [dict(zip(t.columns.keys(), row, strict=True)) for row in conn.execute(select(t))]
                for t in tables}

    def put_back():
        with engine.begin() as conn:
            for table in reversed(tables):
                conn.execute(table.delete())
            for table in tables:
                if rows[table]:
                    conn.execute(table.insert(), rows[table])
            for sequence, table, column in postgres_sequences(url):
                conn.execute(text(f"SELECT setval(:s, COALESCE((SELECT max({column}) FROM {table}), 0) + 1, false)"),
                             {"s": sequence})

    return put_back


@pytest.fixture
def app(matrix):
    """The module's app, on its world as built: every case starts from the same world."""
    matrix.put_back()
    limiter.reset()  # one app for the module: its sign-in rate limit counts per case, as with an app per case
    return matrix.app


@pytest.fixture
def world(matrix) -> World:
    """What the rows need to know of the world (a copy: an arrangement may add to it)."""
    return replace(matrix.world)


def sign_in(auth, world: World, actor: str):
    """Sign auth's client in as the actor (through the real sign-in forms); returns the client."""
    if actor in (HOUSEHOLD_A, HOUSEHOLD_B):
        side = world.a if actor == HOUSEHOLD_A else world.b
        assert auth.household(side.household.code, PIN).status_code == 302
        assert auth.choose(side.members[0].id).status_code == 302
    elif actor != ANONYMOUS:
        response = auth.staff(world.staff[actor].username, PASSWORD)
        assert response.status_code == 302, response.text
    auth.client.set_cookie("tl_lang", "en")  # the markers some rows look for are English page text
    return auth.client


def fresh(db):
    db.rollback()
    db.expire_all()


# -- arrangements some rows need (run after the actor signed in) ---------------------------------------------------

IMPORT_CSV = (
    b"_uuid,township,village,phone,consent,consent_language,name,father_name,sex,birth_year,relation,language\n"
    b"matrix-import-0001,MMR011001,Ywa Thit,,yes,my,Daw Imported Matrix,U Ba,female,1985,head,my\n"
)


def lock_household_a(auth, db, world):
    household = db.get(Household, world.a.household.id)
    household.pin_failures = 5
    household.locked_until = utcnow() + timedelta(minutes=15)
    db.commit()


def facilitator_a_uploads_a_file(auth, db, world):
    """Facilitator A checks an import file for their group; its token is what the save form posts to."""
    client = sign_in(auth.on(auth.app.test_client()), world, FACILITATOR_A)
    page = client.get(f"/facilitate/import?group_id={world.a.group.id}")
    preview = client.post("/facilitate/import", data={
        "csrf_token": csrf_token(page.text), "group_id": world.a.group.id,
        "file": (io.BytesIO(IMPORT_CSV), "households.csv")}, content_type="multipart/form-data")
    assert preview.status_code == 200, preview.text
    world.import_token = re.search(r'action="/facilitate/import/([^"]+)"', preview.text).group(1)


def facilitator_a_is_disabled(auth, db, world):
    db.get(Staff, world.a.facilitator.id).active = False
    db.commit()


MATRIX_PASSWORD = "matrix river lanterns"


def a_pair_is_suspected(auth, db, world):
    """Side A's household was imported with the key of the household facilitator A registered outside a group."""
    pair = SuspectedDuplicate(household_id=world.a.household.id, matches_id=world.loose.id)
    db.add(pair)
    db.commit()
    world.duplicate_id = pair.id


# -- what a row checks -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One endpoint and method, the URL of side A's resource, and each actor's outcome."""

    endpoint: str
    method: str
    url: Callable[[World], str]
    expect: dict[str, object]
    form: Callable[[World], dict] | None = None  # POST: a minimal valid form (the CSRF token is added)
    changed: Callable[[object, World], bool] | None = None  # POST: did side A's data change as the form asks?
    # A side's text on this page: side A's must be present when OK and absent otherwise; the actor's own side's
    # must be present when OWN; a side outside the actor's scope must be absent always.
    shows: Callable[[Side], list[str]] = lambda side: []
    own: Callable[[World, str], list[str]] | None = None  # OWN, when it is not shows(the actor's side)
    arrange: Callable | None = None
    variant: str = ""

    @property
    def id(self) -> str:
        return f"{self.endpoint}:{self.method}{'[' + self.variant + ']' if self.variant else ''}"


def _names(side: Side) -> list[str]:
    return list(side.names)


def _group_url(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/facilitate/groups/{w.a.group.id}{suffix}"


def _household_url(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/facilitate/households/{w.a.household.id}{suffix}"


def _quiz_questions():
    return _CATALOG.course(COURSE_ID).module(MODULE_ID).quiz.questions


def _paper_form(w: World) -> dict:
    """The second member of side A's group answered on paper (an option number, or a number, per question)."""
    member = w.a.members[1]
    cells = {f"m{member.id}-{q.id}": "9" if q.type == "number" else "1" for q in _quiz_questions()}
    return {"submission_id": "matrixpaper000000001", **cells}


def _quiz_form(w: World) -> dict:
    """Every question answered right, as the quiz page posts it."""
    data = {"submission_id": "matrixquiz0000000001"}
    for q in _quiz_questions():
        data[f"q-{q.id}"] = q.answer if q.type == "single" else list(q.answer) if q.type == "multiple" \
            else str(int(q.answer))
    return data


def _registration_form(w: World) -> dict:
    return {
        "submission_id": "matrixregister000001", "township": "MMR011001", "village": "Ywa Thit", "phone": "",
        "consent_language": "my", "members-0-name": "Daw Registered Matrix", "members-0-father_name": "U Hla",
        "members-0-sex": "female", "members-0-birth_year": "1979", "members-0-relation": "head",
        "members-0-language": "my", "consent": "y",
    }


def _session_form(w: World) -> dict:
    return {"submission_id": "matrixsession0000001", "held_on": "2026-11-25",
            **{f"attendance-{m.id}": "present" for m in w.a.members}}


def _new_staff_form(role: str, username: str) -> Callable[[World], dict]:
    def form(w: World) -> dict:
        data = {"username": username, "display_name": "New Matrix Person", "password": "a long enough password",
                "role": role}
        if role == "facilitator":
            data["townships"] = "MMR011001"
        else:
            data["states"] = "MMR011"
        return data

    return form


def _staff_named(username: str) -> Callable:
    return lambda db, w: db.scalar(select(func.count()).select_from(Staff).where(Staff.username == username)) == 1


def _pin_changed(db, w: World) -> bool:
    return db.get(Household, w.a.household.id).pin_hash != w.a.pin_hash


ROWS: list[Row] = [
    # -- facilitate: groups ----------------------------------------------------------------------------------------
    Row("facilitate.groups", "GET", lambda w: "/facilitate/groups", staff_list(),
        shows=lambda s: [s.group.name]),
    Row("facilitate.groups", "POST", lambda w: "/facilitate/groups",
        # Groups belong to facilitators: coordinators and admins may not make one; a facilitator only in a
        # township of theirs (the second facilitator works in Mawlamyine too).
        staff_scoped(**{FACILITATOR_SAME_TOWNSHIP: OK, FACILITATOR_B: INVALID, COORDINATOR_A: FORBIDDEN,
                        COORDINATOR_B: FORBIDDEN, ADMIN: FORBIDDEN}),
        form=lambda w: {"name": "Matrix New Group", "township": "MMR011001", "village": "Ywa Thit",
                        "start_date": "2026-12-01"},
        changed=lambda db, w: db.scalar(select(func.count()).select_from(Group).where(
            Group.name == "Matrix New Group")) == 1),
    Row("facilitate.group", "GET", _group_url(), staff_scoped(),
        shows=lambda s: [s.group.name, *s.names, s.certificate.code]),
    Row("facilitate.add_household", "POST", _group_url("/households"), staff_scoped(),
        form=lambda w: {"code": w.loose.code},
        changed=lambda db, w: db.get(Household, w.loose.id).group_id == w.a.group.id),
    Row("facilitate.group_cards", "GET", _group_url("/cards"), staff_scoped(), shows=lambda s: [s.group.name]),
    Row("facilitate.group_cards", "POST", _group_url("/cards"), staff_scoped(),
        form=lambda w: {"households": [w.a.household.id, w.b.household.id]},
        changed=_pin_changed, shows=lambda s: [s.household.code]),
    Row("facilitate.group_certificates", "GET", _group_url("/certificates.pdf"), staff_scoped(),
        shows=lambda s: [s.certificate.code]),
    Row("facilitate.new_session", "GET", _group_url("/sessions/new"), staff_scoped(), shows=_names),
    Row("facilitate.new_session", "POST", _group_url("/sessions/new"), staff_scoped(), form=_session_form,
        changed=lambda db, w: db.scalar(select(GroupSession.group_id).where(
            GroupSession.submission_id == "matrixsession0000001")) == w.a.group.id),
    Row("facilitate.edit_session", "GET", lambda w: f"/facilitate/groups/{w.a.group.id}/sessions/{w.a.session.id}",
        staff_scoped(), shows=_names),
    Row("facilitate.edit_session", "POST", lambda w: f"/facilitate/groups/{w.a.group.id}/sessions/{w.a.session.id}",
        staff_scoped(), form=lambda w: {f"attendance-{m.id}": "absent" for m in w.a.members},
        changed=lambda db, w: db.scalar(select(AttendanceRecord.status).where(
            AttendanceRecord.session_id == w.a.session.id, AttendanceRecord.member_id == w.a.members[1].id))
        == Attendance.ABSENT),
    Row("facilitate.paper_results", "GET", _group_url(f"/paper/{COURSE_ID}/{MODULE_ID}"), staff_scoped(), shows=_names),
    Row("facilitate.paper_results", "POST", _group_url(f"/paper/{COURSE_ID}/{MODULE_ID}"), staff_scoped(), form=_paper_form,
        changed=lambda db, w: db.scalar(select(QuizAttempt.member_id).where(
            QuizAttempt.submission_id == f"matrixpaper000000001-{w.a.members[1].id}")) == w.a.members[1].id),
    # -- facilitate: households ------------------------------------------------------------------------------------
    Row("facilitate.households", "GET", lambda w: "/facilitate/households", staff_list(),
        shows=lambda s: [s.household.code]),
    Row("facilitate.household", "GET", _household_url(), staff_scoped(),
        shows=lambda s: [s.household.code, *s.names]),
    Row("facilitate.unlock", "POST", _household_url("/unlock"), staff_scoped(), form=lambda w: {},
        arrange=lock_household_a,
        changed=lambda db, w: db.get(Household, w.a.household.id).locked_until is None),
    Row("facilitate.new_pin", "POST", _household_url("/new-pin"), staff_scoped(), form=lambda w: {},
        changed=_pin_changed, shows=lambda s: [s.household.code]),
    Row("privacy.withdraw", "GET", lambda w: f"/facilitate/households/{w.a.household.id}/members/"
        f"{w.a.members[1].id}/withdraw", staff_scoped(), shows=lambda s: [s.names[1]]),
    Row("privacy.withdraw", "POST", lambda w: f"/facilitate/households/{w.a.household.id}/members/"
        f"{w.a.members[1].id}/withdraw", staff_scoped(), form=lambda w: {"confirm": "y"},
        changed=lambda db, w: db.get(Member, w.a.members[1].id).name != w.a.names[1]),
    # -- facilitate: registration and import ---------------------------------------------------------------------
    Row("facilitate.register", "GET", lambda w: f"/facilitate/register?group_id={w.a.group.id}", staff_scoped(),
        shows=lambda s: [s.group.name]),
    Row("facilitate.register", "POST", lambda w: f"/facilitate/register?group_id={w.a.group.id}", staff_scoped(),
        form=_registration_form,
        changed=lambda db, w: db.scalar(select(Household.group_id).where(
            Household.import_key == "form:matrixregister000001")) == w.a.group.id),
    Row("facilitate.import_upload", "GET", lambda w: f"/facilitate/import?group_id={w.a.group.id}", staff_scoped(),
        shows=lambda s: [s.group.name]),
    # Checking a file writes nothing to the database; the file is kept for its uploader only (next row).
    Row("facilitate.import_upload", "POST", lambda w: "/facilitate/import", staff_scoped(),
        form=lambda w: {"group_id": w.a.group.id, "file": (io.BytesIO(IMPORT_CSV), "households.csv")},
        shows=lambda s: ["Daw Imported Matrix"] if s.key == "a" else []),
    # Only the person who uploaded a file can save it: to everyone else its token names nothing.
    Row("facilitate.import_save", "POST", lambda w: f"/facilitate/import/{w.import_token}",
        staff_scoped(**{COORDINATOR_A: NOT_FOUND, ADMIN: NOT_FOUND}), arrange=facilitator_a_uploads_a_file,
        form=lambda w: {"group_id": w.a.group.id, "suffix": ".csv"},
        changed=lambda db, w: db.scalar(select(Household.group_id).join(Member).where(
            Member.name == "Daw Imported Matrix")) == w.a.group.id),
    # Suspected duplicates are for the coordinators of either household's area.
    Row("facilitate.duplicates", "GET", lambda w: "/facilitate/duplicates", coordinator_list(),
        arrange=a_pair_is_suspected, shows=lambda s: [s.household.code], own=lambda w, actor: []),
    Row("facilitate.resolve_duplicate", "POST", lambda w: f"/facilitate/duplicates/{w.duplicate_id or 1}/resolve",
        coordinator_scoped(), arrange=a_pair_is_suspected, form=lambda w: {},
        changed=lambda db, w: db.get(SuspectedDuplicate, w.duplicate_id).resolved_at is not None),
    # -- certificates (staff) --------------------------------------------------------------------------------------
    Row("facilitate.certificates", "GET", lambda w: "/facilitate/certificates", staff_list(),
        shows=lambda s: [s.certificate.code, s.names[1]]),
    Row("facilitate.issue_certificate", "POST", lambda w: "/facilitate/certificates/issue", staff_scoped(),
        form=lambda w: {"member_id": w.a.members[1].id, "course_id": COURSE_ID},
        changed=lambda db, w: db.scalar(select(func.count()).select_from(Certificate).where(
            Certificate.member_id == w.a.members[1].id)) == 1),
    Row("facilitate.revoke_certificate", "POST", lambda w: f"/facilitate/certificates/{w.a.certificate.id}/revoke",
        coordinator_scoped(), form=lambda w: {"reason": "Name misspelt"},
        changed=lambda db, w: db.get(Certificate, w.a.certificate.id).revoked_at is not None),
    Row("facilitate.certificate_pdf", "GET", lambda w: f"/facilitate/certificates/{w.a.certificate.id}.pdf",
        staff_scoped(), shows=lambda s: [s.certificate.code]),
    # -- household pages -------------------------------------------------------------------------------------------
    Row("certificates.member_pdf", "GET", lambda w: f"/learn/certificates/{w.a.certificate.id}.pdf",
        member_scoped(), shows=lambda s: [s.certificate.code]),
    Row("learn.quiz_result", "GET",
        lambda w: f"/learn/{COURSE_ID}/{MODULE_ID}/quiz/attempts/{w.a.attempt.id}", member_scoped()),
    Row("learn.my_progress", "GET", lambda w: "/learn/my-progress", household_own(),
        shows=lambda s: [s.names[0]]),
    Row("learn.household_progress", "GET", lambda w: "/learn/household-progress", household_own(),
        shows=_names),
    Row("learn.quiz", "GET", lambda w: f"/learn/{COURSE_ID}/{MODULE_ID}/quiz", household_own()),
    # Another household's quiz post stores an attempt for its own member, never for side A's.
    Row("learn.quiz", "POST", lambda w: f"/learn/{COURSE_ID}/{MODULE_ID}/quiz", household_own(),
        form=_quiz_form,
        changed=lambda db, w: db.scalar(select(QuizAttempt.member_id).where(
            QuizAttempt.submission_id == "matrixquiz0000000001")) == w.a.members[0].id),
    Row("learn.check", "GET", lambda w: f"/learn/{SECOND_COURSE_ID}/check", household_own()),
    # The knowledge check is stored for the member learning now, never for side A's from another household.
    Row("learn.check", "POST", lambda w: f"/learn/{SECOND_COURSE_ID}/check", household_own(),
        form=lambda w: {"submission_id": "matrixcheck000000001", "skip": "1"},
        changed=lambda db, w: db.scalar(select(KnowledgeCheck.member_id).where(
            KnowledgeCheck.submission_id == "matrixcheck000000001")) == w.a.members[0].id),
    Row("learn.check_done", "GET", lambda w: f"/learn/{SECOND_COURSE_ID}/check/done", household_own()),
    Row("household.who", "GET", lambda w: "/household/", household_own(), shows=_names),
    Row("household.choose", "POST", lambda w: "/household/choose", member_scoped(),
        form=lambda w: {"member_id": w.a.members[1].id},
        changed=lambda db, w: db.scalar(select(func.count()).select_from(HouseholdSession).where(
            HouseholdSession.member_id == w.a.members[1].id)) == 1),
    # -- reports ---------------------------------------------------------------------------------------------------
    # The dashboard names a group when asked about it (the whole programme's page lists no groups): the other
    # state's coordinator is refused side A's group, as any filter outside their area.
    Row("reports.dashboard", "GET", lambda w: f"/reports/?group={w.a.group.id}", coordinator_scoped(**{COORDINATOR_B: INVALID}),
        shows=lambda s: [s.group.name]),
    Row("reports.completions", "GET", lambda w: "/reports/completions.csv", coordinator_list(),
        shows=lambda s: [*s.names, s.household.code], variant="csv"),
    Row("reports.completions", "GET", lambda w: "/reports/completions.xlsx", coordinator_list(),
        shows=lambda s: [*s.names, s.household.code], variant="xlsx"),
    # Each side's facilitator unlocked their household once: the entry is in that side's area.
    Row("reports.audit", "GET", lambda w: "/reports/audit", coordinator_list(),
        shows=lambda s: [s.facilitator.username]),
    # -- staff accounts ----------------------------------------------------------------------------------------
    Row("admin.staff", "GET", lambda w: "/admin/staff", coordinator_list(),
        shows=lambda s: [s.facilitator.username]),
    Row("admin.staff", "POST", lambda w: "/admin/staff",
        # A coordinator adds facilitators in their own area only.
        coordinator_scoped(**{COORDINATOR_B: INVALID}), form=_new_staff_form("facilitator", "matrix-new-fac"),
        changed=_staff_named("matrix-new-fac"), variant="facilitator"),
    Row("admin.staff", "POST", lambda w: "/admin/staff",
        # Only an admin makes coordinators (or admins): for a coordinator the role is not a choice.
        coordinator_scoped(**{COORDINATOR_A: INVALID, COORDINATOR_B: INVALID}),
        form=_new_staff_form("coordinator", "matrix-new-coord"), changed=_staff_named("matrix-new-coord"),
        variant="coordinator"),
    Row("admin.disable", "GET", lambda w: f"/admin/staff/{w.a.facilitator.id}/disable", coordinator_scoped(),
        shows=lambda s: [f"Disable the account of {s.facilitator.display_name}?"]),
    Row("admin.disable", "POST", lambda w: f"/admin/staff/{w.a.facilitator.id}/disable", coordinator_scoped(),
        form=lambda w: {"confirm": "y"}, changed=lambda db, w: not db.get(Staff, w.a.facilitator.id).active),
    Row("admin.townships", "GET", lambda w: f"/admin/staff/{w.a.facilitator.id}/townships", coordinator_scoped(),
        shows=lambda s: [f"Townships of {s.facilitator.display_name}"]),
    Row("admin.townships", "POST", lambda w: f"/admin/staff/{w.a.facilitator.id}/townships", coordinator_scoped(),
        form=lambda w: {"townships": "MMR011005"},
        changed=lambda db, w: [t.pcode for t in db.get(Staff, w.a.facilitator.id).townships] == ["MMR011005"]),
    Row("admin.password", "GET", lambda w: f"/admin/staff/{w.a.facilitator.id}/password", coordinator_scoped(),
        shows=lambda s: [f"New password for {s.facilitator.display_name}"]),
    Row("admin.password", "POST", lambda w: f"/admin/staff/{w.a.facilitator.id}/password", coordinator_scoped(),
        form=lambda w: {"new_password": MATRIX_PASSWORD, "confirm_password": MATRIX_PASSWORD},
        changed=lambda db, w: verify_password(db.get(Staff, w.a.facilitator.id).password_hash, MATRIX_PASSWORD)),
    # Facilitator A is disabled first, so their own cookie no longer signs them in.
    Row("admin.enable", "POST", lambda w: f"/admin/staff/{w.a.facilitator.id}/enable",
        coordinator_scoped(**{FACILITATOR_A: STAFF_SIGN_IN}), arrange=facilitator_a_is_disabled, form=lambda w: {},
        changed=lambda db, w: db.get(Staff, w.a.facilitator.id).active),
    # A group goes to another facilitator of its township (facilitator A's group to the one who also works there).
    Row("facilitate.group_facilitator", "GET", _group_url("/facilitator"), coordinator_scoped(),
        shows=lambda s: [f"Facilitator of {s.group.name}"]),
    Row("facilitate.group_facilitator", "POST", _group_url("/facilitator"), coordinator_scoped(),
        form=lambda w: {"facilitator": w.a2.facilitator.id},
        changed=lambda db, w: db.get(Group, w.a.group.id).facilitator_id == w.a2.facilitator.id),
    # -- the signed-in staff member's own pages ------------------------------------------------------------------
    Row("auth.home", "GET", lambda w: "/staff/", own_account(),
        shows=lambda s: [s.facilitator.display_name], own=lambda w, actor: [w.staff[actor].display_name]),
    Row("auth.account", "GET", lambda w: "/staff/account", own_account(),
        shows=lambda s: [s.facilitator.display_name], own=lambda w, actor: [w.staff[actor].display_name]),
    Row("auth.account", "POST", lambda w: "/staff/account", own_account(),
        form=lambda w: {"display_name": "Renamed By Matrix"},
        changed=lambda db, w: db.get(Staff, w.a.facilitator.id).display_name == "Renamed By Matrix"),
    Row("auth.password", "GET", lambda w: "/staff/password", own_account()),
    Row("auth.password", "POST", lambda w: "/staff/password", own_account(),
        form=lambda w: {"current_password": PASSWORD, "new_password": MATRIX_PASSWORD,
                        "confirm_password": MATRIX_PASSWORD},
        changed=lambda db, w: verify_password(db.get(Staff, w.a.facilitator.id).password_hash, MATRIX_PASSWORD)),
]

# Endpoints with a STAFF or HOUSEHOLD rule that show or change nobody's personal data, each with the reason.
# Leave an endpoint out of ROWS only by adding it here.
NO_PERSON_DATA: dict[tuple[str, str], str] = {
    # (none at present: every signed-in endpoint shows or changes someone's data, so each has a row)
}


def _declared(app) -> set[tuple[str, str]]:
    """Every (endpoint, method) whose view is for staff or households."""
    found = set()
    for rule in app.url_map.iter_rules():
        access = getattr(app.view_functions[rule.endpoint], "access_rule", None)
        if isinstance(access, tuple) and access[0] in (STAFF, HOUSEHOLD):
            found |= {(rule.endpoint, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def test_every_signed_in_endpoint_has_a_matrix_row(app):
    covered = {(row.endpoint, row.method) for row in ROWS}
    missing = sorted(_declared(app) - covered - set(NO_PERSON_DATA))
    assert missing == [], "add a row to ROWS (or a reason to NO_PERSON_DATA) for each of these"


def test_every_matrix_row_is_a_real_signed_in_endpoint(app):
    adapter = app.url_map.bind("localhost")
    world_like = _placeholder_world()
    stale = []
    for row in ROWS:
        path = row.url(world_like).split("?")[0]
        endpoint, _ = adapter.match(path, method=row.method)
        if endpoint != row.endpoint:
            stale.append((row.id, path, endpoint))
    assert stale == []
    assert not set(NO_PERSON_DATA) & {(row.endpoint, row.method) for row in ROWS}
    assert set(NO_PERSON_DATA) <= _declared(app)


def test_every_row_says_what_each_actor_gets(app):
    for row in ROWS:
        assert set(row.expect) == set(ACTORS), row.id
        if row.method == "POST":
            assert row.form is not None, row.id
            if OK in row.expect.values():
                assert row.changed is not None or row.endpoint == "facilitate.import_upload", row.id


def _placeholder_world() -> World:
    """Ids for URLs only (no database)."""
    def side(n):
        members = [Facts(id=10 * n + 1, name=f"m{n}"), Facts(id=10 * n + 2, name=f"n{n}")]
        return Side(str(n), Facts(id=n), Facts(id=n), Facts(id=n, code="X"), members, Facts(id=n, code="C"),
                    Facts(id=n), Facts(id=n), "", ("m", "n"))

    return World(side(1), side(2), side(3), Facts(id=9, code="Y"), {}, import_token="abcdefghijklmnopqrstuvwxyz")


# -- the matrix --------------------------------------------------------------------------------------------------

def test_each_case_starts_from_the_world_as_built(matrix, app, db):
    """What one case changes is gone when the next starts, and new rows get the same ids again."""
    built = snapshot(db)
    first = make_staff(db, "admin", username="matrix-put-back").id
    db.get(Member, matrix.world.a.members[0].id).name = "Changed By A Case"
    db.commit()
    assert snapshot(db) != built
    db.close()  # ends its read transaction and forgets the rows it holds
    matrix.put_back()
    assert snapshot(db) == built
    assert make_staff(db, "admin", username="matrix-put-back").id == first
    db.commit()
    db.close()
    matrix.put_back()
    assert snapshot(db) == built


def _text(response) -> str:
    """What a person would read in the response: the page, the CSV, the spreadsheet's cells or the PDF's text."""
    if response.mimetype == "application/pdf":
        document = pdfium.PdfDocument(response.data)
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    if response.mimetype.endswith("spreadsheetml.sheet"):
        workbook = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    return response.get_data(as_text=True)


def snapshot(db) -> dict:
    """Every row of every table that holds people or their progress (not the sign-in sessions or places)."""
    fresh(db)
    return {table.name: db.execute(select(table).order_by(*table.primary_key.columns)).all()
            for table in metadata.sorted_tables
            if table.name not in ("household_sessions", "states", "townships")}


CASES = [pytest.param(row, actor, id=f"{row.id}-{actor}") for row in ROWS for actor in ACTORS]


@pytest.mark.parametrize(("row", "actor"), CASES)
def test_access(auth, db, world: World, row: Row, actor: str):
    client = sign_in(auth, world, actor)
    if row.arrange is not None:
        row.arrange(auth, db, world)
    outcome = row.expect[actor]
    url = row.url(world)
    # Read before the request: a POST may erase what they name.
    side_a = row.shows(world.a)
    own = [] if outcome != OWN else row.own(world, actor) if row.own is not None else row.shows(world.side(actor))
    never = {side.key: row.shows(side) for side in world.outside(actor)}
    if row.method == "GET":
        response = client.get(url)
    else:
        token = csrf_token(client.get("/tools/budget").text)
        before = snapshot(db)
        response = client.post(url, data={**row.form(world), "csrf_token": token})
    text = _text(response)

    if outcome in (OK, OWN):
        allowed = (200,) if row.method == "GET" else (200, 302)
        assert response.status_code in allowed, f"{actor} should be allowed: {response.status_code}"
    elif outcome == STAFF_SIGN_IN:
        assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")
    elif outcome == HOUSEHOLD_SIGN_IN:
        assert response.status_code == 302 and response.headers["Location"].startswith("/household/sign-in")
    else:
        assert response.status_code == outcome

    if outcome == OK and response.status_code == 200:
        assert [t for t in side_a if t not in text] == [], "side A's data is missing"
    if outcome != OK:
        assert [t for t in side_a if t in text] == [], f"{actor} sees side A's data"
    if outcome == OWN and response.status_code == 200:
        assert [t for t in own if t not in text] == [], "the actor's own data is missing"
    seen = {key: [t for t in texts if t in text] for key, texts in never.items()}
    assert not any(seen.values()), f"{actor} sees data from outside their scope: {seen}"

    if row.method == "POST":
        fresh(db)
        if outcome == OK and row.changed is not None:
            assert row.changed(db, world), "the allowed change was not made"
        if outcome != OK and row.changed is not None:
            assert not row.changed(db, world), f"{actor} changed side A's data"
        if outcome in REFUSED:
            assert snapshot(db) == before, f"a refused {actor} changed something"
