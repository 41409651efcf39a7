"""Near-miss cloze deletions: each reported at its own line with the fix; right ones pass."""

from __future__ import annotations

import pytest

from ankismith.parse.settings import DeckSettings
from ankismith.parse.slips.cloze import SHOWN, cloze_slips
from tests.helpers import parse_text


@pytest.mark.parametrize(
    "text",
    [
        "Paris is the capital of {{c1::France}}.",
        "{{c1::a}} and {{c2::b}} and {{c1::c::hint}}",
        "{{c1::outer {{c2::inner}} outer}}",
        "{{c12::twelve}}",
        "no deletion at all, and a lone } or { brace",
    ],
)
def test_right_deletions_are_no_slip(text: str) -> None:
    assert cloze_slips([(1, text)]) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "The capital is {{c2:blobs}}.",
            "cloze deletion '{{c2:blobs}}' has one colon, so learners see its braces and never "
            "get its card c2: write '{{c2::blobs}}'",
        ),
        (
            "a {c1::x}} b",
            "cloze deletion '{c1::x}}' opens with one brace, so learners see its braces: "
            "write '{{c1::x}}'",
        ),
        (
            "a {c3::x} b",
            "cloze deletion '{c3::x}' opens with one brace, so learners see its braces: "
            "write '{{c3::x}}'",
        ),
        (
            "{{c0::zero}} here",
            "cloze deletion '{{c0::zero}}' is numbered 0: Anki counts deletions from c1, so it "
            "never becomes a card; number it from c1",
        ),
        (
            "{{c00::zero}}",
            "cloze deletion '{{c00::zero}}' is numbered 00: Anki counts deletions from c1, so it "
            "never becomes a card; number it from c1",
        ),
        (
            "{{c1::never closed",
            "cloze deletion '{{c1::never closed' is never closed with '}}': write "
            "'{{c1::…}}' around the hidden text",
        ),
    ],
)
def test_each_near_miss_has_its_message(text: str, message: str) -> None:
    assert cloze_slips([(7, text)]) == [(7, message)]


def test_each_slip_is_at_its_own_line_in_order() -> None:
    lines = [(3, "{{c1::fine}} then {{c2:bad}}"), (4, ""), (6, "{c1::x}} and {{c0::y}}")]
    found = cloze_slips(lines)
    assert [line for line, _ in found] == [3, 6, 6]
    assert "one colon" in found[0][1]
    assert "one brace" in found[1][1] and "numbered 0" in found[2][1]


def test_a_deletion_may_span_lines_and_is_reported_where_it_opens() -> None:
    assert cloze_slips([(3, "{{c1::first"), (4, "second}}")]) == []
    assert [line for line, _ in cloze_slips([(3, "ok"), (4, "{{c1::open"), (5, "x")])] == [4]


def test_long_text_is_cut_in_the_message() -> None:
    body = "y" * 40
    [(_, message)] = cloze_slips([(1, f"{{{{c1:{body}}}}}")])
    shown = f"{{{{c1:{body}}}}}"[: SHOWN - 1] + "…"
    assert f"'{shown}'" in message
    assert f"write '{{{{c1::{body[: SHOWN - 1]}…}}}}'" in message


def test_the_parser_reports_slips_of_a_cloze_card_as_bad_cloze() -> None:
    text = "## Capital of {{c1::France}}\n<!-- id: c; type: cloze -->\n\nAlso {{c2:Paris}}.\n"
    cards, errors = parse_text(DeckSettings("D", "d"), text)
    assert cards == []
    assert errors == [
        "content/x.md:4: cloze deletion '{{c2:Paris}}' has one colon, so learners see its "
        "braces and never get its card c2: write '{{c2::Paris}}'"
    ]
