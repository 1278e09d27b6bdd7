"""Per-message fallback on top of Flask-Babel.

Flask-Babel loads one catalog for the request's babel.Locale. We need two things it cannot do: languages that
Babel's CLDR data does not know (mnw, ksw, cnh), and a fallback per message (a Karen page shows Burmese where
Karen is missing, then English). So Flask-Babel gets the *formatting* locale from the language table, and our
domain loads the gettext catalogs of the page language and chains its fallbacks.
"""
from __future__ import annotations

from decimal import Decimal

from babel import support
from flask import g, has_request_context
from flask_babel import Babel, Domain, get_translations
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.utils import cached_property

from learning.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, SOURCE_LANGUAGE, chain, localise_digits


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


def localised(variables: dict) -> dict:
    """A message's values with every number written in the page language's digits ("question ၁", not
    "question 1"). Only numbers: a household code or a username keeps its Latin digits."""
    code = current_language()
    if not LANGUAGES[code].myanmar_digits:
        return variables
    return {name: localise_digits(str(value), code)
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else value
            for name, value in variables.items()}


class FallbackDomain(Domain):
    """A Flask-Babel domain whose translations follow our languages table, and whose messages give their numbers in
    the page language's digits."""

    def gettext(self, string, **variables):
        return super().gettext(string, **localised(variables))

    def ngettext(self, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return self.get_translations().ungettext(singular, plural, num) % localised(variables)

    def pgettext(self, context, string, **variables):
        return super().pgettext(context, string, **localised(variables))

    def npgettext(self, context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return self.get_translations().unpgettext(context, singular, plural, num) % localised(variables)

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
    """Flask-Babel, with the fallback domain as its default domain, and templates' _() and ngettext() giving
    numbers in the page language's digits as the domain does."""

    @cached_property
    def domain_instance(self):
        return FallbackDomain(domain=self.domain)

    def init_app(self, app, *args, **kwargs):
        super().init_app(app, *args, **kwargs)
        app.jinja_env.globals.update(gettext=_template_gettext, ngettext=_template_ngettext)


# Jinja's "newstyle" gettext (jinja2.ext._make_new_gettext), with the values localised before formatting.
@pass_context
def _template_gettext(context, string, **variables):
    text = get_translations().ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % localised(variables)


@pass_context
def _template_ngettext(context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    text = get_translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % localised(variables)


def formatting_locale() -> str:
    """Flask-Babel's locale selector: a locale Babel knows, for dates and numbers."""
    return LANGUAGES[current_language()].babel_locale
