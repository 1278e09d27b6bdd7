"""``flask courses check``: validate course content and show what is translated."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from learning.content.loader import read_catalog
from learning.content.matrix import format_matrix, translation_matrix


@click.group("courses")
def courses_cli():
    """Course content."""


@courses_cli.command("check")
@click.option("--root", type=click.Path(file_okay=False), help="Courses folder (default: the app's).")
@with_appcontext
def check(root: str | None):
    """Validate every course; print file:line errors and the translation matrix."""
    from pathlib import Path

    folder = Path(root) if root else Path(current_app.config["COURSES_DIR"])
    catalog, problems = read_catalog(folder)
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(format_matrix(translation_matrix(catalog)))
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo("courses: ok")
