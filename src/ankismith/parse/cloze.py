"""Anki's cloze deletion openings, ``{{c1::`` and ``{{c1,2::``: the one pattern read everywhere.

Since Anki 26.05 (``rslib/src/cloze.rs``) an opening may name several cards, ``{{c1,2::text}}``:
the text is hidden on card 1 and on card 2. Anki reads the numbers between ``{{c`` and ``::``
as digits and commas; each number from 0 to 65535 counts, the rest are dropped, and an opening
with none is plain text. Older Anki reads only ``{{cN::``. Pure.
"""

from __future__ import annotations

import re

CLOZE_OPEN = re.compile(r"\{\{c([0-9,]*)::")
"""An opening as Anki 26.05+ reads it; group 1 holds the numbers (check with ``ordinals``)."""
DELETION = re.compile(r"\{\{c[0-9][0-9,]*::")
"""An opening as authors write one, ``{{c1::`` or ``{{c1,2::``: what makes a text a cloze."""
MULTI_CARD = re.compile(r"\{\{c([0-9]*,[0-9,]*)::")
"""An opening naming several numbers, which Anki before 26.05 shows as written."""
MAX_NUMBER = 0xFFFF


def ordinals(numbers: str) -> tuple[int, ...]:
    """Return the deletion numbers Anki reads in ``numbers`` (``1,2``), sorted, once each."""
    found = set()
    for part in numbers.split(","):
        # Compare lengths first: int() refuses strings of thousands of digits.
        if part.isdigit() and len(part.lstrip("0")) <= 5 and int(part) <= MAX_NUMBER:
            found.add(int(part))
    return tuple(sorted(found))
