"""Cache files a rebuild appends to: a header line, then one ``[key, value]`` JSON line per entry.

The render, parse and key caches hold an entry per card or file, keyed by its content, and a
rebuild after one edit makes one or two new entries. Rewriting 20 MB of JSON for them took a
twentieth of that rebuild; appending takes nothing. The file is rewritten, holding only the
entries in use, when the entries no build uses (edited away) outnumber those in use.

A file written under another stamp (another version of the code) counts as empty; a last line
torn by a build killed while appending is left out, and the lines before it still count.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import orjson

from ankismith.atomic import write_atomic
from ankismith.errors import BuildError

T = TypeVar("T")
SPARE = 64
"""Unused entries a file may hold beyond as many as it has in use, before it is rewritten."""


class Saved(dict[str, T]):
    """The entries read from a cache file, and how many lines the file held."""

    lines: int = -1
    """Entries in the file, used or not; -1 when there was no file under this stamp."""


def read_log(path: Path, stamp: str) -> tuple[list[Any], int]:
    """Return the ``[key, value]`` entries of the file written under ``stamp``, and their count.

    An absent or unreadable file, or one under another stamp, has no entries and count -1.
    """
    try:
        data = path.read_bytes()
        head, _, body = data.partition(b"\n")
        if orjson.loads(head) != {"stamp": stamp}:
            return [], -1
        body = body[: body.rfind(b"\n") + 1]  # without a torn last line
        entries = orjson.loads(b"[" + body.replace(b"\n", b",")[:-1] + b"]") if body else []
    except (OSError, ValueError):
        return [], -1
    return entries, len(entries)


def save_log(
    path: Path,
    stamp: str,
    live: Mapping[str, T],
    saved: Saved[Any],
    encode: Callable[[T], Any],
) -> None:
    """Save the entries of ``live``: append those ``saved`` lacks, or rewrite the file.

    Failures are ignored: a cache that cannot be written only costs time.
    """
    new = [key for key in live if key not in saved]
    try:
        if saved.lines >= 0 and saved.lines + len(new) <= 2 * len(live) + SPARE:
            if new:
                with open(path, "ab") as log:
                    log.write(b"".join(orjson.dumps([k, encode(live[k])]) + b"\n" for k in new))
            return
        head = orjson.dumps({"stamp": stamp}) + b"\n"
        lines = (orjson.dumps([k, encode(value)]) + b"\n" for k, value in live.items())
        write_atomic(path, b"".join([head, *lines]), durable=False)
    except (OSError, BuildError, TypeError, ValueError):
        return
