"""``flask export completions``: the completion list from the command line, for large or scheduled exports."""
from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from learning import db
from learning.i18n import page_language
from learning.i18n.languages import LANGUAGES
from learning.learn.library import catalog
from learning.reports import exports
from learning.reports.audit import record
from learning.reports.filters import ReportFilter


@click.group("export")
def export_cli():
    """Exports."""


@export_cli.command("completions")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@click.option("--state", help="State/region P-code.")
@click.option("--township", help="Township P-code.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Households registered on or after DATE.")
@click.option("--pseudonymised", is_flag=True, help="Names, phones and codes as keyed hashes; no village.")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default="en", show_default=True,
              help="Language of the column headers.")
@with_appcontext
def completions(fmt, out, state, township, since, pseudonymised, lang):
    """One row per member with progress per module and certificate."""
    since_date: date | None = since.date() if since else None
    report = ReportFilter(state=state, township=township, since=since_date)
    key = exports.pseudonym_key(current_app.config) if pseudonymised else None
    export = exports.Export(exports.course_for(catalog(), report), report, None, key)
    count = exports.count_rows(db.session, export)
    record(db.session, "export.completions", "export", None, actor_id=None, format=fmt, filters=report.as_dict(),
           rows=count, pseudonymised=pseudonymised, via="command line", at_utc=datetime.now(UTC).isoformat())
    db.session.commit()
    with current_app.test_request_context(), page_language(lang):
        header = exports.headers(export)
        if fmt == "csv":
            with open(out, "w", encoding="utf-8", newline="") as f:
                for chunk in exports.csv_chunks(header, exports.rows(db.session, export)):
                    f.write(chunk)
        else:
            exports.write_xlsx(out, header, exports.rows(db.session, export))
    click.echo(f"exported {count} rows to {out}", err=False)
    sys.exit(0)
