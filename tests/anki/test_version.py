"""The deck version in the description learners see in Anki: deck.yaml, else the git tag."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.cli import main
from tests.helpers import LORA_CARD, WriteTree, git, init_repo, release, write_files
from tests.helpers_anki import install


def description(apkg: Path, folder: Path) -> str:
    """Import ``apkg`` into a fresh real Anki collection; return the deck's description."""
    col = install(apkg, folder)
    try:
        deck = col.decks.by_name("Test Deck")
        assert deck is not None
        return str(deck["desc"])
    finally:
        col.close()


def test_version_from_deck_yaml(write_tree: WriteTree, tmp_path: Path) -> None:
    content = write_tree(
        {"deck.yaml": "name: Test Deck\ndescription: Words.\nversion: '1.10'\n", "a.md": LORA_CARD}
    )
    shown = description(release(content, tmp_path, 1700000000), tmp_path / "learner")
    assert shown == '<p>Words.</p>\n<p class="deck-version">Version 1.10</p>'


def test_no_version_no_line(write_tree: WriteTree, tmp_path: Path) -> None:
    content = write_tree({"deck.yaml": "name: Test Deck\ndescription: Words.\n", "a.md": LORA_CARD})
    assert description(release(content, tmp_path, 1700000000), tmp_path / "l") == "<p>Words.</p>"


def test_unquoted_number_is_an_error(write_tree: WriteTree, tmp_path: Path) -> None:
    content = write_tree({"deck.yaml": "name: Test Deck\nversion: 1.10\n", "a.md": LORA_CARD})
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{content / 'deck.yaml'}:2: 'version' must be quoted text, e.g. version: '1.1'" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("yaml", "shown"), [("", "Version 1.3"), ("version: '2.0-rc'\n", "Version 2.0-rc")]
)
def test_version_from_the_tag_on_head_unless_deck_yaml_sets_one(
    tmp_path: Path, yaml: str, shown: str
) -> None:
    repo = tmp_path / "repo"
    write_files(repo / "content", {"deck.yaml": f"name: Test Deck\n{yaml}", "a.md": LORA_CARD})
    init_repo(repo, "one")
    git(repo, "tag", "v1.3")
    apkg = release(repo / "content", tmp_path / "out", 1700000000)
    assert description(apkg, tmp_path / "learner") == f'<p class="deck-version">{shown}</p>'
