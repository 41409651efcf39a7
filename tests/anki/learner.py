"""A learner's real Anki collection: import releases, review cards, read back what they kept."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from anki.import_export_pb2 import ImportResponse

from tests.helpers_anki import import_apkg, open_collection


@dataclass(frozen=True)
class CardState:
    """What scheduling a learner has on one card."""

    card_id: int
    ord: int
    type: int
    queue: int
    ivl: int
    reps: int
    revlog: int


@dataclass(frozen=True)
class NoteState:
    """One note as the learner's collection holds it."""

    note_id: int
    mid: int
    fields: dict[str, str]
    cards: tuple[CardState, ...]


def counts(log: ImportResponse.Log) -> tuple[int, int, int, int]:
    """Return the import log as (new, updated, duplicate, conflicting) note counts."""
    return len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting)


class Learner:
    """One collection, as on a learner's phone."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.col = open_collection(folder / "collection.anki2")

    def install(self, apkg: Path) -> ImportResponse.Log:
        """Import a release with Anki's default options."""
        return import_apkg(self.col, apkg)

    def review_all(self) -> None:
        """Answer every card "Easy" once through the scheduler, making it a review card."""
        for card_id in self.col.find_cards(""):
            card = self.col.get_card(card_id)
            card.start_timer()
            self.col.sched.answerCard(card, 4)

    def notes(self) -> dict[str, NoteState]:
        """Return every note by GUID, with its fields and its cards' scheduling."""
        notes = {}
        for note_id in self.col.find_notes(""):
            note = self.col.get_note(note_id)
            cards = tuple(
                CardState(
                    card.id,
                    card.ord,
                    card.type,
                    card.queue,
                    card.ivl,
                    card.reps,
                    self.col.db.scalar("select count() from revlog where cid = ?", card.id),
                )
                for card in sorted(note.cards(), key=lambda c: c.ord)
            )
            notes[note.guid] = NoteState(note.id, note.mid, dict(note.items()), cards)
        return notes

    def notetypes(self) -> dict[int, str]:
        """Return every note type, id to name."""
        return {nt.id: nt.name for nt in self.col.models.all_names_and_ids()}

    def close(self) -> None:
        """Close the collection."""
        self.col.close()
