"""Rules across all cards: duplicate ids and GUIDs, missing and blank ids, explanations, decks."""

from __future__ import annotations

from functools import partial

from msgspec.structs import replace

from ankismith.check.cards import (
    blank_ids,
    deck_case_clashes,
    duplicate_guids,
    duplicate_ids,
    missing_explanations,
    missing_ids,
)
from ankismith.findings import Finding
from ankismith.model import Card, Location
from ankismith.parse.settings import DeckSettings
from tests.helpers import parse_text

parse = partial(parse_text, DeckSettings("D", "d"))

TWINS = (
    "## Q one\n<!-- id: same -->\n### Answer\nA\n### Explanation\nE\n\n"
    "## Q two\n<!-- id: same -->\n### Answer\nB\n### Explanation\nE\n"
)


def cards_of(text: str) -> list[Card]:
    cards, errors = parse(text)
    assert errors == []
    return cards


def at(line: int) -> Location:
    return Location("content/x.md", line)


def test_a_reused_id_is_reported_at_the_later_card() -> None:
    assert duplicate_ids(cards_of(TWINS)) == [
        Finding(
            at(8),
            "duplicate id 'same'; first used at content/x.md:1: give the card you added another "
            "id (the card learners already have keeps it)",
            "duplicate-id",
        )
    ]


def test_a_reused_id_is_reported_at_the_uncommitted_card_when_the_other_is_committed() -> None:
    # The first card's comment (line 2) is not committed yet; the second card's is.
    [finding] = duplicate_ids(cards_of(TWINS), {"x.md": frozenset({2})})
    assert finding.location == at(1)
    assert finding.message == (
        "duplicate id 'same'; already used at content/x.md:8, which is committed: give this new "
        "card another id (the committed card keeps it: learners may have it)"
    )
    # Both uncommitted (a whole new file): the later card, as without git.
    assert duplicate_ids(cards_of(TWINS), {"x.md": None}) == duplicate_ids(cards_of(TWINS))


def test_without_git_a_reused_id_blames_the_card_later_in_ankis_order() -> None:
    # Paths sort 'Zeta/b.md' first; learners meet the top deck's a.md first: b.md's card is new.
    one, two = TWINS.split("\n\n")
    first, errors = parse(two, "content/Zeta/b.md")
    second, more = parse(one, "content/a.md")
    assert errors == more == []
    cards = first + second  # as the files are read: by path
    expected = [
        Finding(
            Location("content/Zeta/b.md", 1),
            "duplicate id 'same'; first used at content/a.md:1: give the card you added another "
            "id (the card learners already have keeps it)",
            "duplicate-id",
        )
    ]
    assert duplicate_ids(cards) == expected  # outside git
    assert duplicate_ids(cards, {"a.md": None, "Zeta/b.md": None}) == expected  # no commit yet


def test_derived_ids_collide_for_questions_differing_in_case_and_spacing() -> None:
    cards = cards_of("## What is LoRA?\n### Answer\nC\n\n## what  is   lora?\n### Answer\nD\n")
    assert duplicate_ids(cards) == [
        Finding(
            at(5),
            "duplicate question (its derived id collides); first used at content/x.md:1",
            "duplicate-id",
        )
    ]
    assert len(missing_ids(cards)) == 2


def test_distinct_ids_are_no_duplicate() -> None:
    cards = cards_of(TWINS.replace("id: same -->\n### Answer\nB", "id: other -->\n### Answer\nB"))
    assert duplicate_ids(cards) == [] and missing_ids(cards) == []


def test_a_reused_guid_is_reported_at_the_later_card() -> None:
    text = TWINS.replace("id: same", "id: g1; guid: abc", 1).replace(
        "id: same", "id: g2; guid: abc"
    )
    assert duplicate_guids(cards_of(text)) == [
        Finding(at(8), "duplicate guid 'abc'; first used at content/x.md:1", "duplicate-guid")
    ]
    assert duplicate_guids(cards_of(TWINS)) == []  # no explicit guid: nothing to compare


def test_missing_id_warns_at_each_card_without_one() -> None:
    cards = cards_of("## A?\n### Answer\nA\n\n## B?\n<!-- id: b -->\n### Answer\nB\n")
    assert [(f.location, f.code) for f in missing_ids(cards)] == [(at(1), "missing-id")]
    assert missing_ids(cards)[0].message.startswith("card has no id; editing its question")


def test_blank_ids_are_reported_at_their_comment() -> None:
    text = "".join(
        f"## Q{n}\n<!-- id: {name} -->\n### Answer\nA\n\n"
        for n, name in enumerate(["card", "Card-2", "card-x", "cards", "my-card"])
    )
    found = blank_ids(cards_of(text))
    assert [(f.location, f.code) for f in found] == [(at(2), "blank-id"), (at(7), "blank-id")]
    assert found[0].message.startswith("id 'card' says nothing about its card")


def test_missing_explanation_is_not_asked_of_custom_note_types() -> None:
    cards = cards_of("## A?\n<!-- id: a -->\n### Answer\nA\n\n" + TWINS.replace("same", "b"))
    message = "card has no '### Explanation'; say why the answer is right"
    assert missing_explanations(cards) == [Finding(at(1), message, "missing-explanation")]
    assert missing_explanations([replace(cards[0], notetype="country")]) == []


def test_a_deck_spelled_but_for_case_is_reported_once_per_spelling() -> None:
    first, second = cards_of(TWINS.replace("same", "b", 1))
    cards = [
        replace(first, deck="D::Methods"),
        replace(second, deck="D::methods"),
        replace(second, deck="D::methods"),
        replace(first, deck="D::Other"),
    ]
    assert deck_case_clashes(cards) == [
        Finding(
            at(8),
            "deck 'D::methods' differs from 'D::Methods' (content/x.md:1) only in case; Anki "
            "would rename one of them: spell the folder or 'deck:' the same",
        )
    ]
