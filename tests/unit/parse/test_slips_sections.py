"""Misspelt section headings: reported with the section meant, then read as that section."""

from __future__ import annotations

import pytest

from ankismith.parse.scanner import SECTIONS
from ankismith.parse.settings import DeckSettings
from ankismith.parse.slips.sections import section_slip
from tests.helpers import parse_text

LISTED = "'### Answer', '### Explanation' and '### Hint'"


@pytest.mark.parametrize(
    ("level", "text", "meant"),
    [(3, "Answr", "answer"), (3, "Explenation:", "explanation"), (3, "Hnt", "hint")],
)
def test_a_misspelt_section_names_the_one_meant(level: int, text: str, meant: str) -> None:
    assert section_slip(level, text, SECTIONS) == (
        meant,
        f"unknown section '### {text}' (did you mean '### {meant.capitalize()}'?); a card's "
        f"sections are {LISTED}, and a heading inside a card starts with '#### '",
    )


@pytest.mark.parametrize(("level", "text"), [(4, "Hint"), (4, "Answer:"), (5, "explanation")])
def test_a_section_name_one_level_too_deep_is_a_slip(level: int, text: str) -> None:
    name = text.rstrip(":").lower()
    assert section_slip(level, text, SECTIONS) == (
        name,
        f"'{'#' * level} {text}' is a heading inside the card, not its {name.capitalize()} "
        f"section: write '### {text}'",
    )


@pytest.mark.parametrize(
    ("level", "text"),
    [
        (3, "Answer"),  # right
        (3, "Hint:"),  # right, with a colon
        (3, "Notes"),  # nothing like a section
        (2, "Answer"),  # a card's own heading
        (4, "Anwser"),  # a heading inside the card, near a name but not it
    ],
)
def test_right_and_unrelated_headings_are_no_slip(level: int, text: str) -> None:
    assert section_slip(level, text, SECTIONS) is None


def test_the_parser_reports_the_slip_and_reads_the_section_meant() -> None:
    text = "## Q\n<!-- id: q -->\n### Answr\nA\n### Explanation\nE\n"
    cards, errors = parse_text(DeckSettings("D", "d"), text)
    slip = section_slip(3, "Answr", SECTIONS)
    assert slip is not None and errors == [f"content/x.md:3: {slip[1]}"]
    assert cards[0].answer == "A" and cards[0].question == "Q"


def test_a_misspelt_heading_inside_a_code_fence_is_text() -> None:
    text = "## Q\n<!-- id: q -->\n\n```\n### Answr\n```\n### Answer\nA\n### Explanation\nE\n"
    cards, errors = parse_text(DeckSettings("D", "d"), text)
    assert errors == []
    assert cards[0].question == "Q\n\n```\n### Answr\n```"


def test_a_section_heading_in_the_decks_language_names_the_english_one() -> None:
    text = "## Quelle est la capitale ?\n<!-- id: q -->\n\n### Réponse\n\nParis\n\n### Explication\n\nE\n"
    cards, errors = parse_text(DeckSettings("D", "d", language="fr"), text)
    assert errors == [
        "content/x.md:4: unknown section '### Réponse': section names stay English whatever the "
        "deck's language, which sets the labels learners see: write '### Answer'",
        "content/x.md:8: unknown section '### Explication': section names stay English whatever "
        "the deck's language, which sets the labels learners see: write '### Explanation'",
    ]
    assert (cards[0].answer, cards[0].explanation) == ("Paris", "E")  # read as meant
