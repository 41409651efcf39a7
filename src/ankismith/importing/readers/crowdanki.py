"""Read a CrowdAnki export folder (``deck.json`` and ``media/``) as the package reader would.

CrowdAnki keeps note GUIDs, note types (fields, templates, CSS) and subdecks, but no Anki
note type ids: each note type has a ``crowdanki_uuid`` instead. Its note types get an id derived
from that uuid here, and ``NoteTypeInfo.id`` of such a deck is never one learners have.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from ankismith.apkg.contents import NoteInfo, NoteTypeInfo, PackageInfo, notetype_options
from ankismith.apkg.reader import Limits, unsafe_name
from ankismith.content.files import read_regular
from ankismith.errors import PackageError
from ankismith.importing.source import Source
from ankismith.limits import DECK_DEPTH
from ankismith.notetypes.builtin import stable_id

NAME = "a CrowdAnki export folder (with deck.json)"
DECK_JSON = "deck.json"


def detect(path: Path) -> bool:
    """Return True for a folder holding ``deck.json`` (of any kind: ``read`` says what is wrong)."""
    return path.is_dir() and os.path.lexists(path / DECK_JSON)


def _plain(path: Path, kind: str = "file") -> bool:
    """Return True for a regular file (a folder, for ``kind='folder'``), False when absent.

    A symbolic link or anything else is refused: a CrowdAnki folder is read only from its own
    files, never through a link that could lead out of it.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode):
        raise _Refused(
            path, "is a symbolic link: a CrowdAnki folder is read without following links"
        )
    wanted = stat.S_ISDIR if kind == "folder" else stat.S_ISREG
    if not wanted(info.st_mode):
        raise _Refused(path, f"is not a regular {kind} (a FIFO or device?): refused")
    return True


class _Refused(Exception):
    """A file of the folder that is not read: a link, a FIFO, a device."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def uuid_id(uuid: str) -> int:
    """Return the id a CrowdAnki note type is known by here, derived from its uuid."""
    return stable_id(f"crowdanki/{uuid}")


def _notetype(raw: dict[str, Any]) -> NoteTypeInfo:
    fields = sorted(raw.get("flds") or [], key=lambda f: int(f.get("ord", 0)))
    templates = sorted(raw.get("tmpls") or [], key=lambda t: int(t.get("ord", 0)))
    return NoteTypeInfo(
        id=uuid_id(str(raw["crowdanki_uuid"])),
        name=str(raw.get("name", "")),
        fields=tuple(str(f["name"]) for f in fields),
        templates=tuple(
            (str(t.get("name", "")), str(t.get("qfmt", "")), str(t.get("afmt", "")))
            for t in templates
        ),
        css=str(raw.get("css", "")),
        mtime=int(raw.get("mod", 0) or 0),
        cloze=int(raw.get("type", 0) or 0) == 1,
        sort_field=int(raw.get("sortf", 0) or 0),
        options=notetype_options(raw),
    )


def _walk(deck: dict[str, Any], parent: str, out: dict[str, list[Any]], depth: int = 0) -> None:
    if depth > DECK_DEPTH:
        raise ValueError(f"decks nested more than {DECK_DEPTH} deep ('children')")
    name = str(deck.get("name", ""))
    full = name if not parent or "::" in name else f"{parent}::{name}"
    out["decks"].append(full)
    if str(deck.get("desc") or "").strip():
        out["descriptions"].append((full, str(deck["desc"])))
    out["models"] += deck.get("note_models") or []
    out["media"] += deck.get("media_files") or []
    for note in deck.get("notes") or []:
        out["notes"].append((full, note))
    for child in deck.get("children") or []:
        _walk(child, full, out, depth + 1)


def _notes(raw: list[tuple[str, dict[str, Any]]], types: dict[str, NoteTypeInfo]) -> list[NoteInfo]:
    notes = []
    for deck, note in raw:
        notetype = types.get(str(note.get("note_model_uuid")))
        values = [str(v) for v in note.get("fields") or []]
        # A note whose note type the folder lacks keeps its fields, numbered; the import
        # reports it and leaves it out (no note type id of ours is 0).
        names = notetype.fields if notetype else tuple(f"Field {i + 1}" for i in range(len(values)))
        fields = tuple(zip(names, values, strict=False))
        notes.append(
            NoteInfo(
                key=dict(fields).get("Id") or str(note["guid"]),
                guid=str(note["guid"]),
                notetype=notetype.id if notetype else 0,
                fields=fields,
                tags=tuple(sorted(str(t) for t in note.get("tags") or [])),
                decks=(deck,),
                mtime=0,
            )
        )
    return sorted(notes, key=lambda n: n.key)


def _media(folder: Path, names: list[str], limits: Limits) -> tuple[list[Any], list[str]]:
    files, unsafe, total = [], [], 0
    if not _plain(folder / "media", "folder"):
        names = []
    for name in sorted(set(names)):
        path = folder / "media" / name
        if unsafe_name(name) or "/" in name or "\\" in name:
            unsafe.append(name)
        elif _plain(path):
            data = read_regular(path, limits.entry)
            total += len(data)
            if total > limits.total:
                raise ValueError(f"media files hold more than {limits.total} bytes")
            files.append((name, data))
    return files, unsafe


def read(folder: Path, limits: Limits) -> Source:
    """Read a CrowdAnki export folder; any problem is a ``PackageError`` naming deck.json."""
    path = folder / DECK_JSON
    try:
        if not _plain(path):
            raise FileNotFoundError(path)
        deck = json.loads(read_regular(path, limits.entry))
        if not isinstance(deck, dict):
            raise ValueError("deck.json holds no deck object")
        collected: dict[str, list[Any]] = {
            "decks": [],
            "models": [],
            "media": [],
            "notes": [],
            "descriptions": [],
        }
        _walk(deck, "", collected)
        types = {str(m["crowdanki_uuid"]): _notetype(m) for m in collected["models"]}
        notes = _notes(collected["notes"], types)
        files, unsafe = _media(folder, [str(m) for m in collected["media"]], limits)
    except _Refused as exc:
        raise PackageError(exc.path, exc.message) from None
    except FileNotFoundError:
        raise PackageError(path, "no such file: not a CrowdAnki export folder") from None
    except RecursionError:
        raise PackageError(path, "not a CrowdAnki deck: nested too deeply to read") from None
    except OverflowError:
        raise PackageError(path, "not a CrowdAnki deck: a number out of range") from None
    except OSError as exc:
        raise PackageError(path, f"cannot read: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise PackageError(path, f"not valid JSON: {exc}") from None
    except KeyError as exc:
        raise PackageError(path, f"not a CrowdAnki deck: {exc} is missing") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise PackageError(path, f"not a CrowdAnki deck: {exc}") from None
    info = PackageInfo(
        path=str(folder),
        notes=tuple(notes),
        notetypes=tuple(sorted(types.values(), key=lambda t: t.id)),
        decks=tuple(sorted(set(collected["decks"]))),
        media=tuple((name, "") for name, _ in files),
        unsafe_names=tuple(unsafe),
        descriptions=tuple(sorted(collected["descriptions"])),
        media_files=tuple(files),
    )
    return Source(info, {t.id: uuid for uuid, t in types.items()})
