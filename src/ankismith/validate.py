"""Checks across all cards, after every file is parsed: pure functions returning errors."""

from __future__ import annotations

from collections.abc import Sequence

from ankismith.errors import ContentError
from ankismith.model import Card


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
        errors.append(ContentError(card.location, f"{what}; first used at {seen.location}"))
    return errors


def check_cards(cards: Sequence[Card]) -> list[ContentError]:
    """Run every cross-card check and return all errors."""
    return duplicate_ids(cards)
