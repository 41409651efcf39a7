"""Checks across all cards, after every file is parsed: pure functions returning errors."""

from __future__ import annotations

from collections.abc import Sequence

from ankismith.errors import ContentError
from ankismith.model import Card, ContentWarning


def duplicate_ids(cards: Sequence[Card]) -> list[ContentError]:
    """Report every card whose id an earlier card already uses, naming both places.

    Two cards with one id would share one note GUID: one would silently overwrite the other
    in learners' collections.
    """
    first: dict[str, Card] = {}
    errors: list[ContentError] = []
    for card in cards:
        seen = first.setdefault(card.card_id, card)
        if seen is card:
            continue
        if card.explicit_id:
            what = f"duplicate id '{card.card_id}'"
        else:
            what = "duplicate question (its derived id collides)"
        message = f"{what}; first used at {seen.location}"
        errors.append(ContentError(card.location, message, "duplicate-id"))
    return errors


def missing_ids(cards: Sequence[Card]) -> list[ContentWarning]:
    """Warn about cards without an author id: editing their question makes a new note."""
    message = (
        "card has no id; editing its question will give learners a new card and lose its "
        "review history (run 'ankismith ids' or add <!-- id: ... --> under the heading)"
    )
    return [ContentWarning(c.location, message, "missing-id") for c in cards if not c.explicit_id]


def check_cards(cards: Sequence[Card]) -> tuple[list[ContentError], list[ContentWarning]]:
    """Run every cross-card check and return all errors and warnings."""
    return duplicate_ids(cards), missing_ids(cards)
