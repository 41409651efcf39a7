"""Write the ``.apkg`` zip ourselves: sorted entries, fixed dates, deflated.

The collection is deflated in chunks (apkg/deflate.py) so that a rebuild recompresses only
what changed; zipfile has no public way to take another compressor, so its write handle's
compressor is swapped for ours (the same attribute in Python 3.10 to 3.13).
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from ankismith.apkg.deflate import ChunkedCompressor

PIECE = 1 << 20
"""Bytes of the collection file read at a time (a whole number of compressed chunks)."""


def _entry(name: str, timestamp: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.gmtime(timestamp)[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever machine builds it
    info.external_attr = 0o644 << 16
    return info


def zip_package(
    collection: bytes | Path,
    media: Mapping[str, bytes],
    timestamp: int,
    compressor: ChunkedCompressor | None = None,
) -> bytes:
    """Return the package bytes: the same inputs give the same bytes on any machine.

    ``collection`` is the database's bytes or the file holding them (read a piece at a time).
    ``compressor`` may hold the collection's compressed chunks from an earlier build; it
    records the chunks this package uses. The bytes are the same with or without it.
    """
    buffer = BytesIO()
    write_package(buffer, collection, media, timestamp, compressor)
    return buffer.getvalue()


def write_package(
    out: BinaryIO,
    collection: bytes | Path,
    media: Mapping[str, bytes],
    timestamp: int,
    compressor: ChunkedCompressor | None = None,
) -> None:
    """Write the package to ``out`` (seekable, at its start), as ``zip_package`` returns it.

    The compressed collection goes to ``out`` as it is made: a build holds it only as the
    chunks ``compressor`` records (27 MiB at 100,000 cards), not a second time as bytes.
    """
    names = sorted(media)
    with zipfile.ZipFile(out, "w") as archive:
        info = _entry("collection.anki2", timestamp)
        # As writestr sets it: decides zip64 the same way.
        info.file_size = (
            collection.stat().st_size if isinstance(collection, Path) else len(collection)
        )
        with archive.open(info, "w") as entry:
            entry._compressor = compressor or ChunkedCompressor({})  # type: ignore[attr-defined]
            if isinstance(collection, Path):
                with collection.open("rb") as db:
                    while piece := db.read(PIECE):
                        entry.write(piece)
            else:
                entry.write(collection)
        index = {str(i): name for i, name in enumerate(names)}
        archive.writestr(
            _entry("media", timestamp), json.dumps(index, sort_keys=True), compresslevel=6
        )
        for i, name in enumerate(names):
            archive.writestr(_entry(str(i), timestamp), media[name], compresslevel=6)
