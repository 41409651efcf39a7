"""A custom note type's fields, filled from a card's heading and ``### <Field>`` sections."""

from __future__ import annotations

import pytest

from ankismith.model import CardTemplate, NoteTypeDef
from ankismith.parse.fields import cloze_fields, custom_fields, did_you_mean, field_listing

COUNTRY = NoteTypeDef(
    "country",
    1,
    "Country",
    ("State", "Capital", "Map"),
    (CardTemplate("Card 1", "{{State}}", "{{Capital}}"),),
    "",
    required=("Capital",),
)
GAP = NoteTypeDef(
    "gap",
    2,
    "Gap",
    ("Extra", "Text"),
    (CardTemplate("Gap", "{{cloze:Text}}", "{{cloze: Text }}<br>{{Extra}}"),),
    "",
    cloze=True,
)
LISTING = "fields: State, Capital, Map"


def test_field_listing() -> None:
    assert field_listing(COUNTRY) == LISTING


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("Captial", "did you mean 'Capital'?; "),
        ("capital", "did you mean 'Capital'?; "),
        ("back", "did you mean 'BACK'?; "),  # same but for case, though too short to be close
        ("Zebra", ""),
    ],
)
def test_did_you_mean(name: str, hint: str) -> None:
    assert did_you_mean(name, ("State", "Capital", "Bach", "BACK")) == hint


def test_cloze_fields_are_those_a_template_reads_deletions_from() -> None:
    assert cloze_fields(GAP) == ["Text"]
    assert cloze_fields(COUNTRY) == []


def test_the_heading_fills_the_first_field_and_sections_the_others() -> None:
    fields, problems = custom_fields(
        COUNTRY, 1, "France", "A country.", 2, {"Capital": (3, "Paris")}
    )
    assert fields == (("State", "France\n\nA country."), ("Capital", "Paris"), ("Map", ""))
    assert problems == []


def test_a_section_for_the_first_field_makes_the_heading_a_title() -> None:
    sections = {"State": (3, "France"), "Capital": (5, "Paris")}
    fields, problems = custom_fields(COUNTRY, 1, "Title", "", 2, sections)
    assert fields == (("State", "France"), ("Capital", "Paris"), ("Map", ""))
    assert problems == []


def test_each_field_problem_at_its_line() -> None:
    sections = {"State": (3, "X"), "Capitol": (5, "Paris")}
    fields, problems = custom_fields(COUNTRY, 1, "Title", "stray", 2, sections)
    assert fields == (("State", "X"), ("Capital", ""), ("Map", ""))
    assert problems == [
        (
            5,
            f"note type 'country' has no field 'Capitol' (did you mean 'Capital'?; {LISTING})",
            "bad-field",
        ),
        (
            2,
            "this text belongs to no field: '### State' fills the first field, so the heading is "
            f"only a title; move the text into a section ({LISTING})",
            "bad-field",
        ),
        (1, "note type 'country' needs field 'Capital'; add '### Capital' with text", "bad-field"),
    ]


def test_a_required_field_of_blanks_is_missing() -> None:
    _, problems = custom_fields(COUNTRY, 4, "France", "", 5, {"Capital": (6, "  ")})
    assert [line for line, _, _ in problems] == [4]


def test_a_cloze_note_needs_a_deletion_in_its_cloze_field() -> None:
    message = "note type 'gap': cloze card has no deletion such as {{c1::text}} in 'Text'"
    _, problems = custom_fields(GAP, 1, "A {{c1::b}}", "", 0, {})  # heading fills Extra
    assert problems == [(1, message, "bad-cloze")]
    fields, problems = custom_fields(GAP, 1, "Title", "", 0, {"Text": (2, "A {{c1::b}}")})
    assert problems == [] and fields == (("Extra", "Title"), ("Text", "A {{c1::b}}"))
