"""Cache files a rebuild appends to: a header line, then a ``[key, value],`` JSON line per entry.

The render, parse and key caches hold an entry per card or file, keyed by its content, and a
rebuild after one edit makes one or two new entries. Rewriting 20 MB of JSON for them took a
twentieth of that rebuild; appending takes nothing. The file is rewritten, holding only the
entries in use, when the entries no build uses (edited away) outnumber those in use.

A file written under another stamp (another version of the code) counts as empty; a last line
torn by a build killed while appending is left out, and the lines before it still count.
"""

from __future__ import annotations

import itertools
import mmap
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import orjson

from ankismith.errors import BuildError

T = TypeVar("T")
_SEPARATOR = b",\n"
"""Ends every entry's line: JSON strings hold no raw line break, so it ends nothing else."""
SPARE = 64
"""Unused entries a file may hold beyond as many as it has in use, before it is rewritten."""


class Saved(dict[str, T]):
    """The entries read from a cache file, and how many lines the file held."""

    lines: int = -1
    """Entries in the file, used or not; -1 when it is to be written anew (none, or torn)."""


def read_log(path: Path, stamp: str) -> tuple[list[Any], int]:
    """Return the ``[key, value]`` entries of the file written under ``stamp``, and their count.

    An absent or unreadable file, or one under another stamp, has no entries and count -1; so
    has one with a torn last line, whose other entries are returned.
    """
    try:
        with open(path, "rb") as log:
            if os.fstat(log.fileno()).st_size == 0:
                return [], -1
            # A private mapping: the file's pages, not a copy of them (tens of megabytes),
            # and the few bytes changed below stay in this process.
            with mmap.mmap(log.fileno(), 0, access=mmap.ACCESS_COPY) as text:
                return _entries(text, stamp)
    except (OSError, ValueError):
        return [], -1


def _entries(text: mmap.mmap, stamp: str) -> tuple[list[Any], int]:
    """Read the entries of a log mapped in memory, making it a JSON array where it lies."""
    head = text.find(b"\n")
    with memoryview(text) as view, view[:head] as header:
        if head < 0 or orjson.loads(header) != {"stamp": stamp}:
            return [], -1
    end = text.rfind(_SEPARATOR)
    if end < head:
        return [], 0 if len(text) == head + 1 else -1
    torn = end + len(_SEPARATOR) != len(text)
    # The header blanked to an opening bracket, the last line's separator made the closing one.
    text[: head + 1] = b" " * head + b"["
    text[end] = ord("]")
    with memoryview(text) as view, view[: end + 1] as array:
        entries = orjson.loads(array)
    return entries, -1 if torn else len(entries)  # a torn file is written anew, not added to


def load_log(path: Path, stamp: str, decode: Callable[[Any], T]) -> Saved[T]:
    """Return the entries of the file written under ``stamp``, each value through ``decode``.

    A value ``decode`` refuses (TypeError, ValueError, ...) makes the whole file count as empty:
    it can only cost time, never fail a build.
    """
    entries, lines = read_log(path, stamp)
    saved: Saved[T] = Saved()
    try:
        saved.update({str(key): decode(value) for key, value in entries})
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return Saved()
    saved.lines = lines
    return saved


def _line(key: str, value: Any) -> bytes:
    return orjson.dumps([key, value]) + _SEPARATOR


def save_log(
    path: Path,
    stamp: str,
    live: Mapping[str, T],
    saved: Mapping[str, Any],
    encode: Callable[[T], Any],
) -> None:
    """Save the entries of ``live``: append those ``saved`` lacks, or rewrite the file.

    ``saved`` is what ``load_log`` read (anything else: the file is written anew). Failures are
    ignored: a cache that cannot be written only costs time.
    """
    from ankismith.atomic import write_atomic  # reading a log, as ``check`` does, needs none

    new = [key for key in live if key not in saved]
    held = saved.lines if isinstance(saved, Saved) else -1
    try:
        if held >= 0 and held + len(new) <= 2 * len(live) + SPARE:
            if new:
                with open(path, "ab") as log:
                    log.write(b"".join(_line(k, encode(live[k])) for k in new))
            return
        head = orjson.dumps({"stamp": stamp}) + b"\n"
        lines = (_line(k, encode(value)) for k, value in live.items())
        write_atomic(path, itertools.chain([head], lines), durable=False)  # line by line
    except (OSError, BuildError, TypeError, ValueError):
        return
