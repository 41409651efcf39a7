"""The deck description in real Anki: HTML by default, Markdown that Anki renders on request."""

from __future__ import annotations

from pathlib import Path

from ankismith.apkg import buildtime
from tests.anki.learner import Learner
from tests.helpers import DECK_YAML, LORA_CARD, WriteTree, release

V1 = buildtime.LAYOUT_CHANGED + 86400
V2 = V1 + 86400
DESCRIPTION = "description: |\n  **Capitals** of [Europe](https://example.org).\nversion: '1.2'\n"


def top(learner: Learner) -> dict[str, object]:
    deck = learner.col.decks.by_name("Test Deck")
    assert deck is not None
    return dict(deck)


def test_the_description_is_html_by_default_and_markdown_anki_renders_when_asked(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    tree: dict[str, str | bytes] = {"deck.yaml": DECK_YAML + DESCRIPTION, "a.md": LORA_CARD}
    learner = Learner(tmp_path / "learner")
    try:
        learner.install(release(write_tree(tree), tmp_path / "v1", V1))
        deck = top(learner)
        assert not deck.get("md")
        assert "<strong>Capitals</strong>" in str(deck["desc"]) and "Version 1.2" in str(
            deck["desc"]
        )

        tree["deck.yaml"] = DECK_YAML + DESCRIPTION + "markdown_description: true\n"
        learner.install(release(write_tree(tree), tmp_path / "v2", V2))
        deck = top(learner)
        assert deck["md"] is True  # an update switches the flag, with the text
        assert deck["desc"] == "**Capitals** of [Europe](https://example.org).\n\nVersion 1.2"
        shown = learner.col.render_markdown(str(deck["desc"]))
        assert "<strong>Capitals</strong>" in shown and "Version 1.2" in shown
        assert '<a href="https://example.org"' in shown
    finally:
        learner.close()
