"""Every translation survives being formatted the way its message is.

Found by fuzzing the report filters: Flask-Babel's template gettext is "newstyle", so a template's message is
always run through ``%``, with or without variables. A translation with a bare ``%`` (such as "(%)") then
fails with a 500 on every page that shows it; it must be written ``%%``. Dropping or renaming a
``%(name)s`` fails the same way.
"""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from learning.config import PROJECT_ROOT

CATALOGS = sorted((PROJECT_ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))


def _problems(path: Path) -> list[str]:
    with path.open("rb") as f:
        catalog = read_po(f)
    found = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        strings = [s for s in strings if s]
        for msgid in ids:
            variables = dict.fromkeys(re.findall(r"%\((\w+)\)", msgid), 1)
            try:
                msgid % variables
            except (ValueError, KeyError, TypeError):
                continue  # the message itself is not a format string
            for string in strings:
                try:
                    string % variables
                except (ValueError, KeyError, TypeError) as error:
                    found.append(f"{msgid!r} -> {string!r}: {error}")
    return found


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_every_translation_formats_like_its_message(path):
    assert _problems(path) == []
