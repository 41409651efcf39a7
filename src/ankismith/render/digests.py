"""What a card's rendering is known by: digests of everything of it that shapes its HTML.

``render/deck.py`` looks renderings up by these keys, so one found under a card's key is always
the one rendering would give; the renderer's own code is covered by the cache folder's stamp
(cache/renders.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import PurePosixPath

from ankismith.model import Card


def media_signature(names: Mapping[PurePosixPath, str], outside: frozenset[PurePosixPath]) -> str:
    """Return a digest of the media a reference could resolve to."""
    listing = sorted((str(p), n) for p, n in names.items()) + sorted(("!", str(p)) for p in outside)
    return hashlib.sha256(json.dumps(listing).encode()).hexdigest()


def content_key(card: Card) -> str:
    """Return a digest of everything of the card that shapes its rendering."""
    parts = [
        card.type_key,
        card.card_id,
        card.source,
        card.question,
        card.answer,
        card.explanation,
        card.hint,
        str(card.shuffle),
        *(f"{c.correct}:{c.text}" for c in card.choices),
        *(f"{name}:{text}" for name, text in card.fields),
    ]
    return hashlib.sha256("\x1f".join(parts).encode(errors="surrogatepass")).hexdigest()


def cache_key(content: str, media: str) -> str:
    """Return the key of a card's rendering: its ``content_key``, then ``media_signature``'s."""
    return f"{content}:{media[:32]}"


def description_key(text: str, media: str) -> str:
    """Return the key of the deck description's rendering.

    A YAML escape can give the description lone surrogates: they are hashed as they are.
    """
    return hashlib.sha256(f"{text}\x1f{media}".encode(errors="surrogatepass")).hexdigest()
