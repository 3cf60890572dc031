"""Every interface string has its bokmål translation."""

from __future__ import annotations

import re
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def entries() -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry except the header."""
    text = PO.read_text()
    found = []
    for block in text.split("\n\n"):
        fuzzy = "#, fuzzy" in block
        msgid = (
            "".join(re.findall(r'"(.*)"', block.split("msgid ", 1)[1].split("msgstr", 1)[0]))
            if "msgid " in block
            else ""
        )
        strs = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', block)
        msgstr = "".join("".join(re.findall(r'"(.*)"', s)) for s in strs)
        if msgid:
            found.append((msgid, msgstr, fuzzy))
    return found


def test_every_interface_string_is_translated_to_bokmal() -> None:
    missing = [msgid for msgid, msgstr, fuzzy in entries() if not msgstr or fuzzy]
    assert entries(), "no entries read from the .po file"
    assert missing == []
