"""``flask demo load``: demo accounts for trying the platform (never in production)."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from learning import clock, db
from learning.auth.models import Role, Staff
from learning.auth.services import create_staff
from learning.facilitate.models import Group
from learning.households.services import NewMember, register_household
from learning.places.services import load_townships

DEMO_PASSWORD = "demo-password"
DEMO_STAFF = (
    {"username": "admin", "role": Role.ADMIN, "display_name": "Daw Khin Myo (admin)"},
    {"username": "coordinator", "role": Role.COORDINATOR, "display_name": "U Kyaw Zin (coordinator)",
     "states": ("MMR011", "MMR003")},  # Mon and Kayin States
    {"username": "facilitator", "role": Role.FACILITATOR, "display_name": "Naw Htoo Paw (facilitator)",
     "townships": ("MMR011001", "MMR011005")},  # Mawlamyine and Mudon, Mon State
)


DEMO_HOUSEHOLD_CODE = "DEMO-0001"
DEMO_HOUSEHOLD_PIN = "480516"
DEMO_MEMBERS = (
    NewMember("ဒေါ်ခင်မြင့်", "ဦးဘထွန်း", "female", 1975, "head", "my"),
    NewMember("ကိုအောင်ကျော်", "ဦးတင်ဝင်း", "male", 1998, "child", "my"),
    NewMember("မဝင်းဝင်းမာ", "ဦးမောင်လှ", "female", 2001, "other_relative", "shn"),  # prefers Shan
)


def load_demo(session, pepper: str) -> list[Staff]:
    """The townships, the three demo staff accounts and the demo household."""
    load_townships(session)
    staff = [create_staff(session, password=DEMO_PASSWORD, **spec) for spec in DEMO_STAFF]
    facilitator = next(s for s in staff if s.role is Role.FACILITATOR)
    group = Group(name="ရွာသစ် အုပ်စု ၁", township_pcode="MMR011001", village="ရွာသစ်", start_date=clock.today(),
                  facilitator_id=facilitator.id)
    session.add(group)
    session.flush()
    household, _ = register_household(
        session, township_pcode="MMR011001", village="ရွာသစ်", phone=None,
        consent_recorded_by_id=facilitator.id, consent_language="my", members=list(DEMO_MEMBERS), pepper=pepper,
        code=DEMO_HOUSEHOLD_CODE, pin=DEMO_HOUSEHOLD_PIN,
    )
    household.group_id = group.id
    session.flush()
    return staff


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
    load_demo(db.session, current_app.config["PIN_PEPPER"])
    db.session.commit()
    click.echo("demo data loaded. Staff sign-ins (password demo-password): admin, coordinator, facilitator")
    click.echo(f"demo household: code {DEMO_HOUSEHOLD_CODE}, PIN {DEMO_HOUSEHOLD_PIN}")


@demo_cli.command("synth")
@click.option("--households", type=click.IntRange(1, 1_000_000), required=True)
@click.option("--seed", type=int, default=1, show_default=True)
@with_appcontext
def synth(households: int, seed: int):
    """Add N synthetic households (about 2.2 members each) with groups, sessions and progress."""
    import time

    from learning.learn.library import catalog
    from learning.reports.synth import synthesise

    if current_app.config["ENV_NAME"] == "production":
        click.echo("error: synthetic data is not loaded into a production configuration", err=True)
        sys.exit(2)
    load_townships(db.session)
    db.session.commit()
    started = time.perf_counter()
    result = synthesise(db.session, catalog(), households, seed)
    click.echo(f"synth: {result.households} households, {result.members} members, {result.groups} groups, "
               f"{result.sessions} sessions, {result.attempts} quiz attempts in {time.perf_counter() - started:.1f} s")
