"""Parse results reused per file content: a file whose text is unchanged is not parsed again.

Pure: earlier results come in, the results this parse used go out; reading and writing them
is render/store.py's. A file's key covers everything its parse depends on: its paths and text,
the deck settings, and the parser's own source, so a reused result is the one parsing would give.
``encode`` and ``decode`` turn results into JSON values and back.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ankismith import findings, model
from ankismith.findings import Finding
from ankismith.model import Card, DeckSettings, SourceFile
from ankismith.parse import scanner

FileParse = tuple[tuple[Card, ...], tuple[Finding, ...]]
"""One file's cards and findings."""

_TYPES: dict[str, type] = {
    name: value
    for module in (model, findings)
    for name, value in vars(module).items()
    if isinstance(value, type) and (dataclasses.is_dataclass(value) or issubclass(value, enum.Enum))
}


def parser_version() -> str:
    """Return a digest of the parser's source: an edit to it makes every cached parse stale."""
    folder = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.read_bytes())
    for module in (model, findings):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


def file_key(source: SourceFile, settings: DeckSettings) -> str:
    """Return the key of one file's parse."""
    parts = (source.path, str(source.relpath), repr(settings), source.text)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def parse_files_reusing(
    settings: DeckSettings, sources: Sequence[SourceFile], previous: Mapping[str, FileParse]
) -> tuple[list[Card], list[Finding], dict[str, FileParse]]:
    """Parse every file as ``parse_files`` does, reusing ``previous`` results for unchanged ones.

    Returns the cards, the findings and the results to keep for the next build.
    """
    cards: list[Card] = []
    problems: list[Finding] = []
    used: dict[str, FileParse] = {}
    for source in sources:
        key = file_key(source, settings)
        found = previous.get(key)
        if found is None:
            parsed, errors = scanner.parse_source(source, settings)
            found = (tuple(parsed), tuple(errors))
        used[key] = found
        cards.extend(found[0])
        problems.extend(found[1])
    return cards, problems, used


def encode(value: Any) -> Any:
    """Return ``value`` (cards, findings and what they hold) as JSON values."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, enum.Enum):
        return {"e": type(value).__name__, "v": value.value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _TYPES.get(name) is not type(value):
            raise TypeError(f"cannot cache a {name}")
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"d": name, "f": fields}
    if isinstance(value, tuple):
        return {"t": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(value: Any) -> Any:
    """Return the value ``encode`` was given; raise ValueError for anything else."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "t" in value:
        return tuple(decode(item) for item in value["t"])
    kind = _TYPES.get(value.get("e") or value.get("d") or "")
    if kind is None:
        raise ValueError(f"unknown cached value {value!r:.60}")
    if "e" in value:
        return kind(value["v"])
    return kind(**{name: decode(item) for name, item in value["f"].items()})
