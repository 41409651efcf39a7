"""Helpers that need the real Anki backend: open a collection, import and export packages.

Only tests under tests/anki and tests/browser use these; everything else shared is in
helpers.py, which imports no Anki.
"""

from __future__ import annotations

from pathlib import Path

from anki.collection import (
    Collection,
    DeckIdLimit,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.decks import DeckId
from anki.import_export_pb2 import ImportResponse


def open_collection(path: Path) -> Collection:
    """Open (or create) a real Anki collection file."""
    return Collection(str(path))


def import_apkg(col: Collection, apkg: Path) -> ImportResponse.Log:
    """Import a package with Anki's default options and return its log."""
    request = ImportAnkiPackageRequest(
        package_path=str(apkg), options=ImportAnkiPackageOptions(with_scheduling=True)
    )
    return col.import_anki_package(request).log


def install(apkg: Path, folder: Path) -> Collection:
    """Import ``apkg`` into a new collection, folder/collection.anki2; return it, open."""
    folder.mkdir(parents=True, exist_ok=True)
    col = open_collection(folder / "collection.anki2")
    try:
        import_apkg(col, apkg)
    except BaseException:
        col.close()
        raise
    return col


def export_apkg(col: Collection, deck: DeckId, apkg: Path, legacy: bool = True) -> Path:
    """Export one deck of ``col`` with its media, no scheduling, to ``apkg``; return apkg."""
    options = ExportAnkiPackageOptions(with_scheduling=False, with_media=True, legacy=legacy)
    col.export_anki_package(out_path=str(apkg), options=options, limit=DeckIdLimit(deck))
    return apkg
