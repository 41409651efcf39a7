"""{{c1,2::...}} in real Anki 26.05+: one card per number, each hiding the text, as preview shows."""

from __future__ import annotations

from pathlib import Path

from ankismith.preview.anki_cloze import cloze_filter
from tests.helpers import DECK_YAML, WriteTree, release, text
from tests.helpers_anki import install

CARDS = """---
type: cloze
---

## {{c1,2::Bern}} is the capital of {{c3::Switzerland}}.
<!-- id: bern -->

### Explanation

The federal city.
"""


def test_a_deletion_on_two_cards_makes_both_and_hides_its_text_on_each(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    apkg = release(
        write_tree({"deck.yaml": DECK_YAML, "a.md": CARDS}), tmp_path / "out", 1800000000
    )
    col = install(apkg, tmp_path / "col")
    try:
        (note_id,) = col.find_notes("")
        note = col.get_note(note_id)
        cards = sorted(note.cards(), key=lambda c: c.ord)
        assert [c.ord for c in cards] == [0, 1, 2]
        field = note["Text"]
        for card in cards:
            question = card.question()
            hidden = "Bern" if card.ord < 2 else "Switzerland"
            assert hidden not in text(question) and "[...]" in text(question)
            # The preview's cloze filter gives what Anki gives.
            assert cloze_filter(field, card.ord + 1, question=True) in question
    finally:
        col.close()
