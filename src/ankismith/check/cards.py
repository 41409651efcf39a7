"""Rules across all cards, after every file is parsed: ids, explanations, deck names. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from ankismith.findings import Finding
from ankismith.model import Card


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


def duplicate_guids(cards: Sequence[Card]) -> list[Finding]:
    """Report every explicit ``guid:`` an earlier card already uses: they would be one note."""
    first: dict[str, Card] = {}
    errors: list[Finding] = []
    for card in cards:
        if not card.guid:
            continue
        seen = first.setdefault(card.guid, card)
        if seen is not card:
            message = f"duplicate guid '{card.guid}'; first used at {seen.location}"
            errors.append(Finding(card.location, message, "duplicate-guid"))
    return errors


def missing_ids(cards: Sequence[Card]) -> list[Finding]:
    """Warn about cards without an author id: editing their question makes a new note."""
    message = (
        "card has no id; editing its question will give learners a new card and lose its "
        "review history (run 'ankismith ids' or add <!-- id: ... --> under the heading)"
    )
    return [Finding(c.location, message, "missing-id") for c in cards if not c.explicit_id]


def missing_explanations(cards: Sequence[Card]) -> list[Finding]:
    """Warn about cards without an explanation: learners remember what they understand."""
    message = "card has no '### Explanation'; say why the answer is right"
    return [
        Finding(c.location, message, "missing-explanation")
        for c in cards
        if not c.explanation and not c.notetype  # the author's note types may have none
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
