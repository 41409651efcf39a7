"""Text helpers: the one visible-text rule, plurals, line splitting, one-line messages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slugify import slugify

from ankismith.text import one_line, plural, slug, split_lines, visible_text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("What is <code>r</code>?", "What is r?"),  # inline tags join their text
        ("<b>Lo</b>RA &amp; QLoRA", "LoRA & QLoRA"),
        ("<p>one</p><p>two</p>", "one two"),  # block tags keep their text apart
        ("a<br>b", "a b"),
        ("<ol><li>x</li><li>y</li></ol>", "x y"),
        ("<table><tr><td>1</td><td>2</td></tr></table>", "1 2"),
        ("<style>.a{}</style>seen<script>x()</script><!-- hidden -->", "seen"),
        ("  spaced \n out  ", "spaced out"),
    ],
)
def test_visible_text(html: str, text: str) -> None:
    assert visible_text(html) == text


def test_plural() -> None:
    assert [plural(n, "card") for n in (0, 1, 2)] == ["0 cards", "1 card", "2 cards"]


def test_split_lines_counts_lines_as_editors_do() -> None:
    assert split_lines("a\r\nb\rc\nd\x0ce") == ["a", "b", "c", "d\x0ce"]


def test_one_line_escapes_breaks_and_bad_bytes() -> None:
    assert one_line("a\nb\x00c\udcff") == "a\\nb\\x00c\\xff"


@given(st.text(alphabet="aZ09 -_.é'", max_size=12) | st.from_regex(r"[A-Za-z0-9]+( [A-Za-z0-9]+)*"))
def test_slug_of_plain_words_is_slugify_s(text: str) -> None:
    # Plain ASCII words are slugged without importing slugify: it must make the same slug.
    assert slug(text) == slugify(text, max_length=0, word_boundary=False, save_order=True)


@pytest.mark.parametrize("name", ["Benchmark 1000", "Spanish Vocab", "A", "x 1 y"])
def test_slug_of_a_plain_name(name: str) -> None:
    assert slug(name) == slugify(name, save_order=True) == name.lower().replace(" ", "-")
