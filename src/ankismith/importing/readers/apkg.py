"""Read an Anki package (``.apkg``, or a whole collection as ``.colpkg``) for import.

``apkg/reader.py`` reads the package, every format Anki writes; this keeps its media bytes.
"""

from __future__ import annotations

from pathlib import Path

from ankismith.apkg.reader import Limits, read_package
from ankismith.importing.source import Source

NAME = "an Anki package (.apkg or .colpkg)"
SUFFIXES = (".apkg", ".colpkg")
_ZIP = b"PK\x03\x04"


def detect(path: Path) -> bool:
    """Return True for a file named as a package, or any regular file that starts as a zip."""
    if path.suffix.lower() in SUFFIXES:
        return not path.is_dir()  # the reader says what is wrong with any such file
    if not path.is_file():  # never open a FIFO or a device: reading one could block
        return False
    try:
        with path.open("rb") as file:
            return file.read(len(_ZIP)) == _ZIP
    except OSError:
        return False


def read(path: Path, limits: Limits) -> Source:
    """Read the package, media bytes included; any problem is a ``PackageError``."""
    return Source(read_package(path, limits, keep_media=True))
