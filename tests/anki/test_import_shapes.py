"""Fields whose text or code a card file could read as structure come back as the same cards.

A card file is read line by line for its cards (``## `` starts one, ``### `` a section, a fence
hides both, ``<!--`` opens metadata) and then as Markdown: text that looks like either, and code
blocks in lists, table cells, quotes or at the start of a question, must stay in their field.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankismith.apkg.contents import NoteInfo
from ankismith.importing.cards import CardWriter
from ankismith.importing.convert import to_markdown
from ankismith.model import NoteKind
from ankismith.parse.settings import DeckSettings
from ankismith.render.fields import Renderer, clean
from ankismith.text import visible_text
from tests.anki.roundtrip import add, add_vocab_type, round_trip
from tests.helpers import examples, parse_text
from tests.helpers_anki import export_apkg, open_collection

# Lines a card file or Markdown reads as structure, as an Anki field holds them (text).
LINES = [
    "# h1 words",
    "## new card",
    "### Answer",
    "###### six",
    "#tag",
    "##x",
    "C #",
    "a ## b ##",
    "```",
    "~~~",
    "```` python",
    "<!-- id: x -->",
    "-->",
    "---",
    "***",
    "___",
    "===",
    "> quote",
    "- item",
    "+ item",
    "* item",
    "1. one",
    "1) one",
    "[x] done",
    "[ ] not",
    "[^1]",
    "$x$",
    "$$y$$",
    "| a | b |",
    "|---|---|",
    "a ~~b~~ c",
    "x\\",
    "{{c1::a}}",
]
CODE = "## x\n```\n  ### Answer\n<!-- id: y -->\n~~~\n---"
# Where a piece of text or a code block can stand, "{}" for it.
PLACES = {
    "start": "{}",
    "after-break": "x<br>{}<br>y",
    "div": "<div>x</div><div>{}</div>",
    "list": "<ul><li>a{}</li><li>{}</li></ul>",
    "ordered": "<ol><li>{}</li></ol>",
    "nested": "<ul><li>a<ul><li>{}</li></ul></li></ul>",
    "cell": "<table><tr><th>{}</th></tr><tr><td>{}</td></tr></table>",
    "quote": "<blockquote>{}</blockquote>",
    "bold": "<b>{}</b> and <a href='https://x.org'>{}</a>",
    "kept": "<kbd>{}</kbd> <sub>{}</sub>",
    "details": "<details><summary>{}</summary>{}</details>",
    "heading": "<h2>{}</h2>",
}
SETTINGS = DeckSettings(name="D", namespace="d")


def shapes() -> dict[str, str]:
    """Return every hostile line and code block in every place, by a name."""
    found = {}
    for place, where in PLACES.items():
        for number, line in enumerate(LINES):
            found[f"{place}-line-{number}"] = where.replace("{}", html.escape(line, quote=False))
        found[f"{place}-pre"] = where.replace("{}", f"<pre>{html.escape(CODE)}</pre>")
        found[f"{place}-code"] = where.replace("{}", f"<code>{html.escape(CODE)}</code>")
    return found


def same_text(rendered: str, original: str) -> bool:
    return "".join(visible_text(rendered).split()) == "".join(visible_text(original).split())


def card_text(question: str, answer: str) -> str:
    """Return the card file text ``ankismith import`` writes for a basic note."""
    note = NoteInfo("k", "g", 1, (("Front", question), ("Back", answer)), (), ("D",), 0)
    card = CardWriter({}).card(note, "q", NoteKind.BASIC, None)
    return "\n".join(card.lines) + "\n"


@pytest.mark.parametrize(
    ("field", "markdown"),
    [
        # Before: the ``` inside the code closed a ``` fence; the rest became text.
        ("<pre>a\n```\nb</pre>", "````\na\n```\nb\n````"),
        # Before: "- ```", a fence no reader sees, so "## x" started a card.
        ("<ul><li><pre>## x</pre></li></ul>", "- <span></span>\n  ```\n  ## x\n  ```"),
        # Before: "| ``` ## x ```   y ``` |", the lines run together.
        (
            "<table><tr><td><pre>## x\n  y</pre></td></tr></table>",
            '|  |\n| --- |\n| `## x`<br><span style="white-space: pre">  </span>`y` |',
        ),
        # Before: a code span over two lines, the second a card heading.
        ("a <code>x\n## y</code>", "a `x ## y`"),
        # Before: "#tag" (a heading in Python-Markdown), "$5 $6" (math), "[^1]" (display math
        # once escaped), "~~" (struck through).
        ("#tag costs $5", "\\#tag costs \\$5"),
        ("x<br>[^1]", "x<br>\n&#91;^1\\]"),
        ("a ~~b~~ c", "a \\~\\~b\\~\\~ c"),
        ("<pre><pre>x</pre></pre>", "```\nx\n```"),
        # Before: "## **a" as the heading, "b**" under it: the stars shown.
        ("<b>a<br>b</b>", "**a**<br>\n**b**"),
        # Before: "**a**b****".
        ("<b>a<b>b</b></b>", "**ab**"),
        # Before: "- btail" and "x\n> q" (the quote read as more of the text above).
        ("<ul><li>a<ul><li>b</li></ul>tail</li></ul>", "- a\n  - b\n\n  tail"),
        ("x<blockquote>q</blockquote>", "x\n\n> q"),
        # Before: "`a``b`", one code span holding two backticks.
        ("<code>a</code><code>b</code>", "`a`<span></span>`b`"),
        # Before: Python-Markdown dropped the last '#' as a closing one.
        ("<h1>a ##</h1>", "#### a \\#\\#"),
        # Before: " + x" (a list item after the space).
        ("x<br>  + y", "x<br>\n \\+ y"),
    ],
)
def test_structure_stays_in_its_field(field: str, markdown: str) -> None:
    assert to_markdown(field, {}).markdown == markdown


def test_a_question_that_starts_with_a_block_gets_an_empty_heading() -> None:
    # Before: "## ```", the code's "## x" the next card's heading.
    text = card_text("<pre>## x</pre>Which?", "A")
    assert text.startswith("## <div></div>\n<!-- id: q; guid: g -->\n\n```\n## x\n```\n\nWhich?\n")


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        (
            "<pre>H<sub>2</sub>O</pre>",
            "<sub> inside code cannot be kept in Markdown code; its text was kept",
        ),
        (
            "<code><img src='a.png'></code>x",
            "an image inside code cannot be kept in Markdown code; it was dropped",
        ),
        (
            "<table><tr><td><ul><li>a</li></ul></td></tr></table>",
            "a list in a table cell cannot be kept; its items became lines",
        ),
        (
            "<table><tr><td>a<hr>b</td></tr></table>",
            "a rule (<hr>) in a table cell cannot be kept; it became a break",
        ),
        ("<b><pre>x</pre></b>", "<b> around a block cannot be kept; its text was kept"),
        ("<ol><li><h1>T</h1></li></ol>", "a heading in a list item is written as bold text"),
    ],
)
def test_what_a_code_block_or_cell_cannot_hold_is_reported(field: str, problem: str) -> None:
    assert to_markdown(field, {"a.png": "a.png"}).problems == (problem,)


# HTML built from those pieces, nested in the places Markdown treats apart.
WRAPPERS = [
    ("<pre>", "</pre>"),
    ("<code>", "</code>"),
    ("<ul><li>", "</li></ul>"),
    ("<ol><li>", "</li><li>x</li></ol>"),
    ("<table><tr><td>", "</td><td>2</td></tr></table>"),
    ("<table><tr><th>", "</th></tr><tr><td>1</td></tr></table>"),
    ("<blockquote>", "</blockquote>"),
    ("<div>", "</div>"),
    ("<p>", "</p>"),
    ("<b>", "</b>"),
    ("<h1>", "</h1>"),
    ("<kbd>", "</kbd>"),
    ("<details><summary>s</summary>", "</details>"),
    ('<span style="color: red">', "</span>"),
]
PIECES = [
    *(html.escape(line, quote=False) for line in LINES),
    "<br>",
    "\n",
    "  ",
    "x",
    "\n  y",
    html.escape(CODE),
    f"<pre>{html.escape(CODE)}</pre>",
    f"<code>{html.escape(CODE)}</code>",
]


def nested(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Return HTML of one wrapper around one to three pieces of ``inner``."""
    pieces = st.lists(inner, min_size=1, max_size=3).map("".join)
    return st.tuples(st.sampled_from(WRAPPERS), pieces).map(lambda w: w[0][0] + w[1] + w[0][1])


