"""Decks built by ankismith come back as our own kinds and survive the round trip."""

from __future__ import annotations

from pathlib import Path

from ankismith.apkg.reader import read_package
from ankismith.model import NoteKind
from ankismith.notetypes.builtin import Owner
from tests.anki.roundtrip import REBUILD, import_cli, round_trip, second_release
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
    # An id with a random part (as init writes) is not the name's slug: only --id finds it.
    tree["deck.yaml"] = "name: Test Deck\nid: test-deck-x7k2q\nnote_type_ids: own\n"
    random_apkg = release(write_tree(tree), tmp_path / "random", EPOCH)
    package = read_package(random_apkg)
    guess = tmp_path / "guess"
    import_cli(random_apkg, guess)
    assert "note_type_ids" not in (guess / "deck.yaml").read_text(encoding="utf-8")
    assert (guess / "_notetypes").is_dir()  # custom note types: safe, but not our kinds
    wrong = import_cli(random_apkg, tmp_path / "wrong", "--id", "test-deck-zzzzz")
    assert "--id 'test-deck-zzzzz' matches no note" in wrong
    given = tmp_path / "given"
    assert "matches no" not in import_cli(random_apkg, given, "--id", "test-deck-x7k2q")
    settings = (given / "deck.yaml").read_text(encoding="utf-8")
    assert "\nnote_type_ids: own\n" in settings and "id: test-deck-x7k2q\n" in settings
    assert not (given / "_notetypes").exists()
    rebuilt = read_package(release(given, tmp_path / "given-rebuilt", REBUILD))
    assert {t.id for t in rebuilt.notetypes} == {t.id for t in package.notetypes}
    assert {n.guid for n in rebuilt.notes} == {n.guid for n in package.notes}
