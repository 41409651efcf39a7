"""The render cache on disk: a JSON file beside the output, read at the start, written at the end.

A missing, unreadable, corrupt or outdated cache is simply empty: it can only save work.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from ankismith.errors import BuildError
from ankismith.package import write_atomic
from ankismith.render import CardRender

CACHE_DIR = ".ankismith-cache"


def cache_file(output_dir: Path) -> Path:
    """Return where the render cache for packages written to ``output_dir`` lives."""
    return output_dir / CACHE_DIR / "render.json"


def load_cache(path: Path, version: str) -> dict[str, CardRender]:
    """Return the cached renderings made by renderer ``version``, or nothing."""
    try:
        document = json.loads(path.read_bytes())
        if document.get("version") != version:
            return {}
        return {
            key: CardRender(
                tuple(fields), tuple(tuple(p) for p in problems), tuple(tuple(u) for u in used)
            )
            for key, (fields, problems, used) in document["entries"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_cache(path: Path, version: str, entries: Mapping[str, CardRender]) -> None:
    """Write the entries the last build used (stale ones are dropped); failures are ignored."""
    document = {
        "version": version,
        "entries": {k: [e.fields, e.problems, e.used] for k, e in sorted(entries.items())},
    }
    try:
        write_atomic(path, json.dumps(document, separators=(",", ":")).encode())
    except BuildError:  # a cache that cannot be written only costs time
        return
