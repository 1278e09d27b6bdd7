"""Interface catalogs through Babel's Python API: extract, update, compile, and check for staleness."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from learning.config import PROJECT_ROOT
from learning.i18n.languages import LANGUAGES, TRANSLATED_LANGUAGES

TRANSLATIONS = PROJECT_ROOT / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
SKIP_DIRS = {".venv", ".git", "node_modules", "instance", "tests", "bench", "build", "dist", "__pycache__"}
DRAFT_HEADER = (
    "# {name} ({code}) translations of the Twe Let Learning interface.\n"
    "#\n"
    "# DRAFT: written by the Twe Let Learning team, awaiting review by a native speaker.\n"
    "# Change this notice only when a native speaker has reviewed every message.\n"
    "#"
)
PLURAL_FORMS = "nplurals=1; plural=0;"  # Myanmar-script languages and Hakha Chin: no plural inflection


def po_path(code: str, root: Path = TRANSLATIONS) -> Path:
    return root / code / "LC_MESSAGES" / "messages.po"


def extract(root: Path = PROJECT_ROOT) -> Catalog:
    """Every translatable message in the code and templates, as a template catalog."""
    with open(root / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    catalog = Catalog(project="twe-let-learning", msgid_bugs_address="", charset="utf-8")
    found = extract_from_dir(
        root, method_map, options_map, keywords=KEYWORDS, comment_tags=("NOTE:",), strip_comment_tags=True,
        directory_filter=lambda d: Path(d).name not in SKIP_DIRS,
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def write_catalog(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, ignore_obsolete=True)
    path.write_bytes(buffer.getvalue())


def read_catalog(path: Path, code: str | None = None) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f, locale=code)


@dataclass(frozen=True)
class Translation:
    """A translated message of a catalog: the line of its msgid, the msgid, and its msgstr(s)."""

    line: int
    msgid: str
    strings: tuple[str, ...]


def translations(code: str, root: Path = TRANSLATIONS) -> list[Translation]:
    """Every non-empty msgstr of a language's catalog (none when it has no catalog), for spelling and word checks."""
    path = po_path(code, root)
    if not path.exists():
        return []
    found = []
    for message in read_catalog(path, code):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if any(strings):
            found.append(Translation(message.lineno or 1, msgid, tuple(s for s in strings if s)))
    return found


def update(template: Catalog) -> list[str]:
    """Write the template and merge it into each language's catalog, creating missing catalogs."""
    write_catalog(TEMPLATE, template)
    written = []
    for code in TRANSLATED_LANGUAGES:
        path = po_path(code)
        if path.exists():
            catalog = read_catalog(path, code)
        else:
            catalog = Catalog(locale=code, project="twe-let-learning", charset="utf-8")
            catalog.creation_date = datetime.now(UTC)
        catalog.header_comment = DRAFT_HEADER.format(name=LANGUAGES[code].english_name, code=code)
        catalog.last_translator = "Twe Let Learning team (draft, awaiting native-speaker review)"
        catalog.language_team = f"{LANGUAGES[code].english_name} reviewers wanted"
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        _set_plural_forms(catalog)
        write_catalog(path, catalog)
        written.append(str(path.relative_to(PROJECT_ROOT)))
    return written


def _set_plural_forms(catalog: Catalog) -> None:
    catalog._num_plurals = 1  # noqa: SLF001 - Babel derives these from CLDR, which lacks mnw, ksw, cnh
    catalog._plural_expr = "0"  # noqa: SLF001


def compile_all(source: Path = TRANSLATIONS, target: Path | None = None) -> list[str]:
    """Compile every language's .po into its .mo (beside it, or under target); raises CatalogError."""
    output_root = target or source
    written = []
    for code in TRANSLATED_LANGUAGES:
        path = po_path(code, source)
        catalog = read_catalog(path, code)
        errors = [f"{path}: {msg.id!r}: {err}" for msg, errs in catalog.check() for err in errs]
        if errors:
            raise CatalogError("\n".join(errors))
        target = output_root / code / "LC_MESSAGES" / "messages.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(str(target))
    return written


class CatalogError(RuntimeError):
    """A catalog does not compile."""


@dataclass
class CatalogReport:
    """What is missing, left over or untranslated in one language's catalog."""

    code: str
    missing: list[str] = field(default_factory=list)  # in the code, not in the catalog
    obsolete: list[str] = field(default_factory=list)  # in the catalog, no longer in the code
    untranslated: list[str] = field(default_factory=list)  # empty or fuzzy

    @property
    def ok(self) -> bool:
        return not (self.missing or self.obsolete or self.untranslated)


def _key(message) -> tuple:
    return (message.context, message.id if isinstance(message.id, str) else tuple(message.id))


def check(template: Catalog | None = None) -> list[CatalogReport]:
    """Compare each catalog with what the code says now."""
    template = template or extract()
    wanted = {_key(m) for m in template if m.id}
    reports = []
    for code in TRANSLATED_LANGUAGES:
        report = CatalogReport(code)
        path = po_path(code)
        if not path.exists():
            report.missing = sorted(str(k[1]) for k in wanted)
            reports.append(report)
            continue
        catalog = read_catalog(path, code)
        have = {_key(m): m for m in catalog if m.id}
        report.missing = sorted(str(k[1]) for k in wanted - have.keys())
        report.obsolete = sorted(str(k[1]) for k in have.keys() - wanted)
        for key, message in have.items():
            if key in wanted:
                strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
                if message.fuzzy or not all(strings):
                    report.untranslated.append(str(key[1]))
        reports.append(report)
    return reports
