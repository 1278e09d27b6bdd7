"""One normalisation for every piece of text people type: NFC, and Zawgyi Burmese to Unicode.

Many phones in Myanmar still type Zawgyi, a font hack that reuses Myanmar code points in another order. The
detector (myanmartools) gives a probability that a string is Zawgyi, but short genuine Unicode strings often
score in the middle, and a converter run over genuine Unicode (or over Shan, Mon or Karen) corrupts it. So:

1. text without Myanmar letters, or in Shan, Mon or Karen, is only NFC-normalised;
2. text that is well-formed Unicode (every sign follows a letter, every virama stacks a consonant, signs in
   Unicode order) is kept as typed: Zawgyi almost never passes this check, real names always do. Zawgyi
   reuses the letters of Shan, Mon and Karen (U+1060-U+1097) as glyph variants, so text with those letters
   counts as well-formed only while the detector is not sure it is Zawgyi (real Shan scores near 0);
3. otherwise, from probability 0.95 up it is converted; between 0.05 and 0.95 the person is shown the converted
   text and asked, if converting would change anything at all.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SURE = 0.95
UNSURE = 0.05
NEVER_CONVERT = frozenset({"shn", "mnw", "ksw"})

_MYANMAR = re.compile("[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")
# Letters of Shan, Mon, Karen and other languages that Zawgyi also uses, as glyph variants of Burmese letters.
_SHARED_WITH_ZAWGYI = re.compile("[\u1060-\u1097]")


def _ranges(*pairs: tuple[int, int]) -> frozenset[str]:
    return frozenset(chr(c) for lo, hi in pairs for c in range(lo, hi + 1))


# Letters, digits and symbols that a syllable can start with (including Shan, Mon, Karen and Extended-A/B).
BASES = _ranges(
    (0x1000, 0x102A), (0x103F, 0x103F), (0x1040, 0x104F), (0x1050, 0x1055), (0x105A, 0x105D),
    (0x1061, 0x1061), (0x1065, 0x1066), (0x106E, 0x1070), (0x1075, 0x1081), (0x108E, 0x108E),
    (0x1090, 0x1099), (0x109E, 0x109F), (0xAA60, 0xAA7A), (0xAA7E, 0xAA7F), (0xA9E0, 0xA9E4),
    (0xA9E7, 0xA9FE),
)
# Consonants that may follow a virama (U+1039) in a stack.
STACKABLE = _ranges((0x1000, 0x1021), (0x1050, 0x1055), (0x105A, 0x105D), (0x1075, 0x1081))
# Signs that must follow a letter or another sign.
SIGNS = _ranges(
    (0x102B, 0x103E), (0x1056, 0x1059), (0x105E, 0x1060), (0x1062, 0x1064), (0x1067, 0x106D),
    (0x1071, 0x1074), (0x1082, 0x108D), (0x108F, 0x108F), (0x109A, 0x109D), (0xAA7B, 0xAA7D),
    (0xA9E5, 0xA9E6),
)
MEDIALS = _ranges((0x103B, 0x103E))
VOWELS = _ranges((0x102B, 0x1032), (0x1036, 0x1036))
LOWER_VOWELS = frozenset("\u102f\u1030")
UPPER_VOWELS = frozenset("\u102d\u102e")
MEDIAL_YA = "\u103b"  # ျ: may follow an asat (ယောက်ျား)
REPEATABLE = frozenset("\u1062")  # S'gaw Karen ၢ is doubled in real words (ကတၢၢ်, "most")
AI = "\u1032"  # ဲ: stored after the lower vowels (ု ူ), as UTN #11 and the fonts' shaping expect
JOINERS = frozenset("\u200c\u200d")
DOTTED_CIRCLE = "\u25cc"  # ◌: the base on which a mark is shown on its own ("◌ဲ")
VIRAMA = "\u1039"
ASAT = "\u103a"
E_VOWEL = "\u1031"
DOT_BELOW = "\u1037"


def first_syllable(text: str) -> str:
    """The first syllable of Myanmar-script text (Burmese, Shan, Mon, Karen): a letter with its signs, the letters
    stacked under it, and a final letter killed by an asat ("ခင်" of "ခင်မြင့်"). Other text: the first character."""
    if not text:
        return ""
    end = 1
    while end < len(text):
        ch = text[end]
        stacked = text[end - 1] == VIRAMA
        after = text[end + 1:end + 3]
        killed = after[:1] in (ASAT, VIRAMA) or after == DOT_BELOW + ASAT  # "င့်" is stored င ့ ်
        if ch in SIGNS or ch in JOINERS or ch == VIRAMA or stacked or (ch in BASES and killed):
            end += 1
            continue
        break
    return text[:end]


def has_myanmar(text: str) -> bool:
    """True when the text contains any Myanmar-script character."""
    return bool(_MYANMAR.search(text))


def is_wellformed_unicode(text: str) -> bool:
    """True when Myanmar-script text follows Unicode's storage order (as typed on a Unicode keyboard)."""
    return order_problem(text) is None


