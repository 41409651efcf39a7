"""Choose ids for cards that have none: readable slugs of the question, unique in the deck. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from ankismith.model import Card, Location
from ankismith.text import slug

MAX_LENGTH = 48


def _cut(words: Sequence[str], limit: int) -> str:
    text = ""
    for word in words:
        longer = f"{text}-{word}" if text else word
        if len(longer) > limit:
            break
        text = longer
    return text or (words[0][:limit] if words else "")


def slugify(question: str, limit: int = MAX_LENGTH) -> str:
    """Return a lowercase, dash-separated id from a question's first line, cut at a word end.

    Other scripts are transliterated (``Что такое «кошка»?`` gives ``chto-takoe-koshka``); a
    line with no letter or digit in any script gives ''.
    """
    return _cut(slug(question.split("\n", 1)[0]).split("-"), limit)


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f"-{number}"
        candidate = _cut(base.split("-"), MAX_LENGTH - len(suffix)) + suffix
    return candidate


def plan_ids(cards: Sequence[Card], *, keep_derived: bool = False) -> dict[Location, str]:
    """Choose an id for every card without one: unique in the deck, case ignored.

    With ``keep_derived`` a card keeps the id it was built with so far (``q-…``), so learners
    who already have it keep its review history; otherwise it gets a readable slug.
    """
    taken = {card.card_id.casefold() for card in cards if card.explicit_id}
    planned: dict[Location, str] = {}
    for card in cards:
        if not card.explicit_id:
            readable = "" if keep_derived else slugify(card.question)
            new = _unique(readable or card.card_id, taken)
            taken.add(new.casefold())
            planned[card.location] = new
    return planned
