"""Each card's keys, reused by file: a rebuild derives none for the files it did not parse.

A card's question key and question digest (check/questions.py) and the content key of its
rendering (render/cache.py) depend only on the card, and the card only on what its file's
parse key covers (parse/cache.py). So a file whose parse was reused reuses its cards' keys:
at 10,000 cards, deriving them all took a tenth of a rebuild. The keys are the same either way.
``encode`` and ``decode`` turn the keys into JSON values and back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ankismith.check.questions import question_key, question_source
from ankismith.model import Card
from ankismith.render.cache import content_key

if TYPE_CHECKING:
    from ankismith.parse.cache import FileParse


@dataclass(frozen=True, slots=True)
class CardKeys:
    """What the checks and the render cache know a card by."""

    question: str
    """``question_key``: the question as compared for duplicates."""
    source: str
    """``question_source``: a digest of what the question key is made from."""
    content: str
    """``content_key``: a digest of what shapes the card's rendering."""


FileKeys = tuple[CardKeys, ...]
"""The keys of one file's cards, in order."""


def keys_of(card: Card) -> CardKeys:
    """Return the card's keys, derived."""
    return CardKeys(question_key(card), question_source(card), content_key(card))


def card_keys(
    parses: Mapping[str, FileParse], previous: Mapping[str, FileKeys]
) -> tuple[list[CardKeys], dict[str, FileKeys]]:
    """Return the keys of every card of ``parses`` (by file parse key, in order), and by file.

    A file's keys come from ``previous`` when they are there under its parse key.
    """
    every: list[CardKeys] = []
    files: dict[str, FileKeys] = {}
    for key, (cards, _) in parses.items():
        known = previous.get(key)
        if known is None or len(known) != len(cards):
            known = tuple(map(keys_of, cards))
        files[key] = known
        every.extend(known)
    return every, files


def encode(files: Mapping[str, FileKeys]) -> dict[str, list[list[str]]]:
    """Return the keys as JSON values."""
    return {
        key: [[k.question, k.source, k.content] for k in keys] for key, keys in files.items()
    }


def decode(value: Any) -> dict[str, FileKeys]:
    """Return the keys ``encode`` was given; TypeError or ValueError for anything else."""
    if not isinstance(value, dict):
        raise TypeError("not a mapping")
    files = {}
    for key, keys in value.items():
        if not isinstance(keys, list):
            raise TypeError("not a list")
        found = tuple(CardKeys(*k) for k in keys)
        if not all(isinstance(s, str) for k in found for s in (k.question, k.source, k.content)):
            raise TypeError("not strings")
        files[str(key)] = found
    return files
