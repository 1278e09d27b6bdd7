"""``flask i18n extract|update|compile|check``: interface catalogs through Babel's Python API."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from learning.content import glossary, script
from learning.i18n import catalogs
from learning.i18n.languages import TRANSLATED_LANGUAGES


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
@with_appcontext
def check():
    """Exit non-zero when a catalog is stale, has untranslated messages or misspelt Myanmar-script words; warn
    where a translation uses a word its language's glossary rejects."""
    failed = False
    for report in catalogs.check():
        state = "complete" if report.ok else "INCOMPLETE"
        click.echo(
            f"{report.code}: {state} (missing {len(report.missing)}, obsolete {len(report.obsolete)}, "
            f"untranslated {len(report.untranslated)})"
        )
        failed = failed or not report.ok
    errors, warnings = catalog_word_checks(Path(current_app.config["COURSES_DIR"]))
    for error in errors:
        click.echo(error, err=True)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if errors or warnings:
        click.echo(f"{len(errors)} misspelt word(s), {len(warnings)} warning(s)", err=True)
    sys.exit(1 if failed or errors else 0)


def catalog_word_checks(courses: Path, translations: Path = catalogs.TRANSLATIONS) -> tuple[list[str], list[str]]:
    """Spelling errors (HarfBuzz and Unicode order) and glossary warnings in every catalog's msgstrs."""
    glossaries, _ = glossary.read_glossaries(courses / glossary.FOLDER, str)  # `courses check` reports their problems
    errors, warnings = [], []
    for code in TRANSLATED_LANGUAGES:
        path = catalogs.po_path(code, translations).relative_to(translations.parent)
        for message in catalogs.translations(code, translations):
            where = f"{path}:{message.line} (msgid {message.msgid!r})"
            for text in message.strings:
                errors.extend(f"{where}: {error}" for error in script.text_errors(text))
                if code in glossaries:
                    warnings.extend(f"{where}: {use}" for use in glossaries[code].rejected_uses(text))
    return errors, warnings
