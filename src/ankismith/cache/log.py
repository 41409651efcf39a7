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
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import orjson

from ankismith.errors import BuildError

T = TypeVar("T")
_SEPARATOR = b",\n"
"""Ends every entry's line: JSON strings hold no raw line break, so it ends nothing else."""
_KEY = re.compile(rb'\n\["([^"\\]*)"')
"""The key at the start of an entry's line (keys hold no quote or backslash)."""
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
    entries: list[Any] = []
    try:
        return entries, _read(path, stamp, entries.append)
    except ValueError:
        return [], -1


def _read(path: Path, stamp: str, take: Callable[[Any], object]) -> int:
    """Give ``take`` each entry of the file written under ``stamp``, in order; return the count.

    Each line is decoded as it is reached, so the JSON values of one entry at a time are held
    beside what ``take`` keeps (at 100,000 cards, decoding the whole file at once held its
    values twice). The count is -1 for an absent, unreadable or torn file, or one under another
    stamp; a line that is not JSON raises ValueError.
    """
    try:
        with open(path, "rb") as log:
            if os.fstat(log.fileno()).st_size == 0:
                return -1
            # The file's pages, not a copy of them (tens of megabytes).
            with mmap.mmap(log.fileno(), 0, access=mmap.ACCESS_READ) as text:
                head = text.find(b"\n")
                if head < 0 or orjson.loads(text[:head]) != {"stamp": stamp}:
                    return -1
                end = text.rfind(_SEPARATOR)
                if end < head:
                    return 0 if len(text) == head + 1 else -1
                count, start, read = 0, head + 1, 0
                with memoryview(text) as view:
                    while start <= end:
                        stop = text.find(_SEPARATOR, start)
                        with view[start:stop] as line:
                            take(orjson.loads(line))
                        count, start = count + 1, stop + len(_SEPARATOR)
                        if start - read >= _DROP:
                            read = _dropped(text, read, start)
                torn = end + len(_SEPARATOR) != len(text)
                return -1 if torn else count  # a torn file is written anew, not added to
    except OSError:
        return -1


_DROP = 16 << 20
"""Bytes of a mapped file read, after which its pages are dropped from the build's memory."""


def _dropped(text: mmap.mmap, read: int, upto: int) -> int:
    """Drop the pages of ``text`` from ``read`` to ``upto`` from the process; return the new start.

    Mapped pages a build has read count in its memory until the mapping closes: at 100,000
    cards the render cache is 112 MB, read while the decoded renderings grow. The file stays
    in the system's cache; only the mapping lets them go.
    """
    upto -= upto % mmap.PAGESIZE
    if upto > read and hasattr(mmap, "MADV_DONTNEED"):
        text.madvise(mmap.MADV_DONTNEED, read, upto - read)
    return upto


def load_log(
    path: Path, stamp: str, decode: Callable[[Any], T], key: Callable[[str], str] = str
) -> Saved[T]:
    """Return the entries of the file written under ``stamp``, each value through ``decode``.

    Each entry's key goes through ``key`` (``sys.intern``, say). A line that is not JSON, or a
    value ``decode`` refuses (TypeError, ValueError, ...), makes the whole file count as
    empty: it can only cost time, never fail a build.
    """
    saved: Saved[T] = Saved()

    def take(entry: Any) -> None:
        name, value = entry
        saved[key(str(name))] = decode(value)

    try:
        lines = _read(path, stamp, take)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return Saved()
    saved.lines = lines
    return saved


def _line(key: str, value: Any) -> bytes:
    return orjson.dumps([key, value]) + _SEPARATOR


class Planned(NamedTuple):
    """What saving a cache file will write: the lines it gains, or every entry anew."""

    added: bytes | None
    """The lines to append, already encoded; None when the file is written anew."""
    live: Mapping[str, Any]
    """Every entry, to write anew; empty when ``added`` is appended."""
    encode: Callable[[Any], Any]
    """Turns an entry of ``live`` into JSON values."""
    staged: Path | None = None
    """The file anew, already written beside its place (``stage_log``), to be renamed there."""


def plan_log(
    live: Mapping[str, T], saved: Mapping[str, Any], encode: Callable[[T], Any]
) -> Planned:
    """Return what saving ``live`` will write: the lines ``saved`` lacks, or the file anew.

    Appended lines are encoded now, so the entries need not be held until they are written
    (a rebuild appends a few lines to files of 100,000 entries). ``saved`` is what
    ``load_log`` read (anything else: the file is written anew). When an entry to append
    cannot be encoded, nothing is.
    """
    new = [key for key in live if key not in saved]
    held = saved.lines if isinstance(saved, Saved) else -1
    if held >= 0 and held + len(new) <= 2 * len(live) + SPARE:
        try:
            return Planned(b"".join(_line(k, encode(live[k])) for k in new), {}, encode)
        except (TypeError, ValueError):
            return Planned(b"", {}, encode)  # nothing is appended
    return Planned(None, live, encode)


