"""Pair each synced field of a note with the Markdown of the card it came from. Pure.

A field is synced when the author wrote it: the question (the ``## `` heading and the text
under it), each ``### `` section, and each field of a custom note type. Fields the build
derives (``Choices``, ``Source``, ``Id``) and a type-in card's plain-text answer are not; of an
image occlusion card, only ``Back Extra`` (its explanation) is.
"""

from __future__ import annotations

import msgspec

from ankismith.model import Card, NoteKind

QUESTION = ""
"""The section name of a card's question: its heading and the text under it."""
_OURS = {"Answer": "Answer", "Back": "Answer", "Explanation": "Explanation", "Hint": "Hint"}


class Synced(msgspec.Struct, frozen=True):
    """One synced field of a card."""

    name: str
    """The note type's field name."""
    index: int
    """Its place in the note type's field list."""
    section: str
    """The ``### `` section that holds it, or ``QUESTION``."""
    markdown: str
    """Its Markdown as the parser reads it."""


def synced_fields(card: Card, names: tuple[str, ...]) -> list[Synced]:
    """Return the synced fields of ``card``, whose note type has the fields ``names``."""
    if card.notetype:
        texts = dict(card.fields)
        return [Synced(name, i, name, texts.get(name, "")) for i, name in enumerate(names)]
    if card.kind is NoteKind.OCCLUSION:  # its masks and image are lines pull does not rewrite
        return [Synced(names[3], 3, "Explanation", card.explanation)] if len(names) > 3 else []
    parts = {"Answer": card.answer, "Explanation": card.explanation, "Hint": card.hint}
    found = [Synced(names[0], 0, QUESTION, card.question)] if names else []
    for index, name in enumerate(names[1:], start=1):
        section = _OURS.get(name)
        if section is None or (card.kind is NoteKind.TYPEIN and section == "Answer"):
            continue
        found.append(Synced(name, index, section, parts[section]))
    return found
