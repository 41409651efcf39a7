"""Rules across all cards, after every file is parsed: ids, explanations, deck names. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ankismith.findings import Finding
from ankismith.model import Card, Location
from ankismith.order import anki_order
from ankismith.parse.cloze import MULTI_CARD, ordinals

Fresh = Mapping[str, frozenset[int] | None]
"""Lines not yet committed, by card source path (``git.uncommitted_lines``); None: whole file."""


def _fresh(card: Card, fresh: Fresh) -> bool:
    if card.source not in fresh:
        return False
    lines = fresh[card.source]
    return lines is None or (card.meta_line or card.location.line) in lines


def duplicate_ids(cards: Sequence[Card], fresh: Fresh | None = None) -> list[Finding]:
    """Report every card whose id another card already uses, at the card to change.

    Two cards with one id would share one note GUID: one would silently overwrite the other
    in learners' collections. The card to change is the one whose id is not committed yet
    (``fresh``) when the other's is: the committed one is what learners have. Otherwise (outside
    git, before the first commit, both committed or both new) it is the later one in Anki's
    order (``order.anki_order``): a top deck's file before its subdecks', as learners meet them.
    """
    first: dict[str, Card] = {}
    errors: list[Finding] = []
    for card in anki_order(cards, lambda c: c.deck):
        seen = first.setdefault(card.card_id, card)
        if seen is card:
            continue
        if not card.explicit_id:
            message = f"duplicate question (its derived id collides); first used at {seen.location}"
            errors.append(Finding(card.location, message, "duplicate-id"))
        elif fresh and _fresh(seen, fresh) and not _fresh(card, fresh):
            message = (
                f"duplicate id '{card.card_id}'; already used at {card.location}, which is "
                "committed: give this new card another id (the committed card keeps it: "
                "learners may have it)"
            )
            errors.append(Finding(seen.location, message, "duplicate-id"))
        else:
            message = (
                f"duplicate id '{card.card_id}'; first used at {seen.location}: give the card "
                "you added another id (the card learners already have keeps it)"
            )
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
        if not c.explanation and not c.notetype  # the author's note types may have none
    ]


MULTI_CARD_VERSION = "26.05"
"""The first Anki version that reads ``{{c1,2::text}}`` (rslib/src/cloze.rs, anki #4333)."""


def multi_card_clozes(cards: Sequence[Card]) -> list[Finding]:
    """Warn about each deletion naming several cards, ``{{c1,2::text}}``: Anki 26.05+ only."""
    found = []
    for card in cards:
        texts = [card.question, *(text for _, text in card.fields)]
        match = next((m for text in texts if (m := MULTI_CARD.search(text))), None)
        if match is None:
            continue
        numbers = ", ".join(f"c{n}" for n in ordinals(match.group(1)))
        message = (
            f"'{match.group()}…}}}}' hides its text on several cards ({numbers}), which needs "
            f"Anki {MULTI_CARD_VERSION} or later: older versions, and AnkiDroid and AnkiMobile "
            "releases whose Anki core predates it, show it as written, braces and all, and make "
            "no card for it. For those learners, write one deletion per card"
        )
        found.append(Finding(card.location, message, "multi-card-cloze"))
    return found


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
