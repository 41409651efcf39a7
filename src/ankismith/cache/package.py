"""What packaging reuses: the notes' GUIDs, the collection's layout and its compressed chunks.

``guids.json`` holds the GUIDs derived for the deck's notes (apkg/collection.py), in one deck
namespace; ``layout.json`` the collection's layout genanki made (apkg/layout.py), by key;
``deflate.bin`` the chunks apkg/deflate.py compressed.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Mapping
from pathlib import Path

from ankismith.apkg.layout import Layout
from ankismith.atomic import write_atomic
from ankismith.cache.folder import read_json, write_json
from ankismith.errors import BuildError

_MAGIC = b"ankismith deflate 2\n"


def load_guids(root: Path, stamp: str) -> tuple[str, dict[str, str]]:
    """Return the namespace the last build derived GUIDs in, and those GUIDs by card id."""
    data = read_json(root / "guids.json", stamp)
    try:
        namespace, guids = data
        if not isinstance(namespace, str) or not isinstance(guids, dict):
            return "", {}
        if not all(type(k) is str is type(v) for k, v in guids.items()):
            return "", {}
        return namespace, guids
    except (ValueError, TypeError):
        return "", {}


def save_guids(root: Path, stamp: str, namespace: str, guids: Mapping[str, str]) -> None:
    """Save the GUIDs this build derived for notes of ``namespace``."""
    write_json(root / "guids.json", stamp, [namespace, guids])


def load_layouts(root: Path, stamp: str) -> dict[str, Layout]:
    """Return the collection layouts the last build used, by key; none when unreadable."""
    data = read_json(root / "layout.json", stamp)
    if not isinstance(data, list):
        return {}
    found: dict[str, Layout] = {}
    for item in data:
        try:
            key, schema, col = item
        except (ValueError, TypeError):
            return {}
        if not isinstance(key, str) or not isinstance(schema, list) or not isinstance(col, list):
            return {}
        if not all(isinstance(sql, str) for sql in schema):
            return {}
        if not all(value is None or type(value) in (int, float, str) for value in col):
            return {}
        found[key] = Layout(key, tuple(schema), tuple(col))
    return found


def save_layouts(root: Path, stamp: str, layouts: Mapping[str, Layout]) -> None:
    """Save the collection layouts this build used."""
    data = [[key, list(layout.schema), list(layout.col)] for key, layout in sorted(layouts.items())]
    write_json(root / "layout.json", stamp, data)


def load_chunks(root: Path) -> dict[bytes, bytes]:
    """Return the compressed chunks saved by the last build.

    The file is read a chunk at a time: read whole, it was held beside its chunks (28 MB at
    100,000 cards).
    """
    chunks: dict[bytes, bytes] = {}
    try:
        with (root / "deflate.bin").open("rb") as data:
            if data.read(len(_MAGIC)) != _MAGIC:
                return {}
            while head := data.read(24):
                if len(head) < 24:
                    return {}
                key, (size,) = head[:20], struct.unpack(">I", head[20:])
                chunk = data.read(size)
                if len(chunk) != size:
                    return {}
                chunks[key] = chunk
    except OSError:
        return {}
    return chunks


def save_chunks(root: Path, chunks: Mapping[bytes, bytes]) -> None:
    """Save the chunks this build's package used (written as they come, never joined)."""

    def parts() -> Iterator[bytes]:
        yield _MAGIC
        for key, data in sorted(chunks.items()):
            yield key + struct.pack(">I", len(data))
            yield data

    try:
        write_atomic(root / "deflate.bin", parts(), durable=False)
    except BuildError:
        return