def order_problem(text: str) -> tuple[int, str] | None:
    """Where and why Myanmar-script text breaks Unicode's storage order (UTN #11): (index, reason), or None.

    Two spellings that look odd are real and shape without a dotted circle: S'gaw Karen doubles ၢ (U+1062) in
    ကတၢၢ်, and Burmese writes ျ after an asat in ယောက်ျား."""
    prev = ""
    for i, ch in enumerate(text):
        if ch in SIGNS:
            if not (prev in BASES or prev in SIGNS or prev in JOINERS or prev == DOTTED_CIRCLE):
                return i, f"{_name(ch)} has no letter before it (Zawgyi writes ေ and ြ before the letter)"
            if ch == prev and ch not in REPEATABLE:
                return i, f"{_name(ch)} is typed twice"
            if ch in MEDIALS and (
                prev in VOWELS or prev == ASAT and text[i - 2:i - 1] != "\u1004" and ch != MEDIAL_YA
            ):
                return i, f"the medial {_name(ch)} must come before {_name(prev)}"
            if ch in UPPER_VOWELS and prev in LOWER_VOWELS:
                return i, f"the upper vowel {_name(ch)} must come before the lower vowel {_name(prev)}"
            if ch in LOWER_VOWELS and prev == AI:
                return i, f"{_name(AI)} must come after {_name(ch)}"  # typed before it, it shows a dotted circle
        if prev == VIRAMA and ch not in STACKABLE:
            return i, f"{_name(VIRAMA)} must stack a consonant (Zawgyi uses U+1039 as the asat)"
        prev = ch
    if prev == VIRAMA:
        return len(text) - 1, f"{_name(VIRAMA)} at the end must stack a consonant (Zawgyi uses U+1039 as the asat)"
    return None


def _name(ch: str) -> str:
    """A sign as people see it and as the standard numbers it: "ဲ (U+1032)"."""
    shown = DOTTED_CIRCLE + ch if ch in SIGNS or ch == VIRAMA else ch
    return f"{shown} (U+{ord(ch):04X})"


@lru_cache(maxsize=1)
def _detector():
    from myanmartools import ZawgyiDetector

    return ZawgyiDetector()


def zawgyi_probability(text: str) -> float:
    """The detector's probability that the text is Zawgyi (0 for text without Myanmar letters)."""
    probability = _detector().get_zawgyi_probability(text)
    return max(probability, 0.0)


def zawgyi_to_unicode(text: str) -> str:
    """Convert Zawgyi text to NFC Unicode."""
    from myanmar import converter

    return unicodedata.normalize("NFC", converter.convert(text, "zawgyi", "unicode"))


@dataclass(frozen=True)
class NormalisedText:
    """What to store, and the converted text to offer when the detector is unsure."""

    text: str
    suggestion: str | None = None
    converted: bool = False


def normalise(text: str, language: str | None = None) -> NormalisedText:
    """Normalise typed text: NFC, and Zawgyi Burmese to Unicode when sure (see the module docstring)."""
    text = text.strip()
    if not has_myanmar(text) or language in NEVER_CONVERT:
        return NormalisedText(unicodedata.normalize("NFC", text))
    wellformed = is_wellformed_unicode(text)
    if wellformed and not _SHARED_WITH_ZAWGYI.search(text):
        return NormalisedText(unicodedata.normalize("NFC", text))
    probability = zawgyi_probability(text)
    if wellformed and probability < SURE:
        return NormalisedText(unicodedata.normalize("NFC", text))
    if probability >= SURE:
        return NormalisedText(zawgyi_to_unicode(text), converted=True)
    if probability > UNSURE:
        candidate = zawgyi_to_unicode(text)
        if candidate != unicodedata.normalize("NFC", text):
            return NormalisedText(unicodedata.normalize("NFC", text), suggestion=candidate)
    return NormalisedText(unicodedata.normalize("NFC", text))
