"""The near-duplicate index kept between builds (``near.json``).

It is check/questions.py's ``NearIndex``: with it, a rebuild compares only the questions that
changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ankismith.cache.folder import read_json, write_json

if TYPE_CHECKING:
    from ankismith.check.questions import NearIndex


def load_near(root: Path, stamp: str) -> NearIndex | None:
    """Return the near-duplicate index saved by the last build."""
    from ankismith.check.questions import NearIndex

    data = read_json(root / "near.json", stamp)
    try:
        threshold, digests, pairs, sources, similarities = data
        return NearIndex(
            float(threshold),
            tuple(map(str, digests)),
            tuple((int(i), int(j)) for i, j in pairs),
            tuple(map(str, sources)),
            tuple(map(float, similarities)),
        )
    except (ValueError, TypeError):
        return None


def save_near(root: Path, stamp: str, index: NearIndex) -> None:
    """Save this build's near-duplicate index."""
    write_json(
        root / "near.json",
        stamp,
        [index.threshold, index.digests, index.pairs, index.sources, index.similarities],
    )
