"""Everything ``flask courses check`` looks at, beyond what the loader needs to serve the content.

The loader's problems stop the application; the checks here are for authors: the spelling of every Myanmar-script
word (HarfBuzz, errors), the glossaries (their own mistakes are errors, a rejected word in a text is a warning),
and quiz fairness (warnings from ``learning.content.fairness`` when that module exists).
"""
from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from learning.content import glossary, script
from learning.content.loader import ContentReport, read_content
from learning.content.model import Catalog, TextFile

FAIRNESS = "learning.content.fairness"


def check_courses(root: Path) -> ContentReport:
    """Read courses/ and run every author check: errors in ``problems``, warnings in ``warnings``."""
    report = read_content(root)
    folder = root / glossary.FOLDER
    glossaries, problems = glossary.read_glossaries(folder, report.shown_as)
    report.problems.extend(problems)
    for file in text_files(report, root):
        report.problems.extend(script.file_problems(file.path, report.shown_as(file.path)))
    for file in report.text_files:
        if file.language in glossaries:
            found = glossary.file_warnings(glossaries[file.language], file.path, report.shown_as(file.path))
            report.warnings.extend(str(warning) for warning in found)
    report.warnings.extend(quiz_warnings(report.catalog))
    return report


def text_files(report: ContentReport, root: Path) -> list[TextFile]:
    """Every text file: lessons, module and course texts as the loader read them, then the glossaries."""
    return report.text_files + glossary.glossary_files(root / glossary.FOLDER)


def quiz_warnings(catalog: Catalog) -> list[str]:
    """Warnings about the quizzes (answer positions and the like), when the fairness check is installed."""
    if importlib.util.find_spec(FAIRNESS) is None:
        return []
    warnings = importlib.import_module(FAIRNESS).quiz_warnings(catalog)
    return [str(warning).removeprefix("warning: ") for warning in warnings]
