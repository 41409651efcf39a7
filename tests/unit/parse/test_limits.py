"""Limits per file: counting only what the whole text could hold too much of finds the same."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankismith.parse import limits
from ankismith.parse.limits import RUNS, UNCLOSED_BRACKETS, UNCLOSED_LINKS, text_limits
from tests.helpers import examples

# Lines near and past each limit, fences that hide them, and blank lines between paragraphs.
PIECES = [
    "a",
    " ",
    "[",
    "](",
    ")",
    "]",
    "*",
    "_",
    "`",
    "\\",
    "[" * 20,
    "](" * 20,
    "*" * 70,
    "_" * 70,
    "`" * 130,
    "\\" * 130,
    "```",
    "~~~",
    "````",
    "  ```",
    "```a`b",
    "> ",
    "- ",
    "1. ",
    ">" * 12,
    "\t" * 8,
    " " * 30,
    "x" * 5000,
]
LINES = st.lists(
    st.lists(st.sampled_from(PIECES), max_size=6).map("".join), min_size=1, max_size=12
)


@given(LINES)
@settings(max_examples=examples())
def test_skipping_what_cannot_be_past_a_limit_finds_what_checking_everything_finds(
    lines: list[str],
) -> None:
    quick = text_limits(lines, "x.md")
    every = frozenset(run.name for run in [*RUNS.values(), UNCLOSED_BRACKETS, UNCLOSED_LINKS])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(limits, "_may_fence", lambda text: True)
        patch.setattr(limits, "_suspects", lambda text: every)
        patch.setattr(limits, "_nested_deep", lambda text: True)
        patch.setattr(limits, "_chunks_within", lambda text, suspects: False)
        assert text_limits(lines, "x.md") == quick


def test_nesting_and_long_lines_are_found_after_the_quick_checks() -> None:
    lines = ["a", "", "\t" * 16 + "- deep", "x" * 10_001, ">" * 33 + " quoted"]
    found = [(f.location.line, f.message.split(",")[0]) for f in text_limits(lines, "x.md")]
    assert found == [
        (3, "lists or quotes nested 33 deep"),
        (4, "line of 10001 characters"),
    ]


def test_a_paragraph_past_a_limit_is_found_with_fences_elsewhere() -> None:
    lines = ["```", "*" * 200, "```", "", "a " + "*" * 65, "*" * 65, "", "[" * 33]
    found = [(f.location.line, f.message.split(" in ")[0]) for f in text_limits(lines, "x.md")]
    assert found == [(5, "130 '*' and '_'"), (8, "33 unclosed '['")]
