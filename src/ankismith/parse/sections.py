"""Section headings written almost right: ``### Answr``, ``#### Hint``. Pure.

A misspelt section would silently become text of the section before it (an answer landing in
the question, a hint on the back), so each is reported at its own line with the fix, and the
parser then reads it as the section meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

# How alike a heading must be to a section name to count as a misspelling of it.
CUTOFF = 0.75


def closest(word: str, known: Sequence[str], cutoff: float = CUTOFF) -> str | None:
    """Return the entry of ``known`` most like ``word``, if it is alike enough.

    The one did-you-mean of every message: sections, card types, settings keys, field names.
    """
    if not known:
        return None
    score, best = max((difflib.SequenceMatcher(None, word, k).ratio(), k) for k in known)
    return best if score >= cutoff else None


def section_slip(level: int, text: str, sections: Sequence[str]) -> tuple[str, str] | None:
    """Return (the section meant, the message) for a heading that misses a section, or None.

    ``level`` is the heading's number of ``#``; ``text`` its text; ``sections`` the known names.
    """
    name = text.rstrip(":").strip().lower()
    if level == 3 and name not in sections and (meant := closest(name, sections)):
        names = ", ".join(f"'### {s.capitalize()}'" for s in sections[:-1])
        return meant, (
            f"unknown section '### {text}' (did you mean '### {meant.capitalize()}'?); a card's "
            f"sections are {names} and '### {sections[-1].capitalize()}', and a heading inside "
            "a card starts with '#### '"
        )
    if level > 3 and name in sections:
        return name, (
            f"'{'#' * level} {text}' is a heading inside the card, not its {name.capitalize()} "
            f"section: write '### {text}'"
        )
    return None
