"""``flask i18n extract|update|compile|check``: interface catalogs through Babel's Python API."""
from __future__ import annotations

import sys

import click

from learning.i18n import catalogs


@click.group("i18n")
def i18n_cli():
    """Extract, update, compile and check the interface translations."""


@i18n_cli.command("extract")
def extract():
    """Write translations/messages.pot from the code and templates."""
    template = catalogs.extract()
    catalogs.write_catalog(catalogs.TEMPLATE, template)
    click.echo(f"{len(template)} messages -> {catalogs.TEMPLATE}")


@i18n_cli.command("update")
def update():
    """Extract, then merge new and changed messages into every language's catalog."""
    for path in catalogs.update(catalogs.extract()):
        click.echo(f"updated {path}")


@i18n_cli.command("compile")
def compile_():
    """Compile every catalog to .mo (the Makefile runs this before serving and testing)."""
    try:
        written = catalogs.compile_all()
    except catalogs.CatalogError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"compiled {len(written)} catalogs")


@i18n_cli.command("check")
def check():
    """Exit non-zero when a catalog is stale or has untranslated messages."""
    failed = False
    for report in catalogs.check():
        state = "complete" if report.ok else "INCOMPLETE"
        click.echo(
            f"{report.code}: {state} (missing {len(report.missing)}, obsolete {len(report.obsolete)}, "
            f"untranslated {len(report.untranslated)})"
        )
        failed = failed or not report.ok
    sys.exit(1 if failed else 0)
