"""The six languages of the platform: names, scripts, fallback chains and formatting."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One interface and lesson language."""

    code: str
    autonym: str  # the language's name in itself, shown in the switcher
    english_name: str
    script: str  # ISO 15924
    fallbacks: tuple[str, ...]  # tried in order when a message or lesson is missing
    babel_locale: str  # a locale Babel's CLDR data knows, for dates and numbers
    myanmar_digits: bool


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("my", "မြန်မာ", "Burmese", "Mymr", ("en",), "my", True),
        Language("shn", "တႆး", "Shan", "Mymr", ("my", "en"), "shn", True),
        Language("mnw", "ဘာသာမန်", "Mon", "Mymr", ("my", "en"), "my", True),
        Language("ksw", "ကညီကျိာ်", "S'gaw Karen", "Mymr", ("my", "en"), "my", True),
        Language("cnh", "Laiholh", "Hakha Chin", "Latn", ("my", "en"), "en", False),
        Language("en", "English", "English", "Latn", (), "en", False),
    )
}

DEFAULT_LANGUAGE = "my"
SOURCE_LANGUAGE = "en"  # the language of the msgids
TRANSLATED_LANGUAGES = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)

MYANMAR_DIGITS = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")
LATIN_DIGITS = str.maketrans("၀၁၂၃၄၅၆၇၈၉႐႑႒႓႔႕႖႗႘႙", "01234567890123456789")


def get_language(code: str | None) -> Language | None:
    """The language for a code, or None when the code is not one of ours."""
    if not code:
        return None
    return LANGUAGES.get(code.strip().lower())


def chain(code: str) -> tuple[str, ...]:
    """The language and its fallbacks, in the order to try them."""
    return (code, *LANGUAGES[code].fallbacks)


def localise_digits(text: str, code: str) -> str:
    """Write Latin digits as Myanmar digits for the languages that use them."""
    return text.translate(MYANMAR_DIGITS) if LANGUAGES[code].myanmar_digits else text


def to_latin_digits(text: str) -> str:
    """Myanmar and Shan digits to Latin digits, for parsing numbers people type."""
    return text.translate(LATIN_DIGITS)