def stage_log(path: Path, stamp: str, plan: Planned) -> Planned:
    """Return ``plan`` with a file to be written anew written now beside ``path``, not in it.

    Its entries are then let go by the caller (a cold build's every card parse and keys, some
    170 MiB at 100,000 cards) instead of being held until the package is in place; the file
    is renamed into place by ``write_log``, or removed by ``drop_log``. Should writing fail,
    nothing is written.
    """
    from ankismith.atomic import write_staged

    if plan.added is not None:
        return plan
    head = orjson.dumps({"stamp": stamp}) + b"\n"
    lines = (_line(k, plan.encode(value)) for k, value in plan.live.items())
    try:
        staged = write_staged(path, itertools.chain([head], lines))
    except (BuildError, TypeError, ValueError):
        return Planned(b"", {}, plan.encode)
    return Planned(None, {}, plan.encode, staged)


def drop_log(plan: Planned) -> None:
    """Remove the file ``stage_log`` wrote for ``plan``, if any: the build did not finish."""
    from ankismith.atomic import drop_staged

    if plan.staged is not None:
        drop_staged(plan.staged)


def write_log(path: Path, stamp: str, plan: Planned) -> None:
    """Write what ``plan_log`` planned. Failures are ignored: a cache only costs time."""
    from ankismith.atomic import place_staged, write_atomic  # reading a log needs none

    try:
        if plan.staged is not None:
            place_staged(plan.staged, path)
            return
        if plan.added is not None:
            if plan.added:
                with open(path, "ab") as log:
                    log.write(plan.added)
            return
        head = orjson.dumps({"stamp": stamp}) + b"\n"
        lines = (_line(k, plan.encode(value)) for k, value in plan.live.items())
        write_atomic(path, itertools.chain([head], lines), durable=False)  # line by line
    except (OSError, BuildError, TypeError, ValueError):
        return


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
    write_log(path, stamp, plan_log(live, saved, encode))


_NEAR = 1 << 16
"""Bytes after the last entry found that are searched first for the next one asked for."""


class LogIndex(Mapping[str, T]):
    """A cache file's entries found by key, each decoded only when asked for.

    For a reader that needs a few entries of a large file (a preview after a build, which
    renders one file's cards again): each entry asked for is searched for in the file's pages,
    first near where the last one was found (a file's cards were written side by side), then
    back from the end (where a rebuild appends the entries of the files that changed), and
    only it is decoded; the keys of all the lines are found only for iterating or counting.
    An entry that cannot be decoded is missing; a file under another stamp, or one that
    cannot be read, has no entries.
    """

    def __init__(self, path: Path, stamp: str, decode: Callable[[Any], T]) -> None:
        """Find the entries of the file ``path`` written under ``stamp``."""
        self._decode = decode
        self._text: bytes | mmap.mmap = b""
        self._at: dict[str, int] | None = None
        self._head = self._end = self._hint = 0
        try:
            with open(path, "rb") as log:
                # The file's pages, not a copy of them: most of its entries are never asked for.
                text = mmap.mmap(log.fileno(), 0, access=mmap.ACCESS_READ)
            head = text.find(b"\n")
            if head < 0 or orjson.loads(text[:head]) != {"stamp": stamp}:
                return
        except (OSError, ValueError):  # an empty file cannot be mapped: ValueError
            return
        # Each line is ["key",value] after a line break, and no JSON string holds a raw line
        # break: a line starts where the pattern is found (a search for its literal start).
        # Lines end before the last separator: a torn last line is left out.
        self._text = text
        self._head = self._hint = head
        self._end = max(head, text.rfind(_SEPARATOR) + 1)

    def _index(self) -> dict[str, int]:
        """Return where every line's entry starts, by key (found once, when first needed)."""
        if self._at is None:
            found = _KEY.finditer(self._text, self._head, self._end)
            self._at = {m.group(1).decode(errors="replace"): m.start() + 1 for m in found}
        return self._at

    def _find(self, key: str) -> int:
        """Return where the entry of ``key`` starts; KeyError when the file has no such line."""
        if self._at is not None:
            return self._at[key]
        if '"' in key or "\\" in key:
            raise KeyError(key)  # keys hold no quote or backslash
        needle = b'\n["' + key.encode() + b'"'
        # Near where the last entry was found (the next card of the same file), then back from
        # the end (lines appended by the last build: a changed file's), then from the start.
        text, hint, end = self._text, self._hint, self._end
        at = text.find(needle, hint, min(hint + _NEAR, end))
        if at < 0:
            at = text.rfind(needle, hint, end)
        if at < 0:
            at = text.find(needle, self._head, min(hint + len(needle), end))
        if at < 0:
            raise KeyError(key)
        return at + 1

    def __getitem__(self, key: str) -> T:
        """Return the entry of ``key``, decoded; KeyError when it is missing or undecodable."""
        start = self._find(key)
        try:
            end = self._text.find(_SEPARATOR, start)
            found, value = orjson.loads(self._text[start:end])
            if found == key:
                self._hint = end
                return self._decode(value)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            pass
        raise KeyError(key)

    def __bool__(self) -> bool:
        """Tell whether the file holds an entry's line, without finding every key."""
        return self._end > self._head

    def __iter__(self) -> Iterator[str]:
        """Iterate over the keys the file holds."""
        return iter(self._index())

    def __len__(self) -> int:
        """Return how many keys the file holds."""
        return len(self._index())
