"""Deck and card ids that cannot collide: unrelated decks in one learner's collection, real Anki."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ankismith.cli import main
from ankismith.pipeline import check
from tests.anki.learner import Learner, counts
from tests.helpers import EPOCH, release, write_files

CAT = "## Что такое «кошка»?\n\n### Answer\n\nA cat.\n\n### Explanation\n\nCats purr.\n"


def deck(root: Path, name: str) -> Path:
    """Write a deck of one Cyrillic card, with no ids at all, and let 'ankismith ids' add them."""
    content = write_files(root / "content", {"deck.yaml": f"name: {name}\n", "cat.md": CAT})
    result = CliRunner().invoke(main, ["ids", str(content)])
    assert result.exit_code == 0, result.output
    return content


def test_two_unrelated_decks_keep_their_own_notes(tmp_path: Path) -> None:
    first, second = deck(tmp_path / "a", "Кошки"), deck(tmp_path / "b", "Кошки")
    assert "<!-- id: chto-takoe-koshka -->" in (first / "cat.md").read_text()
    learner = Learner(tmp_path / "learner")
    try:
        assert counts(learner.install(release(first, tmp_path / "a", EPOCH))) == (1, 0, 0, 0)
        assert counts(learner.install(release(second, tmp_path / "b", EPOCH + 60))) == (1, 0, 0, 0)
        assert len(learner.notes()) == 2
    finally:
        learner.close()
    assert [d.code for d in check(first).diagnostics] == []


def test_a_deck_id_that_others_could_share_is_warned_about(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", {"deck.yaml": "name: Кошки\n", "cat.md": CAT})
    (warning,) = [d for d in check(content).diagnostics if d.code == "deck-id"]
    assert warning.message.startswith(
        "deck.yaml has no 'id', so the deck id is 'deck', made from the name: renaming the deck "
        "would give learners every card again, and another deck of that name would overwrite "
        "its notes. Not released yet: add 'id: koshki-"
    )
    assert warning.message.endswith("Released: add 'id: deck' to keep it")
    (content / "deck.yaml").write_text("name: Spanish vocab\nid: spanish-vocab\n")
    (warning,) = [d for d in check(content).diagnostics if d.code == "deck-id"]
    assert (str(warning.location), warning.message.split(":")[0]) == (
        f"{content}/deck.yaml:2",
        "deck id 'spanish-vocab' has no random part",
    )
    assert "turn this warning off with 'checks: {deck-id: off}'" in warning.message
