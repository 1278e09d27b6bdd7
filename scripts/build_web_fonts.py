"""Cut the site's Myanmar-script font into one file per language, and write their @font-face rules into
static/css/site.css (run by hand after changing the font or the sets below; the output is committed).

    .venv/bin/python scripts/build_web_fonts.py

The whole font (static/fonts/noto-sans-myanmar-400.woff2, Noto Sans Myanmar's Myanmar subset, SIL OFL) stays: it
is the fallback for a letter a language's file lacks, and what `flask courses check` shapes text with. A Burmese
page then downloads only the Burmese letters, a Shan page only the Shan ones, and so on: each file keeps every
OpenType feature of its letters (fontTools' layout closure), so syllables shape as in the whole font. The language
list, closed until tapped, names the languages with a file of its own holding just those letters.
"""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "static" / "fonts"
WHOLE = FONTS / "noto-sans-myanmar-400.woff2"
CSS = ROOT / "static" / "css" / "site.css"
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


def cut(codepoints: set[int]) -> bytes:
    font = TTFont(WHOLE)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


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
# orthography nor in our Shan texts): leaving it out drops every stacked form, 13 of Shan's 32 KB.
# Mon does not write Burmese's abbreviation signs ၌ ၍ ၎ ၏ (U+104C-104F) nor Shan's ဢ (U+1022): 1.4 KB.
NOT_WRITTEN = {"shn": {0x1039}, "mnw": {0x1022, 0x104C, 0x104D, 0x104E, 0x104F}}


def main() -> None:
    rules = [face("Noto Sans Myanmar", WHOLE.name, span(0x1000, 0x109F) | {0x200C, 0x200D, 0x25CC}
                  | span(0xA9E0, 0xA9FE) | span(0xAA60, 0xAA7F))]
    for code, letters in LANGUAGE_LETTERS.items():
        codepoints = (letters | SHARED) - NOT_WRITTEN.get(code, set())
        name = f"noto-sans-myanmar-{code}-400.woff2"
        (FONTS / name).write_bytes(cut(codepoints))
        rules.append(face(f"Myanmar {code}", name, codepoints))
        print(f"{name}: {(FONTS / name).stat().st_size / 1024:.1f} KB")
    names = {ord(c) for c in AUTONYMS if c != " "}
    (FONTS / "noto-sans-myanmar-names-400.woff2").write_bytes(cut(names | {0x25CC}))
    rules.append(face("Myanmar names", "noto-sans-myanmar-names-400.woff2", names))
    css = CSS.read_text(encoding="utf-8")
    block = "\n".join([START, *rules, END])
    css, count = re.subn(re.escape(START) + r".*?" + re.escape(END), lambda _m: block, css, flags=re.S)
    if count != 1:
        raise SystemExit(f"{CSS}: the fonts block ({START} ... {END}) was not found once")
    CSS.write_text(css, encoding="utf-8")


if __name__ == "__main__":
    main()
