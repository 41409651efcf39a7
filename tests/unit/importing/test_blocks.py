"""What the converter is taught about a card file's structure, seen through ``to_markdown``."""

from __future__ import annotations

import pytest

from ankismith.importing.convert import to_markdown
from ankismith.parse.settings import DeckSettings
from tests.helpers import parse_text

KEPT = [
    # A fence longer than the backticks the code holds.
    ("<pre>a\n```\nb</pre>", "````\na\n```\nb\n````"),
    # In a table cell: a code span per line, the indent in a white-space: pre span.
    (
        "<table><tr><th>H</th></tr><tr><td><pre>  x = 1\ny</pre></td></tr></table>",
        '| H |\n| --- |\n| <span style="white-space: pre">  </span>`x = 1`<br>`y` |',
    ),
    # A list item that starts with a block: its bullet on a line of its own.
    ("<ul><li><pre>code</pre></li></ul>", "- <span></span>\n  ```\n  code\n  ```"),
    ("<ul><li><pre>a</pre></li><li>b</li></ul>", "- <span></span>\n  ```\n  a\n  ```\n\n- b"),
    ("<ul><li><ul><li>in</li></ul>after</li></ul>", "- <span></span>\n  - in\n\n  after"),
    # A quote, or a list after a list, set apart by a blank line.
    ("text<blockquote>q</blockquote>", "text\n\n> q"),
    ("<ul><li>a</li></ul><ul><li>b</li></ul>", "- a\n\n- b"),
    # Code on one line; two code spans kept apart.
    ("<code>a\nb</code><code>c</code>", "`a b`<span></span>`c`"),
    # Emphasis and links line by line; bold in bold once.
    ("<b>one<br>two</b>", "**one**<br>\n**two**"),
    ("<i>a<br>b</i>", "*a*<br>\n*b*"),
    ('<a href="https://x.org">a<br>b</a>', "[a](https://x.org)<br>\n[b](https://x.org)"),
    ("<b>x <strong>y</strong></b>", "**x y**"),
    # What Python-Markdown would read as a heading or as math.
    ("#tag and $x$", "\\#tag and \\$x\\$"),
]


@pytest.mark.parametrize(("html", "markdown"), KEPT)
def test_structure_is_kept_inside_the_field(html: str, markdown: str) -> None:
    converted = to_markdown(html, {})
    assert (converted.markdown, converted.problems) == (markdown, ())


@pytest.mark.parametrize(
    ("html", "markdown", "problem"),
    [
        ("<b><pre>x</pre></b>", "```\nx\n```", "<b> around a block cannot be kept"),
        (
            "<table><tr><td><ul><li>a</li><li>b</li></ul></td></tr></table>",
            "|  |\n| --- |\n| a<br>b |",
            "a list in a table cell cannot be kept; its items became lines",
        ),
        (
            "<table><tr><td>a<hr>b</td></tr></table>",
            "|  |\n| --- |\n| a<br>b |",
            "a rule (<hr>) in a table cell cannot be kept; it became a break",
        ),
    ],
)
def test_what_markdown_cannot_hold_is_reported_and_its_text_kept(
    html: str, markdown: str, problem: str
) -> None:
    converted = to_markdown(html, {})
    assert converted.markdown == markdown
    assert [p[: len(problem)] for p in converted.problems] == [problem]


@pytest.mark.parametrize(("html", "markdown"), KEPT)
def test_the_card_file_reader_finds_the_field_whole(html: str, markdown: str) -> None:
    text = f"## Q\n<!-- id: q -->\n### Answer\n{markdown}\n### Explanation\nE\n"
    cards, errors = parse_text(DeckSettings(name="D", namespace="d"), text)
    assert errors == []
    assert [(c.answer.strip(), c.explanation.strip()) for c in cards] == [(markdown, "E")]


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("<pre>a\n<pre>b</pre></pre>", "a b"),
        ("<pre>in <pre>pre</pre></pre>", "in pre"),
        ("<code>a <ul><li>b</li></ul></code>", "a b"),
    ],
    ids=["pre-newline", "pre-space", "code-list"],
)
def test_a_block_inside_code_keeps_the_words_apart(html: str, words: str) -> None:
    assert to_markdown(html, {}).markdown.strip("`\n").split() == words.split()
