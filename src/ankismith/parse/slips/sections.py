"""Misspelt section headings: ``### Answr``, ``#### Hint``, ``## Answer``, almost right. Pure.

A misspelt section would silently become text of the section before it (an answer landing in
the question, a hint on the back), so each is reported at its own line with the fix, and the
parser then reads it as the section meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ankismith.notetypes.labels import DEFAULT, shipped
from ankismith.text import closest

# How alike a heading must be to a section name to count as a misspelling of it: closer than a
# suggestion in a message, because the heading is then read as the section meant.
CUTOFF = 0.75


def section_slip(level: int, text: str, sections: Sequence[str]) -> tuple[str, str] | None:
    """Return (the section meant, the message) for a heading that misses a section, or None.

    ``level`` is the heading's number of ``#``; ``text`` its text; ``sections`` the known names.
    """
    name = text.rstrip(":").strip().lower()
    if level == 3 and name not in sections and (meant := closest(name, sections, CUTOFF)):
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


def card_heading_slip(text: str, sections: Sequence[str]) -> tuple[str, str] | None:
    """Return (the section meant, the message) for a card heading named like a section.

    ``## Answer`` inside a card starts a new card whose question is "Answer": the card above
    would lose its answer and a card nobody wrote would appear. ``text`` is the heading's text.
    """
    name = text.rstrip(":").strip().lower()
    if name not in sections:
        return None
    return name, (
        f"'## {text}' starts a new card whose question is '{text}'; a card's sections take "
        f"three #: write '### {text}'"
    )


@cache
def _translations() -> dict[str, str]:
    """Return each shipped translation of a section's label, casefolded, to the section."""
    return {
        text.casefold(): key
        for tag, texts in shipped().items()
        if tag != DEFAULT
        for key, text in texts.items()
        if key in ("answer", "explanation", "hint") and text.casefold() != key
    }


def translated_slip(text: str, sections: Sequence[str]) -> tuple[str, str] | None:
    """Return (the section meant, the message) for ``### Réponse``: a section name translated.

    Section names stay English whatever the deck's ``language``, which only sets the labels
    learners see; a heading that is a shipped translation of one (or nearly) names the English.
    """
    name = text.rstrip(":").strip().casefold()
    translations = _translations()
    found = translations.get(name) or translations.get(
        closest(name, list(translations), 0.85) or ""
    )
    if found is None or found not in sections:
        return None
    return found, (
        f"unknown section '### {text}': section names stay English whatever the deck's "
        f"language, which sets the labels learners see: write '### {found.capitalize()}'"
    )
