"""Per-message fallback on top of Flask-Babel.

Flask-Babel loads one catalog for the request's babel.Locale. We need two things it cannot do: languages that
Babel's CLDR data does not know (mnw, ksw, cnh), and a fallback per message (a Karen page shows Burmese where
Karen is missing, then English). So Flask-Babel gets the *formatting* locale from the language table, and our
domain loads the gettext catalogs of the page language and chains its fallbacks.
"""
from __future__ import annotations

from babel import support
from flask import g, has_request_context
from flask_babel import Babel, Domain
from werkzeug.utils import cached_property

from learning.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, SOURCE_LANGUAGE, chain


def current_language() -> str:
    """The page language of the current request (the default outside a request)."""
    if has_request_context():
        return g.get("lang", DEFAULT_LANGUAGE)
    return DEFAULT_LANGUAGE


def load_chain(directories: list[str], code: str, domain: str = "messages") -> support.NullTranslations:
    """Translations for a language with each fallback language chained behind it."""
    head: support.NullTranslations | None = None
    for lang in chain(code):
        if lang == SOURCE_LANGUAGE:
            catalog: support.NullTranslations = support.NullTranslations()
        else:
            catalog = support.Translations()
            for dirname in directories:
                found = support.Translations.load(dirname, [lang], domain)
                if isinstance(found, support.Translations):
                    catalog.merge(found)
                    catalog.plural = found.plural
        if head is None:
            head = catalog
        else:
            head.add_fallback(catalog)
    assert head is not None
    return head


class FallbackDomain(Domain):
    """A Flask-Babel domain whose translations follow our languages table."""

    def get_translations(self):
        code = current_language()
        key = (tuple(self.translation_directories), code, self.domain[0])
        try:
            return self.cache[key]
        except KeyError:
            translations = load_chain(self.translation_directories, code, self.domain[0])
            self.cache[key] = translations
            return translations


class FallbackBabel(Babel):
    """Flask-Babel, with the fallback domain as its default domain."""

    @cached_property
    def domain_instance(self):
        return FallbackDomain(domain=self.domain)


def formatting_locale() -> str:
    """Flask-Babel's locale selector: a locale Babel knows, for dates and numbers."""
    return LANGUAGES[current_language()].babel_locale
