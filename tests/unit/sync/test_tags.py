"""A card's own tags follow Anki's."""

from __future__ import annotations

from ankismith.model import Card, Location, NoteKind
from ankismith.sync.tags import retag


def _card(meta_line: int) -> Card:
    return Card(Location("a.md", 1), NoteKind.BASIC, "one", True, "Q?", "A", meta_line=meta_line)


def test_added_and_removed_tags_are_written() -> None:
    text = "## Q?\n<!-- id: one; tags: a b; type: basic -->\n"
    new, message = retag(text, _card(2), ("a", "b", "deck"), ("a", "c", "deck"))
    assert new == "## Q?\n<!-- id: one; tags: a c; type: basic -->\n"
    assert message == ""


def test_the_last_tag_removed_drops_the_key() -> None:
    text = "## Q?\n<!-- id: one; tags: a; type: basic -->\n"
    new, _ = retag(text, _card(2), ("a",), ())
    assert new == "## Q?\n<!-- id: one; type: basic -->\n"


def test_a_tag_from_the_file_cannot_be_removed_here() -> None:
    text = "## Q?\n<!-- id: one -->\n"
    new, message = retag(text, _card(2), ("file-tag",), ("new",))
    assert new == "## Q?\n<!-- id: one; tags: new -->\n"
    assert "file-tag" in message
