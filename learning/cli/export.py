"""``flask export completions``: the completion list from the command line, for large or scheduled exports."""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from learning import db
from learning.i18n import page_language
from learning.i18n.languages import LANGUAGES
from learning.learn.library import catalog
from learning.reports import exports, services
from learning.reports.filters import ReportFilter


@click.group("export")
def export_cli():
    """Exports."""


@export_cli.command("completions")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@click.option("--state", help="State/region P-code.")
@click.option("--township", help="Township P-code.")
@click.option("--course", "course_id", help="Course id (default: every course, one row per member and course).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Households registered on or after DATE.")
@click.option("--pseudonymised", is_flag=True, help="Ids as keyed hashes, age bands, townships only where 5 or more members share "
              "them; no names, villages, phones or years of birth.")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default="en", show_default=True,
              help="Language of the column headers.")
@click.option("--jobs", type=click.IntRange(1, 16), default=lambda: min(os.cpu_count() or 1, 4),
              show_default="the number of cores, at most 4", help="Processes writing a CSV of many members.")
@with_appcontext
def completions(fmt, out, state, township, course_id, since, pseudonymised, lang, jobs):
    """One row per member and course with progress per module and certificate."""
    if course_id and catalog().course(course_id) is None:
        raise click.BadParameter(f"no course {course_id!r}", param_hint="--course")
    since_date: date | None = since.date() if since else None
    report = ReportFilter(state=state, township=township, course_id=course_id or None, since=since_date)
    key = exports.pseudonym_key(current_app.config) if pseudonymised else None
    export, count = services.start_export(db.session, catalog(), report, None, fmt=fmt, pseudonym_key=key,
                                          actor_id=None, via="command line")
    db.session.commit()
    with current_app.test_request_context(), page_language(lang):
        header = exports.headers(export)
        if fmt == "csv":
            exports.write_csv(out, header, db.session, export, jobs)
        else:
            exports.write_xlsx(out, header, exports.rows(db.session, export))
    click.echo(f"exported {count} rows to {out}", err=False)
    sys.exit(0)
