"""Cards' keys are reused by file, and are the keys derived afresh."""

from __future__ import annotations

from typing import Any

import pytest

from ankismith.cache.keys import CardKeys, card_keys, decode, encode, keys_of
from ankismith.check.questions import question_key, question_source
from ankismith.model import Card, Choice, Location, NoteKind
from ankismith.render.digests import content_key


def _card(question: str, line: int = 1) -> Card:
    return Card(
        Location("a.md", line),
        NoteKind.CHOICE,
        f"c{line}",
        True,
        question,
        "A",
        choices=(Choice(True, "yes"), Choice(False, "no")),
    )


def test_keys_are_what_each_function_derives() -> None:
    card = _card("What is *rank*?")
    expected = CardKeys((question_key(card),), (question_source(card),), (content_key(card),))
    assert keys_of([card]) == expected


def test_a_file_known_by_its_parse_key_reuses_its_keys_and_another_derives_them() -> None:
    first, second = _card("One?", 1), _card("Two?", 5)
    stale = CardKeys(("q",), ("s",), ("c",))
    every, files = card_keys(
        [first, second],
        {"kept": ((first,), ()), "new": ((second,), ())},
        {"kept": stale, "gone": stale},
    )
    derived = keys_of([second])
    assert every == CardKeys(
        ("q", question_key(second)), ("s", question_source(second)), ("c", content_key(second))
    )
    assert files == {"kept": stale, "new": derived}  # the file no build has is dropped


def test_keys_for_another_number_of_cards_are_derived_again() -> None:
    cards = (_card("One?", 1), _card("Two?", 5))
    every, _ = card_keys(cards, {"k": (cards, ())}, {"k": CardKeys(("q",), ("s",), ("c",))})
    assert every == keys_of(cards)


def test_cards_that_are_not_those_of_the_parses_get_their_keys_derived() -> None:
    cards = (_card("One?", 1), _card("Two?", 5))
    stale = CardKeys(("q",), ("s",), ("c",))
    every, _ = card_keys([*cards, cards[0]], {"k": (cards, ())}, {"k": stale})
    assert every == keys_of([*cards, cards[0]])


def test_no_cards_have_no_keys() -> None:
    assert card_keys([], {}, {}) == (CardKeys((), (), ()), {})


@pytest.mark.parametrize("cards", [[], [_card("One?"), _card("Two?", 3)]])
def test_keys_survive_encoding(cards: list[Card]) -> None:
    assert decode(encode(keys_of(cards))) == keys_of(cards)


@pytest.mark.parametrize(
    "damage", [None, [], "x", 7, [["q"], ["s"]], [["q"], ["s"], [3]], [["q"], [], []]]
)
def test_keys_of_the_wrong_shape_are_refused(damage: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        decode(damage)
