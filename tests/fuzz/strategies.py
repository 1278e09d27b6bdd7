"""What people (and broken phones, spreadsheets and scripts) type into the forms, as Hypothesis strategies.

Form data cannot carry surrogates, so every strategy here stays within well-formed Unicode; everything else is
fair game: the Myanmar blocks, real Zawgyi, Shan, Mon and Karen, NUL and the other control characters, lone
combining marks, strings up to 10,000 characters, and numbers written every way a number can be written.
"""
from __future__ import annotations

import secrets
import string

from hypothesis import strategies as st

from tests.unit.test_text_normalisation import KAREN, MON, SHAN, ZAWGYI_SAMPLES

MAX_LENGTH = 10_000

# Unicode with the surrogates left out (they cannot be sent as form data).
any_character = st.characters(codec="utf-8")
# Myanmar (U+1000-U+109F), Myanmar Extended-A (U+AA60-U+AA7F) and Extended-B (U+A9E0-U+A9FF), unassigned
# code points included.
myanmar_character = st.one_of(
    st.characters(min_codepoint=0x1000, max_codepoint=0x109F),
    st.characters(min_codepoint=0xAA60, max_codepoint=0xAA7F),
    st.characters(min_codepoint=0xA9E0, max_codepoint=0xA9FF),
)
# C0 and C1 controls, NUL and DEL among them.
control_character = st.one_of(st.sampled_from("\x00\x7f"), st.characters(categories=["Cc"]))
combining_mark = st.characters(categories=["Mn", "Me", "Mc"])

ZAWGYI = [zawgyi for zawgyi, _unicode in ZAWGYI_SAMPLES] + ["ၫို", "ပခုက္ကူ"]  # the last two: unsure
# Zawgyi with doubled marks, which the converter shortens ("ေမာင္္္" becomes "မောင်"): what is checked and
# what is stored may then differ in length.
ZAWGYI_SHORTENED = ["ေမာင္္္", "ေက်ာ္ာာ"]
SCRIPTS = [unicode for _zawgyi, unicode in ZAWGYI_SAMPLES] + [SHAN, MON, KAREN, "Laiholh", "Café"]
SPECIAL = [
    "", " ", "\x00", "a\x00b", "\r\n", "\t", "\u200b", "\u200c\u200d", "\ufeff", "\u2028", "\u202e",
    "\u1031", "\u103a\u1039", "\u1039", "=1+1", "+95 9", "@SUM(A1)", "-2", "'", '"', "<script>", "{{ 7*7 }}",
    "%(name)s", "%s", "../../etc/passwd", "NULL", "None", "ß", "ǅ", "İ", "\U0001f600", "\U0010fffd",
]

# Digits that str.isdigit() accepts but int() may not (superscripts), other scripts' digits, and odd numbers.
ODD_DIGITS = ["²", "¹⁹⁹⁰", "₂", "①", "١٩٩٠", "१९९०", "๑๙๙๐", "１９９０", "𝟏𝟗𝟗𝟎", "႑႙႙႐", "၁၉၉၀", "߁"]
NUMBERS = [
    "", " ", "0", "00", "-1", "−1", "+1", "1", "7", "99", "2026", "1899", "1900", "2100", "9" * 400,
    "-" + "9" * 400, "၉" * 400, "9" * 4301, "0" * 5000 + "1", "1e309", "-1e309", "1E5", "NaN", "nan", "inf",
    "-inf", "Infinity", "0x1F", "1_000", "1,000,000", "၅,၀၀၀", "1 000", "1\u00a0000", "0.5", ".5", "5.",
    ".", "..", "1.2.3", "0." + "0" * 40 + "1", "0.000000000000000001", "1." + "0" * 4000, "12abc", "(1)",
    "1/2", "၁၂၃", "1e-400", "999999999999", "1000000000000", "1000000000001", "18446744073709551616",
]


