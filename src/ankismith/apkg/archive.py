"""Write the ``.apkg`` zip ourselves: sorted entries, fixed dates, deflated."""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Mapping
from io import BytesIO


def _entry(name: str, timestamp: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.gmtime(timestamp)[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever machine builds it
    info.external_attr = 0o644 << 16
    return info


def zip_package(collection: bytes, media: Mapping[str, bytes], timestamp: int) -> bytes:
    """Return the package bytes: the same inputs give the same bytes on any machine."""
    names = sorted(media)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry("collection.anki2", timestamp), collection, compresslevel=6)
        index = {str(i): name for i, name in enumerate(names)}
        archive.writestr(
            _entry("media", timestamp), json.dumps(index, sort_keys=True), compresslevel=6
        )
        for i, name in enumerate(names):
            archive.writestr(_entry(str(i), timestamp), media[name], compresslevel=6)
    return buffer.getvalue()
