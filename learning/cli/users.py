"""``flask users create|list|set-password|enable``: staff accounts from the command line."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from learning import db
from learning.auth.models import Role, Staff
from learning.auth.services import (
    StaffError,
    check_new_password,
    create_staff,
    enable_staff,
    find_staff,
    reset_password,
)
from learning.i18n.text import normalise


@click.group("users")
def users_cli():
    """Create and list staff accounts, set a password, re-enable an account."""


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", "display_name", help="Name shown on pages and certificates (default: the username).")
@click.option("--state", "states", multiple=True, help="State/region P-code, for coordinators (repeatable).")
@click.option("--township", "townships", multiple=True, help="Township P-code, for facilitators (repeatable).")
@click.password_option(help="At least 10 characters; asked for when not given.")
@with_appcontext
def create(username, role, display_name, states, townships, password):
    """Create a staff account."""
    name = normalise(display_name).text if display_name else None
    try:
        check_new_password(username, password)
        staff = create_staff(
            db.session, username=username, password=password, role=Role(role), display_name=name,
            states=states, townships=townships,
        )
    except StaffError as exc:
        db.session.rollback()
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    db.session.commit()
    click.echo(f"created {staff.role.value} {staff.username}")


@users_cli.command("list")
@with_appcontext
def list_():
    """List staff accounts with their role and scope."""
    for staff in db.session.scalars(select(Staff).order_by(Staff.username)):
        scope = [s.pcode for s in staff.states] + [t.pcode for t in staff.townships]
        state = "" if staff.active else " (disabled)"
        click.echo(f"{staff.username}\t{staff.role.value}{state}\t{' '.join(scope)}")


def _fail(message: str) -> None:
    db.session.rollback()
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _read_password(from_stdin: bool) -> str:
    """The new password: one line of standard input, or asked twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("New password", hide_input=True, confirmation_prompt="Repeat for confirmation",
                        default="", show_default=False)


@users_cli.command("set-password")
@click.argument("username")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the password from the first line of standard input.")
@with_appcontext
def set_password(username, from_stdin):
    """Set a staff account's password (at least 10 characters, not a common one); every session of it ends."""
    staff = find_staff(db.session, username)
    if staff is None:
        _fail(f"no account {username!r}")
    try:
        reset_password(db.session, staff, _read_password(from_stdin), None, via="cli")
    except StaffError as exc:
        _fail(str(exc))
    db.session.commit()
    click.echo(f"password set for {staff.username}; its sessions have ended")


@users_cli.command("enable")
@click.argument("username")
@with_appcontext
def enable(username):
    """Re-enable a disabled staff account."""
    staff = find_staff(db.session, username)
    if staff is None:
        _fail(f"no account {username!r}")
    changed = enable_staff(db.session, staff, None, via="cli")
    db.session.commit()
    click.echo(f"enabled {staff.username}" if changed else f"{staff.username} was not disabled")
