"""``flask places load``: the township list that ships with the project."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from learning import db
from learning.places.services import load_townships


@click.group("places")
def places_cli():
    """Reference data: states/regions and townships."""


@places_cli.command("load")
@with_appcontext
def load():
    """Insert or update states and townships from learning/places/data/townships.csv."""
    result = load_townships(db.session)
    db.session.commit()
    click.echo(f"places: {result.added} added, {result.updated} updated")
