"""The author's closed collection, through Anki's own Python package: import and read notes.

The ``anki`` package is imported only inside these functions, so ankismith works without it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ankismith.apkg.contents import NoteInfo
from ankismith.errors import BuildError
from ankismith.verify.importer import import_package

if TYPE_CHECKING:
    from anki.collection import Collection


class Imported(msgspec.Struct, frozen=True):
    """What one import did, note by note, as Anki's importer logs it."""

    new: int
    updated: int
    unchanged: int
    """Notes Anki already held as they are, or newer ("duplicate" in Anki's log)."""
    conflicting: int
    """Notes not updated because their note type changed (a note type copy)."""


class LockedError(BuildError):
    """The collection is open in a running Anki."""


@contextlib.contextmanager
def opened(path: Path) -> Iterator[Collection]:
    """Yield the collection at ``path``, closed afterwards; refuse one a running Anki holds."""
    try:
        from anki.collection import Collection
        from anki.errors import DBError
    except ImportError:
        raise BuildError(
            "a closed collection is opened with Anki's Python package: "
            "pip install 'ankismith[verify]' (or reach a running Anki with --anki-connect)"
        ) from None
    if not path.is_file():
        raise BuildError(f"{path}: no such collection file")
    try:
        col = Collection(str(path))
    except DBError:
        raise LockedError(
            f"{path}: the collection is open in a running Anki (it is locked); close Anki, "
            "or use --anki-connect; nothing was pushed or pulled"
        ) from None
    try:
        yield col
    finally:
        col.close()


def import_deck(col: Collection, apkg: Path) -> Imported:
    """Import ``apkg`` as File > Import does, with its default options; return what it did."""
    log = import_package(col, apkg)
    return Imported(len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting))


def _info(col: Collection, note_id: int) -> NoteInfo:
    note = col.get_note(note_id)  # type: ignore[arg-type]
    assert col.db is not None, "the collection is open"
    decks = col.db.list("select distinct did from cards where nid = ?", note_id)
    names = tuple(sorted(col.decks.name(d) for d in decks))
    return NoteInfo(
        key=note.guid,
        guid=note.guid,
        notetype=int(note.mid),
        fields=tuple(note.items()),
        tags=tuple(sorted(note.tags)),
        decks=names,
        mtime=int(note.mod),
        note_id=int(note.id),
    )


def notes(col: Collection, guids: Iterable[str], decks: Iterable[str]) -> dict[str, NoteInfo]:
    """Return, by GUID, the notes with these GUIDs and every note in these decks."""
    assert col.db is not None, "the collection is open"
    wanted = set(guids)
    found: dict[str, NoteInfo] = {}
    for note_id, guid in col.db.all("select id, guid from notes"):
        if guid in wanted:
            found[guid] = _info(col, note_id)
    for deck in decks:
        quoted = deck.replace("\\", "\\\\").replace('"', '\\"')
        for note_id in col.find_notes(f'"deck:{quoted}"'):
            info = _info(col, note_id)
            found.setdefault(info.guid, info)
    return found
