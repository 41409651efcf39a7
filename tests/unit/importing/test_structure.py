"""Converted Markdown line by line: what opens a block, fences, markup per line, escapes."""

from __future__ import annotations

import bs4
import pytest

from ankismith.importing.structure import (
    code_follows,
    escape_line_starts,
    fence_for,
    holds_block,
    per_line,
    starts_block,
    text_follows,
)


@pytest.mark.parametrize(
    ("code", "fence"),
    [("", "```"), ("a `b` ``c``", "```"), ("```", "````"), ("x\n`````\n", "``````")],
)
def test_a_fence_is_longer_than_any_backtick_run_in_the_code(code: str, fence: str) -> None:
    assert fence_for(code) == fence


@pytest.mark.parametrize(
    "line",
    [
        *("- a", "* a", "+ a", "1. a", "123456789) a", "> q", "| a |", "#tag", "$$"),
        *("<details>", "<div class='x'>", "```python", "~~~"),
    ],
)
def test_lines_that_open_a_block(line: str) -> None:
    assert starts_block(line)


@pytest.mark.parametrize(
    "line",
    ["text", "-a", "\\- a", "1\\. a", "1234567890. a", "\\#tag", "\\$\\$", "a > b", "`code`"],
)
def test_lines_that_stay_in_a_paragraph(line: str) -> None:
    assert not starts_block(line)


@pytest.mark.parametrize(
    ("text", "block"),
    [("one line", False), ("\na\nb\n", False), ("a\n\nb", True), ("a\n- b", True), ("> q", True)],
)
def test_more_than_one_paragraph_holds_a_block(text: str, block: bool) -> None:
    assert holds_block(text) is block


def test_markup_goes_on_line_by_line_with_breaks_outside() -> None:
    def bold(text: str) -> str:
        return f"**{text}**"

    assert per_line("one<br>\ntwo", bold) == "**one**<br>\n**two**"
    assert per_line("a<br>\n<br>\n  \nb", bold) == "**a**<br>\n<br>\n  \n**b**"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("#tag", "\\#tag"),
        ("  # heading", "  \\# heading"),
        ("a\n- item\n--", "a\n\\- item\n\\--"),
        ("1. one\n22) two", "1\\. one\n22\\) two"),
        ("costs $5, or $6", "costs \\$5, or \\$6"),
        ("a # b - c 1. d", "a # b - c 1. d"),
        ("-x\n1.5\n1234567890. big", "-x\n1.5\n1234567890. big"),
    ],
)
def test_line_starts_and_dollars_are_escaped(text: str, escaped: str) -> None:
    assert escape_line_starts(text) == escaped


@pytest.mark.parametrize(
    ("html", "follows"),
    [
        ("<code>a</code><code>b</code>", True),
        ("<b><code>a</code></b><i><code>b</code></i>", True),
        ("<code>a</code><pre>b</pre>", True),
        ("<code>a</code> b <code>c</code>", False),
        ("<p><code>a</code></p>", False),
    ],
)
def test_code_follows_looks_at_the_next_text_in_document_order(html: str, follows: bool) -> None:
    soup = bs4.BeautifulSoup(html, "html.parser")
    assert code_follows(soup.find("code")) is follows


def test_text_follows_ignores_white_space() -> None:
    soup = bs4.BeautifulSoup("<li><ul></ul> \n</li><li><ol></ol>after</li>", "html.parser")
    assert not text_follows(soup.find("ul"))
    assert text_follows(soup.find("ol"))


def test_code_showing_a_heading_then_an_open_backtick_fence_gets_tildes() -> None:
    # Read as if a backtick fence closed above '## x', its own closing line would pair with
    # the code's open fence: the build would take it for a fence left open by mistake.
    assert fence_for("## x\n```\n  ### Answer\n~~~\n---") == "~~~~"
    assert fence_for("a\n```\nb") == "````"
    assert fence_for("## x\n```\nb\n```") == "````"
