"""One fence scanner: the parser, choice options and the <script> rule agree on what is code."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from ankismith.model import NoteKind, SourceFile
from ankismith.parse.fences import closes, opening, outside_code
from ankismith.parse.scanner import parse_source
from ankismith.parse.settings import DeckSettings
from ankismith.pipeline import check
from tests.helpers import WriteTree

# Not a fence in CommonMark: a backtick fence's info string cannot hold a backtick.
TEXT_LINE = "```a`b"


@pytest.mark.parametrize(
    ("line", "fence"),
    [
        ("```", "```"),
        ("```python", "```"),
        ("   ````", "````"),
        ("~~~a`b", "~~~"),  # tilde fences may have backticks in their info string
        (TEXT_LINE, None),
        ("    ```", None),  # four spaces: an indented code block, not a fence
        ("``", None),
    ],
)
def test_opening(line: str, fence: str | None) -> None:
    assert opening(line) == fence


@pytest.mark.parametrize(
    ("line", "fence", "closed"),
    [
        ("```", "```", True),
        ("`````  ", "```", True),
        ("``", "```", False),
        ("~~~", "```", False),
        ("```x", "```", False),
        ("    ```", "```", False),
    ],
)
def test_closes(line: str, fence: str, closed: bool) -> None:
    assert closes(line, fence) is closed


def test_outside_code_skips_fences_and_their_contents() -> None:
    lines = ["a", "```", "code", "```", TEXT_LINE, "~~~", "```", "~~~", "b"]
    assert list(outside_code(lines)) == [(0, "a"), (4, TEXT_LINE), (8, "b")]


def test_a_backtick_line_above_options_keeps_the_choice_card() -> None:
    text = f"## Pick one\n<!-- id: pick -->\n\n{TEXT_LINE}\n\n- [x] right\n- [ ] wrong\n"
    source = SourceFile("a.md", PurePosixPath("a.md"), text)
    cards, errors = parse_source(source, DeckSettings("D", "d"))
    assert errors == []
    assert [(c.kind, len(c.choices)) for c in cards] == [(NoteKind.CHOICE, 2)]


def test_the_script_rule_sees_a_tag_after_a_backtick_line(write_tree: WriteTree) -> None:
    text = (
        "## Q\n<!-- id: q -->\n### Answer\n"
        f"{TEXT_LINE}\n\n<script>x()</script>\n### Explanation\nE\n"
    )
    found = check(write_tree({"a.md": text})).diagnostics
    assert [(d.location.line, d.code) for d in found] == [(6, "script-tag")]
