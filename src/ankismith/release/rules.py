"""The release rules: one code and one summary each, and the problem value every rule returns.

``diff --check`` and ``verify --against`` both run ``release.guard.guard``, so they can never
disagree. docs/updates.md has a row per edit saying which rule guards it.
"""

from __future__ import annotations

import msgspec

from ankismith.apkg.contents import NoteInfo
from ankismith.text import utc_time

RELEASE_RULES: dict[str, str] = {
    "schema-changed": "a note type's field or template list changed under the same id",
    "deck-id-changed": "the deck 'id' changed: every card arrives again as a new card",
    "new-guid": "a card kept its id but got a new GUID",
    "id-renamed": "a card came back under a new id: a duplicate without history",
    "type-changed": "a card moved to another note type: never updated again",
    "deck-renamed": "the deck was renamed: cards stay in the old deck",
    "card-moved": "a card moved to another deck: Anki never moves existing cards",
    "left-deck": "a card moved to another deck of the project: learners keep it in this one",
    "tags-lost": "a card moved to another file and lost tags it had from the old one",
    "mask-renumbered": "an image occlusion card now asks for another mask group, or for none",
    "static-media": "a '_' or 'latex-' media file changed content under the same name",
    "not-newer": "changed cards built at a time not newer than the previous release",
    "layout-not-newer": "a changed card layout whose time is not newer than the previous one",
    "nothing-new": "nothing in the release reaches learners",
}


class Problem(msgspec.Struct, frozen=True):
    """One way a release would fail learners who have the previous one."""

    code: str
    """The rule (a key of ``RELEASE_RULES``)."""
    message: str
    """What learners get, and how to fix it."""
    cards: tuple[str, ...] = ()
    """The ids of the cards it is about, when a ``release:`` section may accept it for them."""
    learners: str = ""
    """What learners who have the previous release get, told to them (the release notes)."""

    def __post_init__(self) -> None:
        if self.code not in RELEASE_RULES:
            raise ValueError(
                f"undeclared release rule code {self.code!r}: declare it in RELEASE_RULES"
            )

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"


def when(seconds: int) -> str:
    """Return a time for a message: ``2023-11-14 22:13:20 UTC``."""
    return utc_time(seconds, "%Y-%m-%d %H:%M:%S UTC")


def it(count: int, one: str = "it", many: str = "them") -> str:
    """Return ``one`` for one card, ``many`` for more."""
    return one if count == 1 else many


def names(notes: list[NoteInfo], most: int = 3) -> str:
    """Name a few cards by id for a message: ``'a', 'b', 'c' and 2 more``."""
    shown = ", ".join(f"'{n.key}'" for n in notes[:most])
    return shown + (f" and {len(notes) - most} more" if len(notes) > most else "")


def content_of(note: NoteInfo) -> tuple[object, ...]:
    """Return what an update changes in a learner's note: its fields and its tags."""
    return (note.fields, note.tags)
