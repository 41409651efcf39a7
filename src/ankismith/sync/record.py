"""The base of a three-way pull: what the last push put into Anki, kept as one JSON file.

It lives in ``.ankismith/`` beside the content folder (``<parent>/.ankismith/<name>.push.json``),
outside the build and cache folders, so a rebuild, ``make clean``, a commit or a branch switch
leaves it alone; commit it and a fresh clone has it too. Per note GUID it keeps the card id,
the card's file, and each synced field's HTML as Anki holds it with the Markdown that gave it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import orjson

from ankismith.atomic import write_atomic
from ankismith.errors import BuildError

FORMAT = 1


class FieldBase(msgspec.Struct, frozen=True):
    """One field as the last push left it on both sides."""

    html: str
    """The field's HTML as Anki holds it."""
    markdown: str
    """The Markdown (as the parser reads it) that the field came from."""


class NoteBase(msgspec.Struct, frozen=True):
    """One note as the last push left it."""

    card_id: str
    source: str
    """The card's file, relative to the content folder."""
    deck: str
    tags: tuple[str, ...]
    fields: dict[str, FieldBase] = msgspec.field(default_factory=dict)
    """The synced fields, by field name."""


class Record(msgspec.Struct, frozen=True):
    """What the last push put into Anki."""

    commit: str
    """The commit the content was at (with uncommitted changes, if any, on top); "" outside git."""
    target: str
    """Where it went: a collection path or an AnkiConnect URL."""
    decks: tuple[str, ...]
    """The deck names the push filled."""
    notes: dict[str, NoteBase] = msgspec.field(default_factory=dict)
    """Each note, by GUID."""


def record_path(content_dir: Path) -> Path:
    """Return where the record of ``content_dir``'s pushes lives."""
    folder = content_dir.resolve()
    return folder.parent / ".ankismith" / f"{folder.name}.push.json"


def save_record(content_dir: Path, record: Record) -> Path:
    """Write ``record`` atomically; return its path."""
    notes = {
        guid: {
            "card_id": n.card_id,
            "source": n.source,
            "deck": n.deck,
            "tags": list(n.tags),
            "fields": {k: {"html": f.html, "markdown": f.markdown} for k, f in n.fields.items()},
        }
        for guid, n in sorted(record.notes.items())
    }
    data: dict[str, Any] = {
        "format": FORMAT,
        "commit": record.commit,
        "target": record.target,
        "decks": list(record.decks),
        "notes": notes,
    }
    path = record_path(content_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    return path


def load_record(content_dir: Path) -> Record | None:
    """Return the record of the last push, None when there was none."""
    path = record_path(content_dir)
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, orjson.JSONDecodeError) as exc:
        raise BuildError(f"{path}: cannot read the record of the last push: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BuildError(f"{path}: not a push record this ankismith reads; push again")
    notes = {
        guid: NoteBase(
            card_id=n["card_id"],
            source=n["source"],
            deck=n["deck"],
            tags=tuple(n["tags"]),
            fields={k: FieldBase(f["html"], f["markdown"]) for k, f in n["fields"].items()},
        )
        for guid, n in data["notes"].items()
    }
    return Record(data["commit"], data["target"], tuple(data["decks"]), notes)
