"""The update in place's writing of the new index: spans of the old one copied, or written."""

from __future__ import annotations

import mmap
import os
from pathlib import Path

from ankismith.preview.patch import Spliced, _write_index


def _splice(index: Path) -> tuple[Spliced, mmap.mmap]:
    """Return the index with its bytes 4 to 8 replaced, as the update makes it, and its map."""
    with open(index, "rb") as file:
        raw = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        found = os.fstat(file.fileno())
    view = memoryview(raw)
    spliced = Spliced([view[:4], b"NEW", view[8:]], [0, None, 8], (found.st_dev, found.st_ino))
    return spliced, raw


def test_the_unchanged_spans_are_copied_from_the_index_in_place(tmp_path: Path) -> None:
    index = tmp_path / "index.html"
    index.write_bytes(b"0123456789" * 1000)
    spliced, _raw = _splice(index)
    out = tmp_path / "new.html"
    with out.open("wb") as file:
        _write_index(file, index, spliced)
    assert out.read_bytes() == b"0123NEW89" + b"0123456789" * 999


def test_an_index_replaced_since_it_was_mapped_is_written_from_its_view(tmp_path: Path) -> None:
    index = tmp_path / "index.html"
    index.write_bytes(b"0123456789" * 1000)
    spliced, _raw = _splice(index)
    other = tmp_path / "other.html"
    other.write_bytes(b"x" * 10_000)
    os.replace(other, index)  # the mapped file is no longer the one at the path
    out = tmp_path / "new.html"
    with out.open("wb") as file:
        _write_index(file, index, spliced)
    assert out.read_bytes() == b"0123NEW89" + b"0123456789" * 999
