"""Rules across all cards, after every file is parsed: ids, explanations, deck names. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ankismith.findings import Finding
from ankismith.model import Card, Location


def duplicate_ids(cards: Sequence[Card]) -> list[Finding]:
    """Report every card whose id an earlier card already uses, naming both places.

    Two cards with one id would share one note GUID: one would silently overwrite the other
    in learners' collections.
    """
    first: dict[str, Card] = {}
    errors: list[Finding] = []
    for card in cards:
        seen = first.setdefault(card.card_id, card)
        if seen is card:
            continue
        if card.explicit_id:
            what = f"duplicate id '{card.card_id}'"
        else:
            what = "duplicate question (its derived id collides)"
        message = f"{what}; first used at {seen.location}"
        errors.append(Finding(card.location, message, "duplicate-id"))
    return errors


def missing_ids(cards: Sequence[Card]) -> list[Finding]:
    """Warn about cards without an author id: editing their question makes a new note."""
    message = (
        "card has no id; editing its question will give learners a new card and lose its "
        "review history (run 'ankismith ids' or add <!-- id: ... --> under the heading)"
    )
    return [Finding(c.location, message, "missing-id") for c in cards if not c.explicit_id]


# What 'ankismith ids' wrote for a question without Latin letters before it transliterated.
_BLANK_ID = re.compile(r"^card(-\d+)?$", re.I)


def blank_ids(cards: Sequence[Card]) -> list[Finding]:
    """Warn about ids made from nothing (``card``, ``card-2``): they say nothing of the card."""
    return [
        Finding(
            Location(c.location.path, c.meta_line or c.location.line),
            f"id '{c.card_id}' says nothing about its card (made from a question without Latin "
            "letters). Not released yet: give it a readable id, in any script transliterated "
            "('Что такое «кошка»?' -> chto-takoe-koshka). Released: keep it, and turn this "
            "warning off with 'checks: {blank-id: off}'",
            "blank-id",
        )
        for c in cards
        if c.explicit_id and _BLANK_ID.match(c.card_id)
    ]


def missing_explanations(cards: Sequence[Card]) -> list[Finding]:
    """Warn about cards without an explanation: learners remember what they understand."""
    message = "card has no '### Explanation'; say why the answer is right"
    return [
        Finding(c.location, message, "missing-explanation")
        for c in cards
        if not c.explanation
    ]


def deck_case_clashes(cards: Sequence[Card]) -> list[Finding]:
    """Report a deck name spelled like an earlier one but for case (folder or ``deck:`` key).

    Decks with one name are one deck. But Anki tells decks apart ignoring case: on import it
    renames the second spelling (``Deck::methods_``), splitting cards meant to go together.
    """
    first: dict[str, Card] = {}
    reported: set[str] = set()
    errors = []
    for card in cards:
        seen = first.setdefault(card.deck.casefold(), card)
        if seen.deck != card.deck and card.deck not in reported:
            reported.add(card.deck)
            message = (
                f"deck '{card.deck}' differs from '{seen.deck}' ({seen.location}) only in case; "
                "Anki would rename one of them: spell the folder or 'deck:' the same"
            )
            errors.append(Finding(card.location, message))
    return errors
