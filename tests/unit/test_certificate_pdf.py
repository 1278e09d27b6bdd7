"""The certificate PDF: shaped text in every script, fonts as subsets, A5 landscape, nothing private."""
import io
import re
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from learning.certificates.pdf import FONTS, CertificateContent, render

NAME = "ဒေါ်ခင်မြင့်မြတ်"


def content(**changes) -> CertificateContent:
    values = dict(
        language="my", programme="Twe Let Learning", heading="Certificate of completion", heading_en=None,
        certifies="awarded to", name=NAME, father_line="Father's name: ဦးဘထွန်း", township_line="Township: Mudon",
        completed_line="for completing", course_title="Money and migration", course_title_en=None,
        modules_heading="Modules passed:", modules=("Sending money home", "Household budget"),
        date_line="Date: ၂၀၂၆ နိုဝင်ဘာ ၂၇", facilitator_line="Facilitator: Naw Htoo Paw", code_label="Code:",
        code="7KQ4-M2XD-9P4T", verify_url="https://learn.example.org/v/7KQ4-M2XD-9P4T",
    )
    values.update(changes)
    return CertificateContent(**values)


def characters(data: bytes, page_index: int = 0) -> list[tuple[str, float, float]]:
    """Every character pdfium finds on the page with its box's left and right edges, in drawing order."""
    document = pdfium.PdfDocument(data)
    text = document[page_index].get_textpage()
    result = []
    for i in range(text.count_chars()):
        left, _, right, _ = text.get_charbox(i)
        result.append((text.get_text_range(i, 1), left, right))
    return result


def outline(font: TTFont, glyph_name: str) -> tuple:
    """A glyph's identity that survives subsetting and renaming: its outline points and advance width."""
    coordinates, ends, _ = font["glyf"][glyph_name].getCoordinates(font["glyf"])
    return tuple(coordinates), tuple(ends), font["hmtx"][glyph_name][0]


def harfbuzz_glyphs(text: str, font_path: Path, language: str = "my") -> list[tuple]:
    """The glyphs HarfBuzz gives for the text with our font, in drawing order."""
    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(font_path))))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.script, buffer.language = "Mymr", language
    hb.shape(font, buffer)
    original = TTFont(font_path)
    order = original.getGlyphOrder()
    return [outline(original, order[info.codepoint]) for info in buffer.glyph_infos]


def _object(pdf: bytes, number: int) -> bytes:
    return re.search(rb"\n%d 0 obj\s*(.*?)endobj" % number, pdf, re.S).group(1)


def _stream(obj: bytes) -> bytes:
    start = obj.index(b"stream") + len(b"stream")
    start += 2 if obj[start:start + 2] == b"\r\n" else 1
    length = int(re.search(rb"/Length (\d+)", obj).group(1))
    data = obj[start:start + length]
    return zlib.decompress(data) if b"/FlateDecode" in obj[:start] else data


ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12, ord("("): 40, ord(")"): 41, 92: 92}


def _pdf_string(raw: bytes) -> bytes:
    """Undo PDF literal-string escapes."""
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i] == 92 and raw[i + 1] in ESCAPES:
            out.append(ESCAPES[raw[i + 1]])
            i += 2
        elif raw[i] == 92:
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4]).group(0)
            out.append(int(octal, 8))
            i += 1 + len(octal)
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def pdf_glyphs(pdf: bytes, font_size: str) -> list[tuple]:
    """The glyph names drawn in the text set in bold at font_size (from render(compress=False))."""
    descendant_ref = re.search(rb"/BaseFont /[A-Z]{6}\+NotoSansMyanmarBold.*?/DescendantFonts \[(\d+) 0 R\]", pdf, re.S)
    descendant = _object(pdf, int(descendant_ref.group(1)))
    descriptor = _object(pdf, int(re.search(rb"/FontDescriptor (\d+) 0 R", descendant).group(1)))
    font_file = _stream(_object(pdf, int(re.search(rb"/FontFile2 (\d+) 0 R", descriptor).group(1))))
    cid_to_gid = _stream(_object(pdf, int(re.search(rb"/CIDToGIDMap (\d+) 0 R", descendant).group(1))))
    subset = TTFont(io.BytesIO(font_file))
    glyph_order = subset.getGlyphOrder()
    block = re.search(rb"BT /F\d+ " + font_size.encode() + rb" Tf ET.*?BT (.*?) ET", pdf, re.S).group(1)
    names = []
    for literal in re.findall(rb"\((.*?)(?<!\\)\) Tj", block, re.S):
        data = _pdf_string(literal)
        for i in range(0, len(data), 2):
            cid = int.from_bytes(data[i:i + 2], "big")
            names.append(outline(subset, glyph_order[int.from_bytes(cid_to_gid[2 * cid:2 * cid + 2], "big")]))
    return names


def test_the_pdf_draws_exactly_the_glyphs_harfbuzz_shapes_for_a_burmese_name():
    expected = harfbuzz_glyphs(NAME, FONTS / "NotoSansMyanmar-Bold.ttf")
    assert expected[0] == harfbuzz_glyphs("ေ", FONTS / "NotoSansMyanmar-Bold.ttf")[0]  # ေ is drawn before ဒ
    assert pdf_glyphs(render([content()], compress=False), "26.00") == expected


def test_the_glyph_check_fails_for_text_drawn_without_shaping(monkeypatch):
    from fpdf import FPDF

    original = FPDF.set_text_shaping
    monkeypatch.setattr(FPDF, "set_text_shaping", lambda self, *a, **k: original(self, False))
    drawn = pdf_glyphs(render([content()], compress=False), "26.00")
    assert drawn != harfbuzz_glyphs(NAME, FONTS / "NotoSansMyanmar-Bold.ttf")


def test_the_page_is_a5_landscape_with_subset_fonts():
    data = render([content()])
    document = pdfium.PdfDocument(data)
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (595, 420)  # 210 x 148 mm in points
    fonts = set(re.findall(rb"/BaseFont\s*/([A-Z]{6}\+[A-Za-z-]+)", data))
    assert fonts, "fonts must be embedded as subsets (a six-letter tag before the name)"
    assert len(data) < 150_000


@pytest.mark.parametrize(
    ("language", "name", "letters"),
    [("shn", "ၼၢင်းသႅင်ၶမ်း", "ၼၶ"), ("mnw", "မိၚ်ဒဵု", "ၚ"), ("ksw", "နီၢ်ပီၤ", "ၢၤ"), ("cnh", "Ṭial Hmun", "Ṭ"),
     ("en", "Naw Paw", "N")],
)
def test_names_in_every_script_are_drawn_with_their_letters(language, name, letters):
    chars = characters(render([content(language=language, name=name)]))
    text = "".join(c for c, _, _ in chars)
    assert all(letter in text for letter in letters)


def test_a_long_name_shrinks_or_wraps_inside_the_page():
    long_name = "မောင်" * 30
    chars = characters(render([content(name=long_name)]))
    assert all(0 <= left and right <= 595 for _, left, right in chars if left or right)


def test_one_page_per_certificate_in_a_batch():
    data = render([content(name=f"{NAME} {i}") for i in range(3)])
    assert len(pdfium.PdfDocument(data)) == 3
