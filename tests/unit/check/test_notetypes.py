"""Rules over the author's note types: fields and labels their templates use, the default type."""

from __future__ import annotations

from ankismith.check.notetypes import custom_templates, default_type
from ankismith.findings import Finding
from ankismith.model import CardTemplate, Location, NoteTypeDef
from ankismith.parse.settings import DeckSettings

FRONT = "content/_notetypes/country/front.html"
BACK = "content/_notetypes/country/back.html"
LABELS = "answer, explanation, hint, your_answer, right, wrong, reverse_prompt, report"


def country(*templates: CardTemplate) -> NoteTypeDef:
    return NoteTypeDef("country", 1, "Country", ("State", "Capital"), templates, "")


def template(name: str, front: str, back: str = "{{Capital}}") -> CardTemplate:
    return CardTemplate(name, front, back, FRONT, BACK)


def test_a_sound_note_type_passes() -> None:
    back = "{{FrontSide}}<hr>{{Capital}} {{Tags}} {{#Capital}}x{{/Capital}} [[label:answer]]"
    assert custom_templates({"country": country(template("Card 1", "{{State}}", back))}) == []


def test_a_field_or_label_the_note_type_lacks_is_reported_at_its_line() -> None:
    note_type = country(template("Card 1", "{{State}}", "<p>\n{{Stat}} [[label:answr]]\n</p>"))
    assert custom_templates({"country": note_type, "broken": None}) == [
        Finding(
            Location(BACK, 2),
            "note type 'country': template 'Card 1' uses label '[[label:answr]]', which does not "
            f"exist ({LABELS})",
            "bad-template",
        ),
        Finding(
            Location(BACK, 2),
            "note type 'country': template 'Card 1' uses field 'Stat', which it lacks (did you "
            "mean 'State'?; fields: State, Capital)",
            "bad-template",
        ),
    ]


def test_a_front_that_shows_no_field_makes_no_card() -> None:
    note_type = country(template("Card 2", "{{Tags}} {{Deck}}"))
    assert custom_templates({"country": note_type}) == [
        Finding(
            Location(FRONT, 1),
            "note type 'country': template 'Card 2' shows no field on its front, so Anki never "
            "makes its card (fields: State, Capital)",
            "bad-template",
        )
    ]


def test_a_cloze_front_needs_a_cloze_field() -> None:
    def gap(front: str) -> dict[str, NoteTypeDef | None]:
        texts = (template("Gap", front, "{{cloze:Text}}"),)
        return {"gap": NoteTypeDef("gap", 2, "Gap", ("Text",), texts, "", cloze=True)}

    assert custom_templates(gap("{{Text}}")) == [
        Finding(
            Location(FRONT, 1),
            "note type 'gap': a cloze template's front needs {{cloze:<Field>}}; without it Anki "
            "makes no card",
            "bad-template",
        )
    ]
    assert custom_templates(gap("{{ cloze: Text }}")) == []


def test_default_type_names_a_card_type_or_is_reported_at_its_line() -> None:
    types: dict[str, NoteTypeDef | None] = {"country": country()}

    def found(name: str) -> list[Finding]:
        settings = DeckSettings("D", "d", default_type=name, key_lines=(("type", 4),))
        return default_type(settings, types, "content/deck.yaml")

    assert found("") == found("cloze") == found("Country") == []
    where = Location("content/deck.yaml", 4)
    assert found("contry") == [
        Finding(where, "unknown card type 'contry' (did you mean 'country'?)")
    ]
    known = "known: basic, choice, cloze, occlusion, reversed, typein, country"
    assert found("zzzz") == [Finding(where, f"unknown card type 'zzzz' ({known})")]
