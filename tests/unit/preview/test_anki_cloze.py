"""Cloze deletions as Anki's backend renders them: hints, nesting, one card per number."""

from __future__ import annotations

import pytest

from ankismith.preview.anki_cloze import (
    cloze_filter,
    cloze_numbers,
    cloze_only,
    encode_attribute,
    reveal,
    strip_tags,
)

TWO = "{{c1::Paris}} is in {{c2::France::country}}"


@pytest.mark.parametrize(
    ("ordinal", "question", "expected"),
    [
        (
            1,
            True,
            '<span class="cloze" data-cloze="Paris" data-ordinal="1">[...]</span> is in '
            '<span class="cloze-inactive" data-ordinal="2">France</span>',
        ),
        (
            2,
            True,
            '<span class="cloze-inactive" data-ordinal="1">Paris</span> is in '
            '<span class="cloze" data-cloze="France" data-ordinal="2">[country]</span>',
        ),
        (
            2,
            False,
            '<span class="cloze-inactive" data-ordinal="1">Paris</span> is in '
            '<span class="cloze" data-ordinal="2">France</span>',
        ),
        (3, True, ""),  # no such deletion: no card
    ],
)
def test_one_deletion_is_hidden_or_shown_the_others_stay(
    ordinal: int, question: bool, expected: str
) -> None:
    assert reveal(TWO, ordinal, question) == expected


def test_a_nested_deletion_hides_inside_its_outer_one() -> None:
    text = "{{c1::big {{c2::red}} car}}"
    assert reveal(text, 2, question=True) == (
        '<span class="cloze-inactive" data-ordinal="1">big '
        '<span class="cloze" data-cloze="red" data-ordinal="2">[...]</span> car</span>'
    )
    # The outer question hides the whole, the inner markup kept escaped in data-cloze.
    outer = reveal(text, 1, question=True)
    assert outer.startswith('<span class="cloze" data-cloze="big&#x20;&lt;span&#x20;class')
    assert outer.endswith('data-ordinal="1">[...]</span>')
    assert cloze_only(text, 1, question=False) == "big red car"
    assert cloze_only(text, 2, question=True) == "..."


@pytest.mark.parametrize(
    ("fields", "numbers"),
    [
        (["{{c1::a}} {{c3::b}}", "{{c2::x {{c4::y}}}}"], [1, 2, 3, 4]),
        (["{{c2::a}} {{c2::b}}"], [2]),
        (["{{c0::zero}} {{c65535::top}}"], [65535]),  # c0 makes no card
        (["{{c65536::too big}}", "plain }} text"], []),  # not a u16: plain text
        (["{{c1::never closed"], []),
    ],
)
def test_card_numbers_are_the_deletion_numbers_used(fields: list[str], numbers: list[int]) -> None:
    assert cloze_numbers(fields) == numbers


def test_a_stray_closing_brace_pair_stays_text() -> None:
    assert reveal("a}} {{c1::b}}", 1, question=False) == (
        'a}} <span class="cloze" data-ordinal="1">b</span>'
    )


def test_cloze_only_lists_every_deletion_of_the_number() -> None:
    text = "{{c1::one}}, {{c2::two}} and {{c1::three::hint}}"
    assert cloze_only(text, 1, question=True) == "..., hint"
    assert cloze_only(text, 1, question=False) == "one, three"
    assert cloze_only(text, 5, question=False) == ""


def test_the_filter_strips_html_inside_mathjax_only() -> None:
    text = r"<b>Sum</b> \(a + {{c1::b}}\)"
    assert cloze_filter(text, 1, question=True) == r"<b>Sum</b> \(a + [...]\)"
    assert cloze_filter(text, 1, question=False) == r"<b>Sum</b> \(a + b\)"


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("a1Z", "a1Z"),
        ("\"&'<>", "&quot;&amp;&#x27;&lt;&gt;"),
        ("a b=é", "a&#x20;b&#x3D;&#xE9;"),
        ("€ ñ", "€&#x20;&#xF1;"),  # above 255: kept
    ],
)
def test_attribute_escaping_follows_the_htmlescape_crate(text: str, encoded: str) -> None:
    assert encode_attribute(text) == encoded


def test_strip_tags_drops_tags_comments_styles_and_scripts_not_entities() -> None:
    html = "<b>x</b><!-- c --><style>p {}</style><SCRIPT>go()</SCRIPT> &amp; y<br/>"
    assert strip_tags(html) == "x &amp; y"
