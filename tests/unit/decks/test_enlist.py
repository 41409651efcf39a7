"""A deck's line added to ``ankismith.yaml``: every other line, comments included, kept."""

from __future__ import annotations

import pytest

from ankismith.decks.enlist import _with_line
from ankismith.errors import BuildError


def test_the_line_follows_the_last_entry_with_its_indent_keeping_comments() -> None:
    text = (
        "# top\n"
        "decks:   # the decks\n"
        "    core: decks/core  # first\n"
        "    # a comment inside\n"
        "    extended: decks/extended\n"
        "\n"
        "# Shared things\n"
        "shared: shared\n"
    )
    assert _with_line(text, "ankismith.yaml", "more", "decks/more") == text.replace(
        "    extended: decks/extended\n",
        "    extended: decks/extended\n    more: decks/more\n",
    )


def test_a_file_without_a_final_newline_and_a_first_entry() -> None:
    assert _with_line("decks:\n  a: x", "p", "b", "y") == "decks:\n  a: x\n  b: y\n"
    assert _with_line("decks:\n", "p", "b", "y") == "decks:\n  b: y\n"


def test_a_flow_mapping_is_left_to_the_author() -> None:
    with pytest.raises(BuildError, match="add 'b: y' under 'decks:' yourself"):
        _with_line("decks: {a: x}\n", "p", "b", "y")
