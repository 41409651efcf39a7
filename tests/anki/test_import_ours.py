"""Decks built by ankismith come back as our own kinds and survive the round trip."""

from __future__ import annotations

from pathlib import Path

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
