"""``flask privacy purge``: erase the personal data of households inactive for longer than the retention period."""
from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import with_appcontext

from learning import db
from learning.db import utcnow
from learning.privacy import services as privacy


@click.group("privacy")
def privacy_cli():
    """Data-protection duties."""


@privacy_cli.command("purge")
@click.option("--older-than", "days", type=click.IntRange(min=1), required=True, metavar="DAYS",
              help="Households with no activity (registration, sign-in, lesson, quiz, attendance) for DAYS days.")
@click.option("--apply", "apply", is_flag=True,
              help="Erase for real. Without it nothing changes: the command lists what it would erase.")
@with_appcontext
def purge(days: int, apply: bool):
    """Blank the names, phone numbers and villages of inactive households (a dry run unless --apply)."""
    cutoff = utcnow() - timedelta(days=days)
    candidates = privacy.inactive_households(db.session, cutoff)
    verb = "erasing" if apply else "would erase"
    for c in candidates:
        click.echo(f"{verb} household {c.code} ({c.township_pcode}), last active {c.last_active:%Y-%m-%d}: "
                   f"{c.members} names{', a phone number' if c.has_phone else ''}, the village")
    if not apply:
        db.session.rollback()
        click.echo(f"dry run: {len(candidates)} households inactive since before {cutoff:%Y-%m-%d}; "
                   "nothing changed (add --apply to erase)")
        return
    erased = privacy.purge(db.session, candidates, days)
    db.session.commit()
    click.echo(f"erased the personal data of {erased} households inactive since before {cutoff:%Y-%m-%d}")
