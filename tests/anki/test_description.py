"""The deck description in real Anki: HTML by default, Markdown that Anki renders on request."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from ankismith.apkg import buildtime
from ankismith.apkg.reader import read_package
from ankismith.cli import main
from tests.anki.learner import Learner
from tests.helpers import DECK_YAML, LORA_CARD, WriteTree, release
from tests.helpers_anki import export_apkg, install

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


def test_a_markdown_description_is_read_back_and_imported_as_markdown(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    tree: dict[str, str | bytes] = {
        "deck.yaml": DECK_YAML + DESCRIPTION + "markdown_description: true\n",
        "a.md": LORA_CARD,
    }
    apkg = release(write_tree(tree), tmp_path / "v1", V1)
    assert read_package(apkg).markdown_descriptions == ("Test Deck",)
    # Anki's own export, in its newest format (schema 18, protobuf), says the same.
    col = install(apkg, tmp_path / "col")
    try:
        deck = col.decks.by_name("Test Deck")
        assert deck is not None
        newest = export_apkg(col, deck["id"], tmp_path / "newest.apkg", legacy=False)
    finally:
        col.close()
    assert read_package(newest).markdown_descriptions == ("Test Deck",)
    result = CliRunner().invoke(main, ["import", str(newest), "-o", str(tmp_path / "imported")])
    assert result.exit_code == 0, result.output
    settings = yaml.safe_load((tmp_path / "imported" / "deck.yaml").read_text(encoding="utf-8"))
    assert settings["markdown_description"] is True
    assert (
        settings["description"] == "**Capitals** of [Europe](https://example.org).\n\nVersion 1.2"
    )
