"""The floor: genanki alone writing the notes a build already rendered (from its render cache).

Usage: python benchmarks/floor.py BUILD_DIR OUT.apkg
"""

from __future__ import annotations

import sys
from pathlib import Path

import genanki

from ankismith.cache.folder import cache_folder
from ankismith.cache.renders import load_renders
from ankismith.model import NoteKind
from ankismith.notetypes.builtin import NOTE_TYPES


def main(build_dir: Path, out: Path) -> None:
    """Write every cached rendering as a basic note with genanki, nothing else."""
    entries = load_renders(cache_folder(build_dir, {}))
    basic = NOTE_TYPES[NoteKind.BASIC]
    model = genanki.Model(
        basic.id,
        basic.name,
        fields=[{"name": f} for f in basic.fields],
        templates=[{"name": "Card 1", "qfmt": "{{Question}}", "afmt": "{{Answer}}"}],
    )
    deck = genanki.Deck(1, "Floor")
    for key, render in entries.items():
        if key.startswith("description:"):
            continue  # the deck description, cached beside the cards
        deck.add_note(genanki.Note(model=model, fields=list(render.fields), guid=key[:10]))
    genanki.Package(deck).write_to_file(str(out), timestamp=1700000000)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
