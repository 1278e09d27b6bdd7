"""Household sign-in cards: code, PIN, members and the site's address as a QR code, eight to an A4 page."""
from __future__ import annotations

import io

from learning.certificates.layouts import CardContent
from learning.certificates.pdf import GREEN, MUTED, ShapedPDF, drop_layout_tables, qr_png

CARD_W, CARD_H = 95, 66
COLUMNS, ROWS = 2, 4
LEFT, TOP = 10, 12




def render_cards(cards: list[CardContent]) -> bytes:
    """A4 pages of cards with cutting lines."""
    if not cards:
        raise ValueError("no cards to render")
    pdf = ShapedPDF(cards[0].language, orientation="portrait", page_format="A4")
    for index, card in enumerate(cards):
        slot = index % (COLUMNS * ROWS)
        if slot == 0:
            pdf.add_page()
        x = LEFT + (slot % COLUMNS) * CARD_W
        y = TOP + (slot // COLUMNS) * CARD_H
        pdf.language = card.language
        pdf.set_draw_color(*MUTED)
        pdf.set_dash_pattern(dash=1.5, gap=1.5)
        pdf.set_line_width(0.2)
        pdf.rect(x, y, CARD_W, CARD_H)
        pdf.set_dash_pattern()
        qr = 24
        pdf.image(io.BytesIO(qr_png(card.address)), x=x + CARD_W - qr - 4, y=y + 4, w=qr, h=qr)
        width = CARD_W - qr - 12
        below = pdf.text_at(x + 4, y + 4, width, card.programme, 9, bold=True, color=GREEN, min_size=6)
        below = pdf.text_at(x + 4, below + 1, width, f"{card.code_label} {card.code}", 11, bold=True, min_size=7)
        below = pdf.text_at(x + 4, below + 1, width, f"{card.pin_label} {card.pin}", 11, bold=True, min_size=7)
        below = pdf.text_at(x + 4, max(below + 2, y + 30), CARD_W - 8, " · ".join(card.members), 9, min_size=6)
        pdf.text_at(x + 4, y + CARD_H - 10, CARD_W - 8, card.keep_safe, 7, color=MUTED, min_size=5)
        pdf.text_at(x + CARD_W - qr - 6, y + 4 + qr, qr + 4, card.address.split("//", 1)[-1], 5, color=MUTED)
    drop_layout_tables(pdf)
    return bytes(pdf.output())
