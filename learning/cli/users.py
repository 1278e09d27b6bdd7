"""``flask users create|list``: staff accounts from the command line."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from learning import db
from learning.auth.models import Role, Staff
from learning.auth.services import StaffError, create_staff
from learning.i18n.text import normalise


@click.group("users")
def users_cli():
    """Create and list staff accounts."""


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
