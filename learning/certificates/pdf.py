"""The certificate PDF: A5 landscape, every line shaped by HarfBuzz (fpdf2 + uharfbuzz), fonts as subsets.

A5 landscape: half an A4 sheet, so two print on one page of the cheap A4 paper and printers that facilitators
can find in a township; small enough to keep folded in a document wallet, large enough for a name in any of the
five scripts at 26 pt and a QR code a phone camera reads from arm's length.
"""
from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

import qrcode
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from learning.certificates.layouts import CertificateContent

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "NotoSansMyanmar"
MYANMAR = re.compile("[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")
PAGE_W, PAGE_H = 210, 148  # A5 landscape, millimetres
MARGIN = 12
GREEN = (11, 110, 79)
INK = (29, 42, 47)
MUTED = (82, 97, 107)


def _shaping_language(text: str, language: str) -> tuple[str, str]:
    """HarfBuzz script and language for a line: Myanmar-script text keeps Shan, Mon or Karen forms."""
    if MYANMAR.search(text):
        return "mymr", language if language in ("my", "shn", "mnw", "ksw") else "my"
    return "latn", "en"


class ShapedPDF(FPDF):
    """fpdf2 with our fonts, where every line is shaped by HarfBuzz for its script and language."""

    def __init__(self, language: str, orientation: str = "landscape", page_format=(148, 210)):  # A5
        super().__init__(orientation=orientation, unit="mm", format=page_format)
        self.language = language
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font(FAMILY, "", FONTS / "NotoSansMyanmar-Regular.ttf")
        self.add_font(FAMILY, "B", FONTS / "NotoSansMyanmar-Bold.ttf")
        self.set_creator("Twe Let Learning")

    def line(self, text: str, size: float, *, bold: bool = False, color=INK, width: float | None = None,
             align: str = "C", min_size: float | None = None, gap: float = 1.5) -> None:
        """One shaped line (wrapped when long); shrinks down to min_size before wrapping."""
        script, language = _shaping_language(text, self.language)
        self.set_text_shaping(use_shaping_engine=True, script=script, language=language)
        self.set_font(FAMILY, "B" if bold else "", size)
        width = width or (PAGE_W - 2 * MARGIN - 4)
        if min_size is not None:
            while size > min_size and self.get_string_width(text) > width:
                size -= 1
                self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)
        self.set_x((PAGE_W - width) / 2 if align == "C" else self.l_margin)
        self.multi_cell(width, size * 0.55, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)

    def text_at(self, x: float, y: float, width: float, text: str, size: float, *, bold: bool = False,
                color=INK, min_size: float | None = None) -> float:
        """A shaped block at a position, shrunk to fit the width down to min_size; returns the y below it."""
        script, language = _shaping_language(text, self.language)
        self.set_text_shaping(use_shaping_engine=True, script=script, language=language)
        style = "B" if bold else ""
        self.set_font(FAMILY, style, size)
        while min_size is not None and size > min_size and self.get_string_width(text) > width:
            size -= 0.5
            self.set_font(FAMILY, style, size)
        self.set_text_color(*color)
        self.set_xy(x, y)
        self.multi_cell(width, size * 0.5, text, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        return self.get_y()


@lru_cache(maxsize=256)
def qr_png(url: str) -> bytes:
    image = qrcode.make(url, box_size=6, border=1, error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _page(pdf: ShapedPDF, c: CertificateContent) -> None:
    pdf.language = c.language
    pdf.add_page()
    pdf.set_draw_color(*GREEN)
    pdf.set_line_width(1.2)
    pdf.rect(5, 5, PAGE_W - 10, PAGE_H - 10)
    pdf.set_line_width(0.3)
    pdf.rect(7.5, 7.5, PAGE_W - 15, PAGE_H - 15)

    pdf.set_y(11)
    pdf.line(c.programme, 10, color=GREEN, bold=True, gap=0.5)
    pdf.line(c.heading, 20, bold=True, min_size=14, gap=0)
    if c.heading_en:
        pdf.line(c.heading_en, 10, color=MUTED, gap=1)
    pdf.line(c.certifies, 10, color=MUTED, gap=0.5)
    pdf.line(c.name, 26, bold=True, color=GREEN, min_size=14, gap=0.5)
    pdf.line(f"{c.father_line}  ·  {c.township_line}", 10, min_size=8, gap=1.5)
    pdf.line(c.completed_line, 10, color=MUTED, gap=0.5)
    pdf.line(c.course_title, 15, bold=True, min_size=11, gap=0)
    if c.course_title_en:
        pdf.line(c.course_title_en, 9, color=MUTED, gap=1)
    text_width = PAGE_W - 2 * MARGIN - 40  # leave room for the QR code
    pdf.line(c.modules_heading + " " + "; ".join(c.modules), 9, width=text_width, align="L", gap=1)
    pdf.line(c.date_line, 9, width=text_width, align="L", gap=0.5)
    pdf.line(c.facilitator_line, 9, width=text_width, align="L", gap=0.5)
    pdf.line(f"{c.code_label} {c.code}", 9, width=text_width, align="L", bold=True, gap=0)

    qr = 30
    pdf.image(io.BytesIO(qr_png(c.verify_url)), x=PAGE_W - MARGIN - qr, y=PAGE_H - MARGIN - qr - 6, w=qr, h=qr)
    pdf.set_text_shaping(use_shaping_engine=True, script="latn", language="en")
    pdf.set_font(FAMILY, "", 6.5)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(PAGE_W - MARGIN - qr - 10, PAGE_H - MARGIN - 5)
    pdf.cell(qr + 10, 4, c.verify_url.split("//", 1)[-1], align="C")


def render(certificates: list[CertificateContent], compress: bool = True) -> bytes:
    """A PDF with one page per certificate (uncompressed streams only for tests that read the glyphs)."""
    if not certificates:
        raise ValueError("no certificates to render")
    pdf = ShapedPDF(certificates[0].language)
    pdf.set_compression(compress)
    for content in certificates:
        _page(pdf, content)
    drop_layout_tables(pdf)
    return bytes(pdf.output())


def drop_layout_tables(pdf: FPDF) -> None:
    """Once every line is shaped, the embedded subsets need no OpenType layout tables (fpdf2 drops them from the
    file anyway); removing them first saves fontTools from decompiling them: about two thirds of a render."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        for tag in ("GSUB", "GPOS", "GDEF"):
            if ttfont is not None and tag in ttfont:
                del ttfont[tag]
