"""Build the two TTF fonts the certificate PDFs embed (run by hand; the output is committed).

Inputs are the npm packages @fontsource/noto-sans-myanmar and @fontsource/noto-sans (SIL Open Font License,
no reserved font names), unpacked with `npm pack`:

    npm pack @fontsource/noto-sans-myanmar @fontsource/noto-sans
    mkdir nsm ns && tar xzf fontsource-noto-sans-myanmar-*.tgz -C nsm && tar xzf fontsource-noto-sans-5*.tgz -C ns
    python scripts/build_certificate_fonts.py nsm/package/files ns/package/files

Each output merges Noto Sans Myanmar's Latin, Latin Extended and Myanmar subsets (with the KSW and MON
OpenType language systems) and fills the gaps from Noto Sans Latin Extended (Hakha Chin's ṭ, for one).
fpdf2 embeds only the glyphs a certificate uses.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fontTools.merge import Merger
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "learning" / "certificates" / "fonts"


def build(myanmar_files: Path, latin_files: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for weight, name in (("400", "Regular"), ("700", "Bold")):
            parts = [myanmar_files / f"noto-sans-myanmar-{sub}-{weight}-normal.woff2" for sub in ("latin", "latin-ext", "myanmar")]
            parts.append(latin_files / f"noto-sans-latin-ext-{weight}-normal.woff2")
            ttfs = []
            for index, part in enumerate(parts):
                font = TTFont(part)
                font.flavor = None
                path = Path(tmp) / f"{index}.ttf"
                font.save(path)
                ttfs.append(str(path))
            merged = Merger().merge(ttfs)
            merged.save(OUT / f"NotoSansMyanmar-{name}.ttf")
            print(OUT / f"NotoSansMyanmar-{name}.ttf")


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
