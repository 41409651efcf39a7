"""Tags and deck names a template could print as HTML are refused, each once."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from ankismith.check.names import unsafe_names
from ankismith.findings import Finding
from ankismith.model import Card, Location, NoteKind

CARD = Card(Location("content/a.md", 3), NoteKind.BASIC, "a", True, "Q", "A", deck="D")


def message(what: str, name: str, chars: str) -> str:
    return f"{what} '{name}' holds {chars}: Anki would print it into cards as HTML; rename it"


def test_tags_and_decks_with_html_characters_are_refused_at_their_first_card() -> None:
    later = replace(CARD, location=Location("content/b.md", 9), tags=("<svg>", "fine"))
    cards = [replace(CARD, tags=("<svg>",), deck='D::a"b`'), later]
    assert unsafe_names(cards, []) == [
        Finding(CARD.location, message("tag", "<svg>", "< >"), "unsafe-name"),
        Finding(CARD.location, message("deck name", 'D::a"b`', '" `'), "unsafe-name"),
    ]


def test_plain_names_pass() -> None:
    card = replace(CARD, tags=("a::b", "c-d", "é"), deck="Deck::Sub deck")
    assert unsafe_names([card], [("front.html", "{{Tags}} {{Deck}}")]) == []


@pytest.mark.parametrize(
    ("template", "refused"),
    [
        ("{{Front}}", []),
        ("{{Tags}}", ["tag"]),
        ("{{ Deck }}", ["deck name"]),
        ("{{text:Subdeck}}", ["deck name"]),
        ("<b>{{Tags}}</b>{{Deck}}", ["tag", "deck name"]),
    ],
)
def test_an_apostrophe_is_refused_only_where_a_template_prints_the_name(
    template: str, refused: list[str]
) -> None:
    card = replace(CARD, tags=("it's",), deck="D::it's")
    found = unsafe_names([card], [("front.html", template)])
    names = {"tag": "it's", "deck name": "D::it's"}
    assert [f.message for f in found] == [message(w, names[w], "'") for w in refused]
