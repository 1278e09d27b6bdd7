"""Reading the numbers people type: Latin, Myanmar or Shan digits, with or without thousands separators."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from learning.i18n.languages import to_latin_digits

MAX_AMOUNT = Decimal("1000000000000")  # a trillion: far above any household amount, far below overflow
# Six decimal places: far finer than any amount or exchange rate; it keeps the calculators' results within
# Decimal's precision (a rate of 0.000000000000000001 made the cost percentage too long to round).
SMALLEST_STEP = Decimal("0.000001")


class NumberError(ValueError):
    """The text is not an acceptable number; the message key says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "empty", "not_a_number", "negative", "too_large"


def parse_amount(text: str | None, allow_empty: bool = False) -> Decimal | None:
    """A non-negative number from typed text such as "5,000", "၅,၀၀၀" or "118.5"."""
    cleaned = to_latin_digits(text or "").strip().replace(",", "").replace("၊", "").replace(" ", "")
    cleaned = cleaned.replace("\u00a0", "").replace("\u202f", "")
    if not cleaned:
        if allow_empty:
            return None
        raise NumberError("empty")
    if cleaned.startswith("-") or cleaned.startswith("−"):
        raise NumberError("negative")
    if not all(c.isdigit() and c.isascii() or c == "." for c in cleaned) or cleaned.count(".") > 1 or cleaned == ".":
        raise NumberError("not_a_number")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the checks above leave only valid decimals
        raise NumberError("not_a_number") from exc
    if value > MAX_AMOUNT:
        raise NumberError("too_large")
    if value.as_tuple().exponent < SMALLEST_STEP.as_tuple().exponent:
        value = value.quantize(SMALLEST_STEP, rounding=ROUND_HALF_UP)
    return value
