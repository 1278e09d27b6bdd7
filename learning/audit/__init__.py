"""The audit log, a base module every feature may use: entries are written by the service that makes the
change, in the same transaction, and nothing in the application edits or deletes one."""
from __future__ import annotations

from sqlalchemy.orm import Session

from learning.audit.models import AuditEntry

# Every action the log records, and the service that writes it. A new audited action is added here first;
# tests/unit/test_audit_actions.py then asks for a test that the service writes exactly one entry.
ACTIONS = frozenset({
    "certificate.issue",  # certificates.services.issue_if_complete
    "certificate.reissue",  # certificates.services.issue_if_complete (after a revocation)
    "certificate.revoke",  # certificates.services.revoke
    "export.completions",  # reports.services.record_export
    "group.reassign",  # facilitate.services.reassign_group
    "household.register",  # facilitate.services.register
    "household.new_pin",  # facilitate.services.new_pin, facilitate.services.new_group_pins
    "household.unlock",  # facilitate.services.unlock
    "household.duplicate_resolved",  # facilitate.services.resolve_duplicate
    "households.import",  # facilitate.services.save_import
    "household.purged",  # privacy.services.purge
    "member.consent_withdrawn",  # privacy.services.withdraw_consent
    "staff.create",  # auth.services.create_staff_account
    "staff.disable",  # auth.services.disable_staff
    "staff.enable",  # auth.services.enable_staff
    "staff.password_changed",  # auth.services.change_password
    "staff.password_reset",  # auth.services.reset_password
    "staff.townships",  # auth.services.set_townships
})


class UnknownAction(ValueError):
    """An audit entry was asked for an action that is not in ACTIONS."""


def record(db: Session, action: str, subject_type: str, subject_id: int | None, *, actor_id: int | None = None,
           township_pcode: str | None = None, **details) -> AuditEntry:
    """Add an audit entry (flushed, committed with the action)."""
    if action not in ACTIONS:
        raise UnknownAction(action)
    entry = AuditEntry(action=action, subject_type=subject_type, subject_id=subject_id, actor_id=actor_id,
                       township_pcode=township_pcode, details=details)
    db.add(entry)
    db.flush()
    return entry
