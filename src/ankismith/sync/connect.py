"""A running Anki, through the AnkiConnect add-on: push and pull over its HTTP API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ankismith.apkg.contents import NoteInfo
from ankismith.errors import BuildError


def push_connect(
    content_dir: Path, output: Path, environ: Mapping[str, str], url: str
) -> list[str]:
    """Push through AnkiConnect."""
    raise BuildError("push --anki-connect is not available yet")


def read_connect(
    url: str, environ: Mapping[str, str], guids: Iterable[str], decks: Iterable[str]
) -> dict[str, NoteInfo]:
    """Read notes through AnkiConnect."""
    raise BuildError("pull --anki-connect is not available yet")
