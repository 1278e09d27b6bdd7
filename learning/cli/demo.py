"""``flask demo load``: demo accounts for trying the platform (never in production)."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from learning import db
from learning.auth.models import Role, Staff
from learning.auth.services import create_staff
from learning.places.services import load_townships

DEMO_PASSWORD = "demo-password"
DEMO_STAFF = (
    {"username": "admin", "role": Role.ADMIN, "display_name": "Daw Khin Myo (admin)"},
    {"username": "coordinator", "role": Role.COORDINATOR, "display_name": "U Kyaw Zin (coordinator)",
     "states": ("MMR011", "MMR003")},  # Mon and Kayin States
    {"username": "facilitator", "role": Role.FACILITATOR, "display_name": "Naw Htoo Paw (facilitator)",
     "townships": ("MMR011001", "MMR011005")},  # Mawlamyine and Mudon, Mon State
)


def load_demo(session) -> list[Staff]:
    """The townships and the three demo staff accounts."""
    load_townships(session)
    return [create_staff(session, password=DEMO_PASSWORD, **spec) for spec in DEMO_STAFF]


@click.group("demo")
def demo_cli():
    """Demo data."""


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when staff accounts exist already.")
@with_appcontext
def load(if_empty: bool):
    """Load the demo accounts and townships."""
    if current_app.config["ENV_NAME"] == "production":
        click.echo("error: demo data is not loaded into a production configuration", err=True)
        sys.exit(2)
    if if_empty and db.session.scalar(select(func.count()).select_from(Staff)):
        click.echo("demo: database has staff accounts already, nothing loaded")
        return
    load_demo(db.session)
    db.session.commit()
    click.echo("demo data loaded. Staff sign-ins (password demo-password): admin, coordinator, facilitator")
