"""Cut the site's Myanmar-script font into one file per language, and write their @font-face rules into
static/css/site.css (run by hand after changing the font or the sets below; the output is committed).

    .venv/bin/python scripts/build_web_fonts.py

The whole font (static/fonts/noto-sans-myanmar-400.woff2, Noto Sans Myanmar's Myanmar subset, SIL OFL) stays: it
is the fallback for a letter a language's file lacks, and what `flask courses check` shapes text with. A Burmese
page then downloads only the Burmese letters, a Shan page only the Shan ones, and so on: each file keeps every
OpenType feature of its letters (fontTools' layout closure), so syllables shape as in the whole font. The language
list, closed until tapped, names the languages with a file of its own holding just those letters.

Shan and Hakha Chin texts keep a few Burmese words (a term a writer was unsure of is left in Burmese, not
guessed): Shan ones with stacked letters that the Shan file leaves out, Chin ones in a script that Chin's Latin text
has no font for. Each of the two gets one more, small file of just the letters of those words, read from the
courses and the interface catalog, so that such a word does not pull in the whole Burmese file (27 KB): run this
again when the texts gain a letter (tests/content/test_borrowed_words.py says so).
"""
from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "static" / "fonts"
WHOLE = FONTS / "noto-sans-myanmar-400.woff2"
CSS = ROOT / "static" / "css" / "site.css"
COURSES = ROOT / "courses"
CATALOGS = ROOT / "translations"
START, END = "/* fonts: written by scripts/build_web_fonts.py */", "/* end of fonts */"


def span(first: int, last: int) -> set[int]:
    return set(range(first, last + 1))


SHARED = span(0x102B, 0x103F) | span(0x1040, 0x104F) | {0x200B, 0x200C, 0x200D, 0x25CC}  # signs, digits, joiners
CONSONANTS = span(0x1000, 0x102A)  # Burmese letters and independent vowels, which Mon and Karen write too
LANGUAGE_LETTERS = {
    "my": CONSONANTS,  # the Pali and Sanskrit letters (U+1050-1059), rare today, come from the whole font
    "shn": span(0x1000, 0x1022) | span(0x1062, 0x1062) | span(0x1075, 0x109F),  # Shan letters, tones, digits
    "mnw": CONSONANTS | span(0x105A, 0x1060),  # Mon letters and medials
    "ksw": CONSONANTS | span(0x1060, 0x1064),  # S'gaw Karen letters and tone marks
}
AUTONYMS = "မြန်မာ တႆး ဘာသာမန် ကညီကျိာ်"  # as learning/i18n/languages.py writes them


def cut(codepoints: set[int], modified: int | None = None) -> bytes:
    """The whole font cut to the code points (and every glyph their OpenType features reach), as WOFF2; `modified`
    is the date for its head table (fontTools writes the time of the run when None)."""
    font = TTFont(WHOLE)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    if modified is not None:
        font.recalcTimestamp = False
        font["head"].modified = modified
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def write(name: str, codepoints: set[int]) -> None:
    """Cut the font into static/fonts/<name>, keeping the date of the file it replaces: with the time of each run
    in it, every file would change on every run (and its ?v= hash, so phones would download the same letters
    again), not only the one whose letters changed."""
    path = FONTS / name
    modified = TTFont(path)["head"].modified if path.exists() else None
    path.write_bytes(cut(codepoints, modified))


def ranges(codepoints: set[int]) -> str:
    """U+1000-102A, U+25CC: consecutive code points joined."""
    found, run = [], []
    for cp in sorted(codepoints):
        if run and cp == run[-1] + 1:
            run.append(cp)
            continue
        if run:
            found.append(run)
        run = [cp]
    found.append(run)
    return ", ".join(f"U+{r[0]:04X}" + (f"-{r[-1]:04X}" if len(r) > 1 else "") for r in found)


def face(family: str, filename: str, codepoints: set[int]) -> str:
    digest = hashlib.sha256((FONTS / filename).read_bytes()).hexdigest()[:12]  # as url_for's ?v= (site/assets.py)
    return (f'@font-face {{ font-family: "{family}"; font-weight: 400; font-display: swap;\n'
            f'  src: url("../fonts/{filename}?v={digest}") format("woff2");\n'
            f"  unicode-range: {ranges(codepoints)}; }}")


# Shan never stacks letters (U+1039, the virama that makes Burmese and Mon stacked consonants, is not in its
# orthography; the Burmese words our Shan texts keep have a file of their own, BORROWING): leaving it out drops
# every stacked form, 13 of Shan's 32 KB.
# Mon does not write Burmese's abbreviation signs ၌ ၍ ၎ ၏ (U+104C-104F) nor Shan's ဢ (U+1022): 1.4 KB.
NOT_WRITTEN = {"shn": {0x1039}, "mnw": {0x1022, 0x104C, 0x104D, 0x104E, 0x104F}}