def single(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """The strategy as one branch of a choice: st.one_of flattens nested one_of's, so one_of(good, text) would
    otherwise pick the good value once in eleven."""
    return strategy.map(lambda value: value)


MYANMAR_DIGITS = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")


def _repeat_to(piece: str, size: int) -> str:
    return (piece * (size // len(piece) + 1))[:size]


short_text = st.text(any_character, max_size=40)
myanmar_text = st.text(myanmar_character, max_size=40)
control_text = st.text(st.one_of(control_character, st.sampled_from(string.ascii_letters)), max_size=20)
combining_text = st.text(combining_mark, min_size=1, max_size=8)
digits_text = single(st.one_of(
    st.sampled_from(NUMBERS + ODD_DIGITS),
    st.integers().map(str),
    st.integers(min_value=0, max_value=10**30).map(lambda n: str(n).translate(MYANMAR_DIGITS)),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
))
# Long strings, made by repeating a short piece (cheap to generate) to lengths around the limits that matter.
long_text = st.builds(
    _repeat_to,
    st.one_of(st.sampled_from(ZAWGYI + ZAWGYI_SHORTENED + SCRIPTS + ODD_DIGITS + ["9", "x", "\x00"]),
              short_text.filter(bool)),
    st.one_of(st.sampled_from([32, 33, 60, 61, 64, 65, 119, 120, 121, 200, 201, 4301, MAX_LENGTH]),
              st.integers(min_value=1, max_value=MAX_LENGTH)),
)
pieces = st.one_of(
    short_text, myanmar_text, control_text, combining_text, digits_text,
    st.sampled_from(ZAWGYI + SCRIPTS + SPECIAL + ODD_DIGITS),
)
mixed_text = st.lists(pieces, max_size=5).map("".join)

# The one strategy most fields use: anything a person or a program might send in a text box.
text = single(st.one_of(
    short_text, myanmar_text, st.sampled_from(ZAWGYI + ZAWGYI_SHORTENED), st.sampled_from(SCRIPTS),
    st.sampled_from(SPECIAL),
    control_text, combining_text, digits_text, long_text, mixed_text,
))
numbers = single(st.one_of(digits_text, text))


def sometimes(good: st.SearchStrategy, bad: st.SearchStrategy = text) -> st.SearchStrategy:
    """Mostly a good value (so that the success path is fuzzed too), sometimes anything."""
    return st.one_of(good, good, single(bad))


def row_index():
    """What comes between the dashes of a repeated row's field name (members-<index>-name)."""
    return st.one_of(
        st.integers(min_value=0, max_value=25).map(str),
        st.sampled_from(ODD_DIGITS + ["9" * 30, "9" * 5000, "-1", "", "x", "0x1", " 1", "1 "]),
    )


def row_keys(prefix: str, fields: list[str]):
    """Extra, odd field names of a repeated row (FieldList) form."""
    return st.builds(lambda index, field: f"{prefix}-{index}-{field}", row_index(), st.sampled_from(fields))


def extra_fields(names: st.SearchStrategy | None = None, max_size: int = 3):
    """Fields no form asked for, with odd names."""
    keys = st.one_of(short_text, st.sampled_from(SPECIAL)) if names is None else st.one_of(names, short_text)
    return st.dictionaries(keys, text, max_size=max_size)


dates = single(st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["", "0000-00-00", "0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "2026-1-1",
                     "+002026-01-01", "20261101", "2026-W48-1", "2026-11-01T00:00", "၂၀၂၆-၁၁-၀၁",
                     "２０２６-１１-０１", "2026-11-01\x00", "-2026-11-01", "soon"]),
    text,
))

# The hidden id that makes a double tap store one record: a new one (as on a form just loaded), ids that may
# come back (a double tap, a retry), odd lengths, and anything.
FRESH = "<a new submission id>"
good_submission_ids = st.one_of(st.just(FRESH), st.just(FRESH), st.uuids().map(lambda u: u.hex),
                                st.from_regex(r"[A-Za-z0-9_-]{16,64}", fullmatch=True))
submission_ids = st.one_of(
    good_submission_ids, good_submission_ids,
    st.sampled_from(["x" * 64, "x" * 15, "x" * 65, "", "not valid!", "x" * 20 + "\x00"]),
    text,
)


@st.composite
def forms(draw, good: dict, bad: dict | None = None, extra_names=None, max_fuzzed: int = 4) -> dict:
    """Form data. Half the time the good values: a form a person could send, so that saving is fuzzed too.
    Otherwise some fields are replaced by anything (``bad[name]``, else `text`) or left out, and fields nobody
    asked for may come along."""
    data = {name: draw(value) for name, value in good.items()}
    if not draw(st.booleans()):
        return data
    for name in sorted(draw(st.sets(st.sampled_from(sorted(good)), min_size=1, max_size=max_fuzzed))):
        if draw(st.integers(0, 5)) == 0:
            del data[name]
        else:
            data[name] = draw((bad or {}).get(name, text))
    data.update(draw(extra_fields(extra_names, max_size=2)))
    return data


def fresh(value: str) -> str:
    """A drawn submission id, with FRESH replaced by a new random one (as the form page makes)."""
    return secrets.token_urlsafe(16) if value == FRESH else value
