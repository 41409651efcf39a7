"""Our five note types: names, stable ids, field and template lists, template files.

The field and template lists are a promise to learners: changing them (count, order, names) is a
schema change, and Anki then keeps a copy of the note type and stops updating their notes. Add a
new note type with a new id instead. ``tests/unit/notetypes/test_notetypes.py`` holds the frozen
snapshot.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

from ankismith.model import NoteKind


@dataclass(frozen=True, slots=True)
class Template:
    """One card template: a name and the package-data files holding its two sides."""

    name: str
    """Template (card type) name shown in Anki."""
    front: str
    """File under ``templates/`` holding the front (question) side."""
    back: str
    """File under ``templates/`` holding the back (answer) side."""


@dataclass(frozen=True, slots=True)
class NoteType:
    """A note type as learners' Anki will know it, forever."""

    kind: NoteKind
    """Which authoring kind compiles to this note type."""
    name: str
    """Display name in Anki (may change freely; Anki matches by id)."""
    fields: tuple[str, ...]
    """Field names, in order. Frozen once released."""
    templates: tuple[Template, ...]
    """Card templates, in order. Frozen once released."""
    cloze: bool = False
    """True for Anki's cloze kind: one card per deletion number."""

    @property
    def id(self) -> int:
        """Return the note type id, derived from the kind's name, never random."""
        return stable_id(f"ankismith/notetype/{self.kind.value}")


def stable_digest(key: str) -> int:
    """Return the first 64 bits of the SHA-256 of ``key``: the same on every machine and run."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")


def stable_id(key: str) -> int:
    """Return a 31-bit id derived from ``key`` with SHA-256, the same on every machine and run."""
    return (1 << 30) + stable_digest(key) % (1 << 30)


_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def note_guid(namespace: str, card_id: str) -> str:
    """Return the note GUID: it depends only on the deck namespace and the author's card id.

    genanki's ``guid_for(namespace, card_id)``, the GUIDs every release so far has shipped
    (a test holds the two equal), computed here so that stages before the package know it.
    """
    number = int.from_bytes(hashlib.sha256(f"{namespace}__{card_id}".encode()).digest()[:8], "big")
    digits: list[str] = []
    while number > 0:
        number, digit = divmod(number, len(_BASE91))
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


# Every note type carries Hint, Source and Id: decided up front so none of them ever needs a field
# added later (docs/notetypes.md).
NOTE_TYPES: dict[NoteKind, NoteType] = {
    NoteKind.BASIC: NoteType(
        kind=NoteKind.BASIC,
        name="ankismith Basic",
        fields=("Question", "Answer", "Explanation", "Hint", "Source", "Id"),
        templates=(Template("Card 1", "basic/front.html", "basic/back.html"),),
    ),
    NoteKind.CHOICE: NoteType(
        kind=NoteKind.CHOICE,
        name="ankismith Choice",
        fields=("Question", "Choices", "Answer", "Explanation", "Hint", "Source", "Id"),
        templates=(Template("Card 1", "choice/front.html", "choice/back.html"),),
    ),
    NoteKind.CLOZE: NoteType(
        kind=NoteKind.CLOZE,
        name="ankismith Cloze",
        fields=("Text", "Explanation", "Hint", "Source", "Id"),
        templates=(Template("Cloze", "cloze/front.html", "cloze/back.html"),),
        cloze=True,
    ),
    NoteKind.REVERSED: NoteType(
        kind=NoteKind.REVERSED,
        name="ankismith Reversed",
        fields=("Front", "Back", "Explanation", "Hint", "Source", "Id"),
        templates=(
            Template("Forward", "reversed/forward-front.html", "reversed/forward-back.html"),
            Template("Reverse", "reversed/reverse-front.html", "reversed/reverse-back.html"),
        ),
    ),
    NoteKind.TYPEIN: NoteType(
        kind=NoteKind.TYPEIN,
        name="ankismith Type-in",
        fields=("Question", "Answer", "Explanation", "Hint", "Source", "Id"),
        templates=(Template("Card 1", "typein/front.html", "typein/back.html"),),
    ),
}


def template_text(name: str) -> str:
    """Return a template or stylesheet shipped as package data under ``templates/``."""
    folder = resources.files("ankismith.notetypes").joinpath("templates")
    return folder.joinpath(name).read_text(encoding="utf-8")
