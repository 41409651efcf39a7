"""Decks built by ankismith come back as our own kinds and survive the round trip."""

from __future__ import annotations

from pathlib import Path

from ankismith.apkg.reader import read_package
from ankismith.model import NoteKind
from ankismith.notetypes.builtin import Owner
from tests.anki.roundtrip import round_trip, second_release
from tests.helpers import EPOCH, WriteTree, release, rich_tree


def test_our_five_kinds_round_trip(write_tree: WriteTree, tmp_path: Path) -> None:
    original = release(write_tree(rich_tree()), tmp_path / "original", EPOCH)
    trip = round_trip(original, tmp_path)
    try:
        cards = (trip.content / "cards.md").read_text(encoding="utf-8")
        assert "<!-- id: lora-cloze; type: cloze; guid: " in cards
        assert "- [x] LoRA\n- [ ] Full fine-tuning" in cards
        assert "### Explanation" in cards and "### Answer" in cards
        assert not (trip.content / "_notetypes").exists()
        assert "id: test-deck" in (trip.content / "deck.yaml").read_text(encoding="utf-8")
        assert (trip.content / "Sub" / "more.md").is_file()
        second_release(trip, tmp_path, "A small bottleneck layer", "A narrow bottleneck layer")
    finally:
        trip.learner.close()


def test_our_kinds_with_the_decks_own_ids_come_back_as_own(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    tree = rich_tree()
    tree["deck.yaml"] = "name: Test Deck\nid: test-deck\nnote_type_ids: own\n"
    original = release(write_tree(tree), tmp_path / "original", EPOCH)
    owner = Owner("test-deck", "Test Deck")
    own = {owner.id(kind) for kind in NoteKind if kind is not NoteKind.OCCLUSION}
    shipped = {t.id for t in read_package(original).notetypes}
    assert shipped and shipped <= own
    trip = round_trip(original, tmp_path)  # no note type copied, every note updated in place
    try:
        settings = (trip.content / "deck.yaml").read_text(encoding="utf-8")
        assert "\nnote_type_ids: own\n" in settings and "id: test-deck\n" in settings
        assert not (trip.content / "_notetypes").exists()
        cards = (trip.content / "cards.md").read_text(encoding="utf-8")
        assert "<!-- id: lora-cloze; type: cloze; guid: " in cards
        assert {t.id for t in read_package(trip.apkg).notetypes} == shipped
    finally:
        trip.learner.close()
