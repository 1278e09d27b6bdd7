"""``flask db``: migrations with Alembic."""
from __future__ import annotations

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect

from learning.config import PROJECT_ROOT


def alembic_config(url: str) -> AlembicConfig:
    """Alembic settings for our migrations folder and a database URL."""
    cfg = AlembicConfig(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_database(url: str, revision: str = "head") -> None:
    """Migrate the database at url to a revision (the newest by default)."""
    command.upgrade(alembic_config(url), revision)


def database_is_new(url: str) -> bool:
    """True when the database has no tables of ours yet."""
    from learning.db import make_engine

    engine = make_engine(url)
    try:
        return "alembic_version" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


@click.group("db")
def db_cli():
    """Create and migrate the database."""


@db_cli.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def upgrade(revision: str):
    """Create or migrate the database to the newest schema."""
    upgrade_database(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
@with_appcontext
def revision(message: str):
    """Write a new migration from the difference between the models and the database."""
    command.revision(alembic_config(current_app.config["DATABASE_URL"]), message=message, autogenerate=True)


@db_cli.command("current")
@with_appcontext
def current():
    """Show the database's migration revision."""
    command.current(alembic_config(current_app.config["DATABASE_URL"]))
