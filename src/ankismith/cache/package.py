"""What packaging reuses: the notes' GUIDs and the collection's compressed chunks.

``guids.json`` holds the GUIDs derived for the deck's notes (apkg/collection.py), in one deck
namespace; ``deflate.bin`` the chunks apkg/deflate.py compressed.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from pathlib import Path

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


def load_chunks(root: Path) -> dict[bytes, bytes]:
    """Return the compressed chunks saved by the last build."""
    try:
        data = (root / "deflate.bin").read_bytes()
    except OSError:
        return {}
    chunks: dict[bytes, bytes] = {}
    if not data.startswith(_MAGIC):
        return {}
    at = len(_MAGIC)
    while at + 24 <= len(data):
        key, (size,) = data[at : at + 20], struct.unpack(">I", data[at + 20 : at + 24])
        if at + 24 + size > len(data):
            return {}
        chunks[key] = data[at + 24 : at + 24 + size]
        at += 24 + size
    return chunks if at == len(data) else {}


def save_chunks(root: Path, chunks: Mapping[bytes, bytes]) -> None:
    """Save the chunks this build's package used."""
    parts = [_MAGIC]
    for key, data in sorted(chunks.items()):
        parts += [key, struct.pack(">I", len(data)), data]
    try:
        write_atomic(root / "deflate.bin", b"".join(parts), durable=False)
    except BuildError:
        return
