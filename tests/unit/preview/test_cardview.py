"""Each Anki card of a note, both sides rendered as Anki renders them, and its title."""

from __future__ import annotations

from ankismith.model import Location, NoteKind, RenderedNote
from ankismith.notetypes.assemble import builtin_notetype
from ankismith.notetypes.labels import deck_labels
from ankismith.preview.cardview import note_cards
from ankismith.preview.index import plain


def test_the_title_leaves_out_the_folded_hint_the_front_keeps_it() -> None:
    basic = builtin_notetype(NoteKind.BASIC, {}, deck_labels("", {}))
    fields = ("<p>What is LoRA?</p>", "<p>Low-rank.</p>", "", "<p>Think of ranks.</p>", "a.md", "x")
    note = RenderedNote(basic.key, "x", fields, (), "Deck")
    [card] = note_cards(note, Location("a.md", 1), basic)
    assert plain(card.title) == "What is LoRA?"
    assert "Think of ranks." in card.front
