"""Rendering units: Markdown in, Anki field HTML out."""

from __future__ import annotations

from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

from ankismith.content.read import Content
from ankismith.model import Card, DeckSettings, Location, NoteKind
from ankismith.render.deck import render_deck
from ankismith.render.fields import _PLAIN, Renderer, card_fields


def test_special_characters_are_escaped() -> None:
    assert Renderer().html("a < b & c > d") == "<p>a &lt; b &amp; c &gt; d</p>"


def test_raw_html_is_shown_as_text() -> None:
    out = Renderer().html("Vec<String> and <script>alert(1)</script>")
    assert "<script>" not in out and "<String>" not in out
    assert "Vec&lt;String&gt;" in out and "&lt;script&gt;" in out


def test_fenced_code_and_tables() -> None:
    out = Renderer().html("```python\nif a < b:\n    pass\n```\n\n| x | y |\n|---|---|\n| 1 | 2 |")
    assert '<div class="highlight"><pre><span></span><code><span class="k">if</span>' in out
    assert '<span class="o">&lt;</span>' in out
    assert "<table>" in out and "<td>1</td>" in out


def test_reused_instance_does_not_leak_state() -> None:
    renderer = Renderer()
    first = renderer.html("Text[^1] with [ref]\n\n[ref]: http://a.example")
    second = renderer.html("[ref]")
    assert 'href="http://a.example"' in first
    assert second == "<p>[ref]</p>"


def test_empty_text_renders_empty() -> None:
    assert Renderer().html("  \n") == ""


def test_card_fields_follow_note_type_order() -> None:
    card = Card(
        location=Location("content/x.md", 1),
        kind=NoteKind.BASIC,
        card_id="c<1>",
        explicit_id=True,
        question="Q?",
        answer="**A**",
        explanation="",
        hint="h",
        tags=("t",),
        deck="D",
        source="sub/x.md",
    )
    assert card_fields(card, Renderer()) == (
        "<p>Q?</p>",
        "<p><strong>A</strong></p>",
        "",
        "<p>h</p>",
        "sub/x.md",
        "c&lt;1&gt;",
    )


def test_deck_description_is_markdown() -> None:
    settings = DeckSettings("D", "d", description="Learn *this*.")
    deck, errors, _ = render_deck(settings, Content(Path("content"), settings, ()), [], 1700000000)
    assert errors == []
    assert deck.description_html == "<p>Learn <em>this</em>.</p>"
    assert deck.timestamp == 1700000000


PLAIN_CHARACTERS = [*"aZq09 ,.;?'\"()/+=%-", "é", "ß", "ж", "中", "١", "www.", "http", "  "]
OTHERS = [*"_*`~#&<>!|$\\:@[]\t\n", "1. ", "- ", "\u00a0", "\u0301"]


@given(st.lists(st.sampled_from(PLAIN_CHARACTERS), min_size=1, max_size=30).map("".join))
def test_a_plain_line_gets_the_html_python_markdown_makes_of_it(text: str) -> None:
    assume(_PLAIN.fullmatch(text) and "www." not in text.casefold())
    renderer = Renderer()
    assert renderer.html(text) == renderer._md.reset().convert(text)


@given(st.lists(st.sampled_from(PLAIN_CHARACTERS + OTHERS), max_size=30).map("".join))
def test_any_line_gets_the_html_python_markdown_makes_of_it(text: str) -> None:
    renderer = Renderer()
    assert renderer.html(text) == (renderer._md.reset().convert(text) if text.strip() else "")


def test_plain_lines_are_recognised_and_others_are_not() -> None:
    plain = ["Learning rate", "What does LoRA freeze?", "Größe (in cm), 1/2 = 50%", "Что это"]
    for text in plain:
        assert _PLAIN.fullmatch(text), text
    for text in ["1. first", "- item", "*word*", "a_b", "x  ", "a\nb", "1/2"]:
        assert not _PLAIN.fullmatch(text), text
