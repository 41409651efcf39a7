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

from ankismith.apkg.deflate import ChunkedCompressor


def _entry(name: str, timestamp: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.gmtime(timestamp)[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever machine builds it
    info.external_attr = 0o644 << 16
    return info


def zip_package(
    collection: bytes | bytearray,
    media: Mapping[str, bytes],
    timestamp: int,
    compressor: ChunkedCompressor | None = None,
) -> bytes:
    """Return the package bytes: the same inputs give the same bytes on any machine.

    ``compressor`` may hold the collection's compressed chunks from an earlier build; it
    records the chunks this package uses. The bytes are the same with or without it.
    """
    names = sorted(media)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = _entry("collection.anki2", timestamp)
        info.file_size = len(collection)  # as writestr sets it: decides zip64 the same way
        with archive.open(info, "w") as out:
            out._compressor = compressor or ChunkedCompressor({})  # type: ignore[attr-defined]
            out.write(collection)
        index = {str(i): name for i, name in enumerate(names)}
        archive.writestr(
            _entry("media", timestamp), json.dumps(index, sort_keys=True), compresslevel=6
        )
        for i, name in enumerate(names):
            archive.writestr(_entry(str(i), timestamp), media[name], compresslevel=6)
    return buffer.getvalue()
