"""Which module exists in which language, and whether a native speaker has reviewed it."""
from __future__ import annotations

from learning.content.model import Catalog, Module
from learning.i18n.languages import LANGUAGES


def module_status(module: Module, language: str) -> str:
    """reviewed, draft, partial (some lessons or the quiz missing) or missing."""
    texts = [module.texts.get(language)] + [lesson.texts.get(language) for lesson in module.lessons]
    present = [t for t in texts if t is not None]
    if not present:
        return "missing"
    if len(present) < len(texts):
        return "partial"
    return "reviewed" if all(t.info.status == "reviewed" for t in present) else "draft"


def translation_matrix(catalog: Catalog) -> list[tuple[str, dict[str, str]]]:
    """One row per module: ("course/module", {language: status})."""
    return [
        (f"{course.id}/{module.id}", {code: module_status(module, code) for code in LANGUAGES})
        for course in catalog.courses
        for module in course.modules
    ]


def format_matrix(rows: list[tuple[str, dict[str, str]]]) -> str:
    """The matrix as a plain-text table."""
    codes = list(LANGUAGES)
    width = max([len("module")] + [len(name) for name, _ in rows])
    lines = ["module".ljust(width) + "  " + "  ".join(code.ljust(8) for code in codes)]
    for name, statuses in rows:
        lines.append(name.ljust(width) + "  " + "  ".join(statuses[c].ljust(8) for c in codes))
    return "\n".join(lines)
