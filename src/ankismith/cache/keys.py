"""Each card's keys, reused by file: a rebuild derives none for the files it did not parse.

A card's question key and question digest (check/questions.py) and the content key of its
rendering (render/digests.py) depend only on the card, and the card only on what its file's
parse key covers (parse/reuse.py). So a file whose parse was reused reuses its cards' keys:
at 10,000 cards, deriving them all took a tenth of a rebuild. The keys are the same either way.
``encode`` and ``decode`` turn one file's keys into JSON values and back; ``load_keys`` and
``save_keys`` read and write them (``keys.log`` in the cache folder, cache/log.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ankismith.cache.log import Saved, load_log, save_log
from ankismith.check.questions import question_key, question_source
from ankismith.model import Card
from ankismith.render.digests import content_key

if TYPE_CHECKING:
    from ankismith.parse.reuse import FileParse

KEYS_LOG = "keys.log"
"""The file in the cache folder."""


class CardKeys(NamedTuple):
    """What the checks and the render cache know cards by, in order: a list of each kind."""

    questions: tuple[str, ...]
    """``question_key``: the question as compared for duplicates."""
    sources: tuple[str, ...]
    """``question_source``: a digest of what the question key is made from."""
    contents: tuple[str, ...]
    """``content_key``: a digest of what shapes the card's rendering."""


def keys_of(cards: Sequence[Card]) -> CardKeys:
    """Return the cards' keys, derived."""
    return CardKeys(
        tuple(map(question_key, cards)),
        tuple(map(question_source, cards)),
        tuple(map(content_key, cards)),
    )


def card_keys(
    cards: Sequence[Card], parses: Mapping[str, FileParse], previous: Mapping[str, CardKeys]
) -> tuple[CardKeys, dict[str, CardKeys]]:
    """Return the keys of ``cards``, the cards of ``parses`` in order, and the keys by file.

    A file's keys come from ``previous`` when they are there under its parse key. Cards that
    are not those of ``parses`` one to one have their keys derived, all of them.
    """
    files: dict[str, CardKeys] = {}
    for key, (parsed, _) in parses.items():
        known = previous.get(key)
        if known is None or len(known.questions) != len(parsed):
            known = keys_of(parsed)
        files[key] = known
    parts = files.values()
    every = CardKeys(
        tuple(itertools.chain.from_iterable(k.questions for k in parts)),
        tuple(itertools.chain.from_iterable(k.sources for k in parts)),
        tuple(itertools.chain.from_iterable(k.contents for k in parts)),
    )
    if len(every.questions) != len(cards):
        return keys_of(cards), files
    return every, files


def encode(keys: CardKeys) -> list[tuple[str, ...]]:
    """Return one file's keys as JSON values."""
    return list(keys)


def decode(value: Any) -> CardKeys:
    """Return the keys ``encode`` was given; TypeError or ValueError for anything else."""
    found = CardKeys._make(map(tuple, value))
    if len(set(map(len, found))) != 1 or not all(str is type(k) for kind in found for k in kind):
        raise TypeError("not three lists of as many strings")
    return found


def load_keys(root: Path, stamp: str) -> Saved[CardKeys]:
    """Return the cards' keys the last build saved under ``stamp``, by file parse key."""
    return load_log(root / KEYS_LOG, stamp, decode)


def save_keys(
    root: Path, stamp: str, files: Mapping[str, CardKeys], saved: Mapping[str, CardKeys]
) -> None:
    """Save this build's cards' keys (those read from the file are not written again)."""
    save_log(root / KEYS_LOG, stamp, files, saved, encode)