HOSTILE_HTML = st.recursive(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join), nested, max_leaves=8
).filter(lambda field: bool(visible_text(field).strip()))


@given(HOSTILE_HTML, HOSTILE_HTML)
@settings(max_examples=examples())
def test_hostile_fields_come_back_as_one_card_with_their_text(question: str, answer: str) -> None:
    cards, errors = parse_text(SETTINGS, card_text(question, answer))
    assert errors == []
    assert len(cards) == 1
    renderer = Renderer()
    assert same_text(clean(renderer.html(cards[0].question), renderer), question)
    assert same_text(clean(renderer.html(cards[0].answer), renderer), answer)


def test_hostile_deck_round_trip_in_anki(tmp_path: Path) -> None:
    """Each shape as a question, then as an answer, and in a note type of four fields."""
    (tmp_path / "author").mkdir()
    col = open_collection(tmp_path / "author" / "collection.anki2")
    try:
        add_vocab_type(col)
        for name, field in shapes().items():
            add(col, "Basic", "Hostile", [], Front=f"{field}<br>first {name}", Back="back")
            add(col, "Basic", "Hostile", [], Front=f"second {name}", Back=field)
            add(col, "Vocab", "Hostile", [], Word=f"third {name}", Meaning=field, Example=field)
        deck = col.decks.id("Hostile")
        assert deck is not None
        original = export_apkg(col, deck, tmp_path / "original.apkg")
    finally:
        col.close()
    # Same notes and note types, same scheduling, every card's question and answer the same.
    round_trip(original, tmp_path).learner.close()
