"""``flask courses check|stale|stamp``: validate course content, and keep translations honest about their sources."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from learning.content import review
from learning.content.checks import check_courses, text_files
from learning.content.loader import GUIDE_FOLDER, read_content
from learning.content.matrix import format_matrix, translation_matrix
from learning.content.model import TextFile
from learning.i18n.languages import LANGUAGES

ROOT_OPTION = click.option("--root", type=click.Path(file_okay=False), help="Courses folder (default: the app's).")


@click.group("courses")
def courses_cli():
    """Course content."""


def _folder(root: str | None) -> Path:
    return Path(root) if root else Path(current_app.config["COURSES_DIR"])


@courses_cli.command("check")
@ROOT_OPTION
@with_appcontext
def check(root: str | None):
    """Validate every course; print file:line errors, then warnings, then the translation matrix."""
    report = check_courses(_folder(root))
    for problem in report.problems:
        click.echo(str(problem), err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(format_matrix(translation_matrix(report.catalog)))
    warnings = f"{len(report.warnings)} warning(s)"
    if report.problems:
        click.echo(f"{len(report.problems)} problem(s), {warnings}", err=True)
        sys.exit(1)
    click.echo(f"courses: ok ({warnings})" if report.warnings else "courses: ok")


@courses_cli.command("stale")
@ROOT_OPTION
@with_appcontext
def stale(root: str | None):
    """List translations whose English (or Burmese) source changed since they were stamped, or never were."""
    folder = _folder(root)
    report = read_content(folder)
    found = review.stale(text_files(report, folder))
    for entry in found:
        source = f"{review.SOURCE_KEYS[entry.key]} source {report.shown_as(entry.source)}"
        if entry.never_stamped:
            click.echo(f"{report.shown_as(entry.path)}: never stamped ({entry.key}; {source})")
        else:
            click.echo(
                f"{report.shown_as(entry.path)}: stale: the {source} changed since it was stamped "
                f"({entry.key} {entry.stored}, now {entry.current})"
            )
    never = sum(1 for entry in found if entry.never_stamped)
    click.echo(f"{len(found) - never} stale, {never} never stamped" if found else "stale: none")


@courses_cli.command("stamp")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--lang", type=click.Choice([code for code in LANGUAGES if code != "en"]),
              help="Stamp every text file of this language.")
@ROOT_OPTION
@with_appcontext
def stamp(files: tuple[str, ...], lang: str | None, root: str | None):
    """Record in each translation the hash of its source(s) as they are now (after translating or reviewing)."""
    if not files and not lang:
        raise click.UsageError("name the translated files to stamp, or --lang")
    folder = _folder(root)
    report = read_content(folder)
    chosen = [file for file in text_files(report, folder) if file.language == lang] if lang else []
    for name in files:
        file = _text_file(Path(name))
        if file is None:
            raise click.BadParameter(f"{name} is not a text file of one language (<lang>/..., <lang>.toml, guide/<lang>.md)")
        chosen.append(file)
    failed = False
    for file in dict.fromkeys(chosen):
        shown = report.shown_as(file.path)
        if file.language == "en":
            click.echo(f"{shown}: English is the source; nothing to stamp")
            continue
        try:
            written = review.stamp(file)
        except (ValueError, UnicodeDecodeError) as exc:
            click.echo(f"{shown}: cannot stamp: {exc}", err=True)
            failed = True
            continue
        if written:
            click.echo(f"stamped {shown}: " + ", ".join(f"{key} = {value}" for key, value in written.items()))
        else:
            click.echo(f"{shown}: no English or Burmese source beside it; nothing to stamp")
    sys.exit(1 if failed else 0)


def _text_file(path: Path) -> TextFile | None:
    """A file named on the command line as a text file: ``<lang>/<name>``, ``<lang>.toml`` or a facilitator's guide
    ``guide/<lang>.md``."""
    if path.parent.name in LANGUAGES and path.suffix in (".md", ".toml"):
        return TextFile(path, path.parent.name)
    if path.suffix in (".toml", ".md") and path.stem in LANGUAGES and (path.suffix == ".toml"
                                                                        or path.parent.name == GUIDE_FOLDER):
        return TextFile(path, path.stem)
    return None
