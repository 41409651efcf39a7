"""Anki's order of decks and of the cards in them: the order in which learners meet them. Pure.

Anki lists decks by name without regard to case (its ``unicase`` collation), each parent before
its subdecks, and studies a parent deck's own cards before those of its subdecks. Within a
deck, new cards come in the order the package holds them, which is the order of the card
files. So the cards of ``content/intro.md`` (the top deck) come before those of
``content/Methods/lora.md``, though a path sorts ``Methods`` first. The preview lists cards in
this order, and a message that must tell the earlier of two cards from the later one uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def deck_key(deck: str) -> tuple[str, ...]:
    """Return the key that sorts deck names as Anki's deck list does: parents first, any case."""
    return tuple(part.casefold() for part in deck.split("::"))


def anki_order(items: Iterable[T], deck: Callable[[T], str]) -> list[T]:
    """Return ``items`` (in file order) in Anki's order: by deck, then as they came."""
    return sorted(items, key=lambda item: deck_key(deck(item)))
