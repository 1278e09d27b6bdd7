"""``flask db``: migrations with Alembic, backups and restores."""
from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from learning.cli import backup as backups
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


def _print_summary(summary: backups.Summary) -> None:
    for table, count in summary.counts.items():
        click.echo(f"  {table}: {count}")
    click.echo(f"integrity: {summary.integrity}")


@db_cli.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(file: Path):
    """Copy the database into FILE (a new file), consistently, while the site keeps running."""
    try:
        summary = backups.backup(current_app.config["DATABASE_URL"], file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backed up to {file} ({file.stat().st_size} bytes, readable by its owner only):")
    _print_summary(summary)


@db_cli.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", "into", metavar="DATABASE_URL",
              help="The new database to restore into (default: DATABASE_URL). It must not exist or be empty.")
@with_appcontext
def restore(file: Path, into: str | None):
    """Restore a backup FILE into a new database; never over one that holds data."""
    target = into or current_app.config["DATABASE_URL"]
    try:
        summary = backups.restore(file, target)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored {file} into {make_url(target).render_as_string(hide_password=True)}:")
    _print_summary(summary)
    if summary.integrity != "ok":
        raise click.ClickException("the restored database failed its integrity check")
