"""The formats ``ankismith import`` reads: one module each, tried in turn (``READERS``).

A reader module has ``NAME`` (what a user calls the format), ``detect(path)`` (cheap: a suffix,
the first bytes, a file in a folder) and ``read(path, limits)``, which returns the ``Source``
the import works on. A new format is a module here and a line in ``READERS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import ankismith.importing.readers.apkg as apkg
import ankismith.importing.readers.crowdanki as crowdanki
from ankismith.apkg.reader import Limits
from ankismith.errors import PackageError
from ankismith.importing.source import Source


class Reader(Protocol):
    """What each module of this folder is: one format's name, its test and its reader."""

    NAME: str
    """The format as a user knows it, for the error that names every format."""

    def detect(self, path: Path) -> bool:
        """Return True when ``path`` is in this format; never read more than a few bytes."""
        ...

    def read(self, path: Path, limits: Limits) -> Source:
        """Read ``path``; any problem is a ``PackageError`` naming the file."""
        ...


READERS: tuple[Reader, ...] = (crowdanki, apkg)
"""Every format, in the order they are tried: the first that detects ``path`` reads it."""


def reader_for(path: Path) -> Reader:
    """Return the first reader that detects ``path``; else a ``PackageError`` naming them all."""
    for reader in READERS:
        if reader.detect(path):
            return reader
    known = [reader.NAME for reader in READERS]
    listed = ", ".join(known[:-1]) + " or " + known[-1] if len(known) > 1 else known[0]
    raise PackageError(path, f"not a deck ankismith can import: it reads {listed}")


def read_source(path: Path, limits: Limits | None = None) -> Source:
    """Read the deck at ``path`` with the reader of its format."""
    return reader_for(path).read(path, limits or Limits())
