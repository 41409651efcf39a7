"""The collection file made the same on every machine: the SQLite bytes no library version decides.

SQLite writes into its header the version of the library that wrote the file last, and versions
differ in what they leave in the unused space of a page (3.40 keeps stale cell pointers there
after a split, 3.50 zeroes them). ``canonical`` rewrites both, reading the file format as
https://www.sqlite.org/fileformat2.html lays it out; nothing else in a page is touched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

# The SQLite version the header names (bytes 96-99), whichever wrote the file: 3.40.1, the one
# that wrote every package before the header was fixed. SQLite reads it only as a label.
SQLITE_VERSION_LABEL = 3_040_001

_HEADER = 100
_INTERIOR = {2: 12, 5: 12}  # interior index and table pages: their header's length
_LEAF = {10: 8, 13: 8}


def canonical(data: bytes, roots: Iterable[int]) -> bytes:
    """Return the database ``data`` with its header and each page's unused space made fixed.

    ``roots`` are the root pages of its tables and indexes (``sqlite_master.rootpage``); the
    b-trees are walked from them, so overflow pages, which have no page header, are left as
    they are. The header's change counter for the version (bytes 92-95) becomes the file's own
    (bytes 24-27), so the header stays valid, and the version the label.
    """
    if len(data) < _HEADER or not data.startswith(b"SQLite format 3\x00"):
        return data
    out = bytearray(data)
    make_canonical(out, roots)
    return bytes(out)


def make_canonical(data: bytearray, roots: Iterable[int]) -> None:
    """Make the database ``data`` canonical in place, as ``canonical`` returns it.

    What is read (page headers, cell pointers, cells) never lies in what is written (the
    header's version, each page's unused space), so reading the bytes being changed is the
    same as reading a copy: a collection of tens of megabytes is not held twice.
    """
    if len(data) < _HEADER or not data.startswith(b"SQLite format 3\x00"):
        return
    view = memoryview(data)
    size = _page_size(data)
    _walk(roots, size, len(data), lambda page: view[(page - 1) * size : page * size], None)


def canonical_file(path: Path, roots: Iterable[int]) -> None:
    """Make the database file at ``path`` canonical where it lies, as ``canonical`` would.

    Read a megabyte at a time (never whole) and written only where a page changes: after
    VACUUM, a few pages of thousands have stale bytes in their unused space.
    """
    with open(path, "r+b") as db:
        handle = db.fileno()
        total = os.fstat(handle).st_size
        header = os.pread(handle, _HEADER, 0)
        if len(header) < _HEADER or not header.startswith(b"SQLite format 3\x00"):
            return
        size = _page_size(header)
        gaps, interiors = _scan(handle, size, total)

        def visit(page: int) -> list[int]:
            if (gap := gaps.get(page)) is not None:
                os.pwrite(handle, bytes(gap[1] - gap[0]), (page - 1) * size + gap[0])
            interior = interiors.get(page)
            return [] if interior is None else _children(interior, page == 1)

        _reachable(roots, size, total, visit)
        if size <= total:
            first = bytearray(header)
            first[92:96] = first[24:28]
            first[96:100] = SQLITE_VERSION_LABEL.to_bytes(4, "big")
            os.pwrite(handle, first, 0)


def _scan(
    handle: int, size: int, total: int
) -> tuple[dict[int, tuple[int, int]], dict[int, bytes]]:
    """Read every page once, in order, and return what ``canonical_file`` needs of each.

    That is the b-tree pages' unused space that is not zero (page -> (start, end) within it),
    and the interior pages' bytes (their children are read from them). A page is changed only
    once it is found reachable, as ``_walk`` finds it.
    """
    gaps: dict[int, tuple[int, int]] = {}
    interiors: dict[int, bytes] = {}
    step = size * max(1, (1 << 20) // size)
    for offset in range(0, total, step):
        block = os.pread(handle, step, offset)
        for start in range(0, len(block) - size + 1, size):
            page = (offset + start) // size + 1
            head = start + (_HEADER if page == 1 else 0)
            kind = block[head]
            length = _INTERIOR.get(kind) or _LEAF.get(kind)
            if length is None:
                continue
            if kind in _INTERIOR:
                interiors[page] = block[start : start + size]
            cells = int.from_bytes(block[head + 3 : head + 5], "big")
            content = int.from_bytes(block[head + 5 : head + 7], "big") or 65536
            gap_start = head - start + length + 2 * cells
            if (
                gap_start < content <= size
                and block.count(0, start + gap_start, start + content) != content - gap_start
            ):
                gaps[page] = (gap_start, content)
    return gaps, interiors


def _children(data: bytes, first: bool) -> list[int]:
    """Return the child pages of an interior b-tree page."""
    head = _HEADER if first else 0
    cells = int.from_bytes(data[head + 3 : head + 5], "big")
    pointers = head + _INTERIOR[data[head]]
    children = [int.from_bytes(data[head + 8 : head + 12], "big")]
    for i in range(cells):
        cell = int.from_bytes(data[pointers + 2 * i : pointers + 2 * i + 2], "big")
        children.append(int.from_bytes(data[cell : cell + 4], "big"))
    return children


def _page_size(header: bytes | bytearray) -> int:
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def _walk(
    roots: Iterable[int],
    size: int,
    total: int,
    read: Callable[[int], bytearray | memoryview],
    write: Callable[[int, bytearray | memoryview], None] | None,
) -> None:
    """Make every page reachable from page 1 and ``roots`` canonical.

    ``read`` gives a page's bytes, changed in place; ``write`` (if any) puts them back.
    """

    def visit(page: int) -> list[int]:
        data = read(page)
        children = _page(data, page == 1)
        if write is not None:
            write(page, data)
        return children

    _reachable(roots, size, total, visit)


def _reachable(
    roots: Iterable[int], size: int, total: int, visit: Callable[[int], list[int]]
) -> None:
    """Call ``visit`` once on every page reachable from page 1 and ``roots``.

    ``visit`` returns the page's children; a page number outside the file is skipped.
    """
    seen: set[int] = set()
    todo = [1, *roots]
    while todo:
        page = todo.pop()
        if page in seen or page < 1 or page * size > total:
            continue
        seen.add(page)
        todo += visit(page)


def _page(data: bytearray | memoryview, first: bool) -> list[int]:
    """Make one page's unused space (and the first page's header) fixed; return its children."""
    if first:
        data[92:96] = data[24:28]
        data[96:100] = SQLITE_VERSION_LABEL.to_bytes(4, "big")
    size = len(data)
    head = _HEADER if first else 0
    kind = data[head]
    length = _INTERIOR.get(kind) or _LEAF.get(kind)
    if length is None:
        return []
    cells = int.from_bytes(data[head + 3 : head + 5], "big")
    content = int.from_bytes(data[head + 5 : head + 7], "big") or 65536
    pointers = head + length
    gap_start, gap_end = pointers + 2 * cells, content
    if gap_start < gap_end <= size:
        data[gap_start:gap_end] = bytes(gap_end - gap_start)
    if kind not in _INTERIOR:
        return []
    children = [int.from_bytes(data[head + 8 : head + 12], "big")]
    for i in range(cells):
        cell = int.from_bytes(data[pointers + 2 * i : pointers + 2 * i + 2], "big")
        children.append(int.from_bytes(data[cell : cell + 4], "big"))
    return children