# Languages whose texts keep Burmese words, and the family name of the small file of those words' letters. Shan's
# comes before "Myanmar shn" in site.css, Chin's after the system fonts that draw Chin's Latin letters.
BORROWING = {"shn": "Myanmar shn-my", "cnh": "Myanmar cnh-my"}
TEXT_FILES = (".md", ".toml", ".po")  # lessons and quizzes, course and module files, catalogs; not the pictures
MYANMAR_RUN = re.compile("[\u1000-\u109F\uA9E0-\uA9FE\uAA60-\uAA7F]+")
VIRAMA, ASAT = "\u1039", "\u103A"


def texts_in(code: str, courses: Path = COURSES, catalogs: Path = CATALOGS) -> list[Path]:
    """The files a page in the language shows text from: the courses' and modules' files, the lessons and their
    quizzes, and the interface catalog (its English msgids too, which a missing translation shows)."""
    found = [*courses.glob(f"*/{code}.toml"), *courses.glob(f"*/*/{code}/*"),
             catalogs / code / "LC_MESSAGES" / "messages.po"]
    return sorted(p for p in found if p.is_file() and p.suffix in TEXT_FILES)


def syllables(run: str) -> list[str]:
    """A run of Myanmar script cut into syllables, as Myanmar syllable breaking does it: one begins at each letter,
    digit or sign (not a mark), except a letter stacked under the one before it (after U+1039) and a final letter
    (followed by the asat U+103A or by U+1039, as in the kinzi င်္). So မင်္ဂလာ is မင်္ဂ + လာ and ပစ္စည်း one syllable:
    a stack never ends up split between two syllables."""
    found: list[str] = []
    for i, char in enumerate(run):
        before, after = run[i - 1:i], run[i + 1:i + 2]
        if not found or (unicodedata.category(char)[0] != "M" and before != VIRAMA and after not in (ASAT, VIRAMA)):
            found.append(char)
        else:
            found[-1] += char
    return found


def borrowed(code: str, own: set[int]) -> set[int]:
    """The letters of the language's Burmese words: of every syllable holding a code point that its own file
    (`own`, empty for Hakha Chin, which has none) lacks. A whole syllable, not only the missing letter: a browser
    picks a font letter by letter (a letter with its marks), and a stack such as မ္မ is drawn only when one file
    draws both of its letters; so Shan's small file, which holds every letter of those syllables, is listed before
    the Shan file (after it, the Shan file drew the lower မ and the stack fell apart into မ္ and မ side by side).
    Where both files hold a letter they draw the same glyph: Shan text looks the same."""
    found: set[int] = set()
    for path in texts_in(code):
        for run in MYANMAR_RUN.findall(path.read_text(encoding="utf-8")):
            for syllable in syllables(run):
                codepoints = {ord(c) for c in syllable}
                if codepoints - own:
                    found |= codepoints
    return found


def main() -> None:
    rules = [face("Noto Sans Myanmar", WHOLE.name, span(0x1000, 0x109F) | {0x200C, 0x200D, 0x25CC}
                  | span(0xA9E0, 0xA9FE) | span(0xAA60, 0xAA7F))]
    own: dict[str, set[int]] = {}
    for code, letters in LANGUAGE_LETTERS.items():
        codepoints = own[code] = (letters | SHARED) - NOT_WRITTEN.get(code, set())
        name = f"noto-sans-myanmar-{code}-400.woff2"
        write(name, codepoints)
        rules.append(face(f"Myanmar {code}", name, codepoints))
        print(f"{name}: {(FONTS / name).stat().st_size / 1024:.1f} KB")
    names = {ord(c) for c in AUTONYMS if c != " "}
    write("noto-sans-myanmar-names-400.woff2", names | {0x25CC})
    rules.append(face("Myanmar names", "noto-sans-myanmar-names-400.woff2", names))
    for code, family in BORROWING.items():
        codepoints = borrowed(code, own.get(code, set())) | {0x25CC}  # the dotted circle a misplaced mark shows
        name = f"noto-sans-myanmar-{code}-my-400.woff2"
        write(name, codepoints)
        rules.append(face(family, name, codepoints))
        print(f"{name}: {(FONTS / name).stat().st_size / 1024:.1f} KB, {len(codepoints)} code points")
    css = CSS.read_text(encoding="utf-8")
    block = "\n".join([START, *rules, END])
    css, count = re.subn(re.escape(START) + r".*?" + re.escape(END), lambda _m: block, css, flags=re.S)
    if count != 1:
        raise SystemExit(f"{CSS}: the fonts block ({START} ... {END}) was not found once")
    CSS.write_text(css, encoding="utf-8")


if __name__ == "__main__":
    main()
