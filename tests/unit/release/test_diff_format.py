"""Release notes: a card moved to another file or deck is not listed as corrected."""

from __future__ import annotations

from ankismith.release.diff import CardChange, DeckDiff, FieldChange
from ankismith.release.diff_format import as_markdown


def test_a_card_only_moved_is_listed_apart_from_corrected_cards() -> None:
    moved = CardChange(
        "lora",
        (
            FieldChange("Source", (("-", "lora.md"), ("+", "Methods/lora.md"))),
            FieldChange("deck", (("-", "D"), ("+", "D::Methods"))),
        ),
    )
    fixed = CardChange("rank", (FieldChange("Answer", (("-", "Two."), ("+", "Eight."))),))
    diff = DeckDiff("v1", "v2", (), (), (moved, fixed), (), (), (), ())
    notes = as_markdown(diff)
    assert "### Corrected cards\n\n- `rank`: Answer: ~~Two.~~ **Eight.**\n" in notes
    assert (
        "### Moved cards (the same text in another file or deck: nothing to relearn)\n\n"
        "- `lora`: Source: ~~lora.md~~ **Methods/lora.md**; deck: ~~D~~ **D::Methods**\n"
    ) in notes
