"""Every audited action is written by the service that makes the change, exactly once per change.

AUDITED maps each action of learning.audit.ACTIONS to the service call that performs it; a new action fails
test_every_audited_action_has_a_case until it has one here.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from learning.audit import ACTIONS, UnknownAction, record
from learning.audit.models import AuditEntry
from learning.auth import services as staff_services
from learning.certificates import services as certificates
from learning.certificates.models import Certificate
from learning.config import TestConfig
from learning.db import utcnow
from learning.facilitate import importing
from learning.facilitate import services as facilitate
from learning.facilitate.models import SuspectedDuplicate
from learning.facilitate.scope import households_in_scope
from learning.households.services import NewMember
from learning.learn.library import catalog
from learning.learn.services import record_answers
from learning.privacy import services as privacy
from learning.reports import services as reports
from learning.reports.filters import ReportFilter
from tests.builders import PASSWORD, make_group, make_household, make_staff, pass_module, right_answers

IMPORT_CSV = Path(__file__).resolve().parents[1] / "data" / "import" / "households.csv"


class World:
    def __init__(self, db):
        self.facilitator = make_staff(db, "facilitator")
        self.coordinator = make_staff(db, "coordinator")
        self.household = make_household(db, members=2)
        self.group = make_group(db, self.facilitator, [self.household])
        self.member = self.household.members[0]
        self.course = catalog().courses[0]
        db.flush()

    def complete(self, db):
        """Every module passed but the last, which is then passed through the quiz service."""
        *first, last = self.course.modules
        for module in first:
            pass_module(db, self.member, module)
        return record_answers(db, self.member, self.course, last, "audit-actions-0001", right_answers(last))


def _issue(db, w: World):
    recorded = w.complete(db)
    assert recorded.new and recorded.score.passed and recorded.awarded is not None


def _reissue(db, w: World):
    w.complete(db)
    certificate = certificates.valid_certificate(db, w.member.id, w.course.id)
    certificate.revoked_at = utcnow()  # revoked by hand here: only the re-issue is under test
    db.flush()
    assert certificates.issue_by_hand(db, w.member, w.course, w.coordinator.id,
                                      after_revocation=certificates.was_revoked(db, w.member.id, w.course.id)) is not None


def _revoke(db, w: World):
    w.complete(db)
    certificates.revoke(db, certificates.valid_certificate(db, w.member.id, w.course.id), w.coordinator.id, "typo")


def _import(db, w: World):
    rows = importing.read_file("households.csv", IMPORT_CSV.read_bytes(), 10**6, 1000)
    importing.validate(db, rows, {"MMR011001"}, visible=households_in_scope(w.facilitator))
    rows = [r for r in rows if not r.problems]  # the route saves only a file without problems
    assert facilitate.save_import(db, rows, w.facilitator.id, w.group) > 0


def _resolve_duplicate(db, w: World):
    other = make_household(db, members=1)
    pair = SuspectedDuplicate(household_id=other.id, matches_id=w.household.id, found_by_id=w.facilitator.id)
    db.add(pair)
    db.flush()
    assert facilitate.resolve_duplicate(db, pair, w.coordinator.id)


def _enable(db, w: World):
    w.facilitator.active = False  # disabled by hand here: only the re-enabling is under test
    db.flush()
    assert staff_services.enable_staff(db, w.facilitator, w.coordinator.id)


def _reassign(db, w: World):
    other = make_staff(db, "facilitator", townships=(w.group.township_pcode,))
    facilitate.reassign_group(db, w.group, other, w.coordinator.id)


def _purge(db, w: World):
    candidates = privacy.inactive_households(db, utcnow() + timedelta(days=1))
    candidates = [c for c in candidates if c.household_id == w.household.id]
    assert privacy.purge(db, candidates, 1) == 1


AUDITED: dict[str, Callable] = {
    "certificate.issue": _issue,
    "certificate.reissue": _reissue,
    "certificate.revoke": _revoke,
    "export.completions": lambda db, w: reports.start_export(
        db, catalog(), ReportFilter(), None, fmt="csv", pseudonym_key=None, actor_id=w.coordinator.id),
    "group.reassign": _reassign,
    "household.register": lambda db, w: facilitate.register(
        db, w.facilitator.id, "audit-register-0001", group=w.group, township_pcode="MMR011001", village="ရွာသစ်",
        phone=None, consent_language="my", members=[NewMember("ဒေါ်အေး", "ဦးဘ", "female", 1990, "head", "my")],
        pepper=TestConfig.PIN_PEPPER),
    "household.new_pin": lambda db, w: facilitate.new_pin(db, w.household, w.facilitator.id, TestConfig.PIN_PEPPER),
    "household.unlock": lambda db, w: facilitate.unlock(db, w.household, w.facilitator.id),
    "household.duplicate_resolved": _resolve_duplicate,
    "households.import": _import,
    "household.purged": _purge,
    "member.consent_withdrawn": lambda db, w: privacy.withdraw_consent(db, w.member, w.facilitator.id),
    "staff.create": lambda db, w: staff_services.create_staff_account(
        db, w.coordinator.id, username="new.facilitator", password="a long password", role=w.facilitator.role,
        townships=("MMR011001",)),
    "staff.disable": lambda db, w: staff_services.disable_staff(db, w.facilitator, w.coordinator.id),
    "staff.enable": _enable,
    "staff.password_changed": lambda db, w: staff_services.change_password(
        db, w.facilitator, PASSWORD, "river boat seven lanterns"),
    "staff.password_reset": lambda db, w: staff_services.reset_password(
        db, w.facilitator, "river boat seven lanterns", w.coordinator.id),
    "staff.townships": lambda db, w: staff_services.set_townships(
        db, w.facilitator, ("MMR011001", "MMR011005"), w.coordinator.id),
}


def test_every_audited_action_has_a_case():
    assert set(AUDITED) == ACTIONS


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_the_service_writes_exactly_one_entry(app, db, action):
    with app.test_request_context():
        world = World(db)
        before = db.scalar(select(func.count()).select_from(AuditEntry))
        AUDITED[action](db, world)
        db.flush()
        entries = db.scalars(select(AuditEntry).order_by(AuditEntry.id).offset(before)).all()
    assert [e.action for e in entries if e.action == action] == [action]
    if action not in {"certificate.reissue", "certificate.revoke"}:  # these first issue one, as in real life
        assert [e.action for e in entries] == [action]


def test_a_pass_that_does_not_complete_the_course_issues_nothing(app, db):
    with app.test_request_context():
        world = World(db)
        first = world.course.modules[0]
        recorded = record_answers(db, world.member, world.course, first, "audit-partial-0001", right_answers(first))
        db.flush()
    assert recorded.score.passed and recorded.awarded is None
    assert db.scalar(select(func.count()).select_from(Certificate)) == 0
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_an_unknown_action_is_refused(app, db):
    with pytest.raises(UnknownAction):
        record(db, "household.renamed", "household", 1)
