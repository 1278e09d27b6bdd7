"""The Burmese words kept in Shan and Hakha Chin texts are covered by the small cut of the font made for them
(scripts/build_web_fonts.py): a letter new to them would otherwise pull in the whole Burmese cut (27 KB) on that
page, and, in Shan text, break the stack it stands in (the small cut is the one font that draws the whole syllable).
"""
import importlib.util
import re
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from learning.config import PROJECT_ROOT

COURSES = PROJECT_ROOT / "courses"
CATALOGS = PROJECT_ROOT / "translations"
CSS = PROJECT_ROOT / "static" / "css" / "site.css"
FONTS = PROJECT_ROOT / "static" / "fonts"
MYANMAR = re.compile("[\u1000-\u109f\ua9e0-\ua9fe\uaa60-\uaa7f]+")
# the language, the family of its own cut (None: Hakha Chin, written in Latin letters, has none) and of its small one
BORROWING = [("shn", "Myanmar shn", "Myanmar shn-my"), ("cnh", None, "Myanmar cnh-my")]
FACE = re.compile(r'@font-face \{ font-family: "([^"]+)";.*?url\("\.\./fonts/([\w-]+\.woff2)\?v=[0-9a-f]+"\).*?'
                  r"unicode-range: ([^;]+);", re.S)


@cache
def build_script():
    """scripts/build_web_fonts.py as a module, for its syllable breaking (the unit the small cuts are made of)."""
    spec = importlib.util.spec_from_file_location("build_web_fonts", PROJECT_ROOT / "scripts" / "build_web_fonts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def codepoints(unicode_range: str) -> set[int]:
    """U+1000-102A, U+25CC as a set of code points."""
    found: set[int] = set()
    for part in unicode_range.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        found |= set(range(int(first, 16), int(last or first, 16) + 1))
    return found


def faces(css: str | None = None) -> dict[str, tuple[str, set[int]]]:
    """Each @font-face of the stylesheet: family -> (file, code points of its unicode-range)."""
    text = CSS.read_text(encoding="utf-8") if css is None else css
    return {family: (name, codepoints(found)) for family, name, found in FACE.findall(text)}


def texts(code: str, courses: Path = COURSES, catalogs: Path = CATALOGS) -> dict[Path, str]:
    """Every text file a page in the language shows (the files the script reads), with its text."""
    return {p: p.read_text(encoding="utf-8") for p in build_script().texts_in(code, courses, catalogs)}


def borrowed_words(code: str, own: set[int], courses: Path = COURSES, catalogs: Path = CATALOGS) -> dict[str, Path]:
    """The language's Burmese words: each Myanmar-script word holding a syllable that its own cut (`own`) lacks a
    letter of, with the first file it stands in."""
    found: dict[str, Path] = {}
    for path, text in texts(code, courses, catalogs).items():
        for word in MYANMAR.findall(text):
            if any({ord(c) for c in s} - own for s in build_script().syllables(word)):
                found.setdefault(word, path)
    return found


def uncovered(code: str, own: set[int], small: set[int], **where) -> list[str]:
    """Each syllable of the language's Burmese words with a letter that neither its own cut nor the small one has."""
    problems = []
    for word, path in borrowed_words(code, own, **where).items():
        for syllable in build_script().syllables(word):
            letters = {ord(c) for c in syllable}
            if letters - own and letters - small:
                missing = ", ".join(f"U+{cp:04X}" for cp in sorted(letters - small))
                shown = path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path
                problems.append(f"{syllable} (in {word}, {shown}): {missing}")
    return problems


def own_and_small(own_family: str | None, small_family: str) -> tuple[set[int], set[int]]:
    found = faces()
    assert small_family in found, f"no @font-face for {small_family}: run scripts/build_web_fonts.py"
    return (found[own_family][1] if own_family else set()), found[small_family][1]


@pytest.mark.parametrize("code, own_family, small_family", BORROWING)
def test_every_burmese_word_in_the_texts_is_in_its_small_cut(code, own_family, small_family):
    own, small = own_and_small(own_family, small_family)
    assert borrowed_words(code, own), f"no Burmese words found in the {code} texts: is the search broken?"
    problems = uncovered(code, own, small)
    assert not problems, (f"run scripts/build_web_fonts.py: {small_family} lacks letters of Burmese words in the"
                          f" {code} texts:\n" + "\n".join(problems))


@pytest.mark.parametrize("code, own_family, small_family", BORROWING)
def test_the_small_cut_holds_a_glyph_for_each_letter_of_its_range(code, own_family, small_family):
    name, letters = faces()[small_family]
    cmap = TTFont(FONTS / name).getBestCmap()
    assert letters <= set(cmap), f"run scripts/build_web_fonts.py: {name} lacks letters of its unicode-range"


def test_the_known_burmese_words_are_found():
    """What the fonts were made for: the Shan texts' stacked words and ဩ, the Chin texts' interest and glosses."""
    own, _ = own_and_small("Myanmar shn", "Myanmar shn-my")
    shan = borrowed_words("shn", own)
    assert {"မင်္ဂလာဆောင်", "အပေါင်ပစ္စည်း", "အဓမ္မလုပ်အား"} <= set(shan)
    assert not [w for w in shan if not {ord(c) for c in w} - own], "a word Shan's own cut draws counted as Burmese"
    assert {"အတိုး", "ပြေစာ", "၅၀၀၀"} <= set(borrowed_words("cnh", set()))


def test_syllables_keep_stacks_and_kinzi_whole():
    syllables = build_script().syllables
    assert syllables("မင်္ဂလာဆောင်") == ["မင်္ဂ", "လာ", "ဆောင်"]
    assert syllables("အပေါင်ပစ္စည်း") == ["အ", "ပေါင်", "ပစ္စည်း"]
    assert syllables("အဓမ္မလုပ်အား") == ["အ", "ဓမ္မ", "လုပ်", "အား"]
    assert syllables("၅၀၀၀") == ["၅", "၀", "၀", "၀"]


def test_a_text_gaining_a_letter_is_caught(tmp_path):
    """The check itself: a Shan lesson with a Burmese word of a letter the small cut lacks (ဗုဒ္ဓ: ဗ and ဒ)."""
    own, small = own_and_small("Myanmar shn", "Myanmar shn-my")
    lesson = tmp_path / "courses" / "course" / "module" / "shn" / "lesson.md"
    lesson.parent.mkdir(parents=True)
    lesson.write_text("# ၵႂၢမ်းၵမ်ႉ\n\nဗုဒ္ဓ ၵႂၢမ်း မင်္ဂလာ\n", encoding="utf-8")
    problems = uncovered("shn", own, small, courses=tmp_path / "courses", catalogs=tmp_path)
    assert len(problems) == 1 and problems[0].startswith("ဗုဒ္ဓ") and "U+1017" in problems[0]
