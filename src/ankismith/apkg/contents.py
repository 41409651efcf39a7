"""What a package holds, read back from its collection database into frozen values."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping

import msgspec

from ankismith.apkg import collection_tables

# Anki's built-in deck, present in every collection; never ours.
DEFAULT_DECK = "Default"
_TABLES = ("col", "notes", "cards")


class NoteTypeInfo(msgspec.Struct, frozen=True):
    """A note type as a package ships it."""

    id: int
    """Note type id; Anki matches note types by it."""
    name: str
    """Display name."""
    fields: tuple[str, ...]
    """Field names, in order."""
    templates: tuple[tuple[str, str, str], ...]
    """Card templates as (name, front, back), in order."""
    css: str
    """Stylesheet."""
    mtime: int
    """Modification time in seconds."""
    cloze: bool = False
    """True for Anki's cloze kind (one card per deletion number)."""
    sort_field: int = 0
    """Index of the field the browser sorts by."""
    options: str = ""
    """Anki's own settings of the note type, its fields and templates (``notetype_options``),
    as JSON; "" when the package holds none."""


NOTETYPE_OPTIONS = ("latexPre", "latexPost", "latexsvg")
"""The note type's own settings kept verbatim, beside those of its fields and templates."""
_NOT_OPTIONS = frozenset({"name", "ord", "qfmt", "afmt", "media"})


def notetype_options(raw: Mapping[str, object]) -> str:
    """Return the settings of a note type (schema-11 JSON) that ankismith has no key for.

    They are the LaTeX preamble and postamble, each field's and template's options and ids; as
    JSON with sorted keys, so two reads of one note type give the same text.
    """
    options: dict[str, object] = {k: raw[k] for k in NOTETYPE_OPTIONS if k in raw}
    for key, out in (("flds", "fields"), ("tmpls", "templates")):
        items = raw.get(key)
        if isinstance(items, list) and all(isinstance(i, dict) for i in items):
            ordered = sorted(items, key=lambda i: int(str(i.get("ord", 0))))
            options[out] = [{k: v for k, v in i.items() if k not in _NOT_OPTIONS} for i in ordered]
    return json.dumps(options, sort_keys=True, ensure_ascii=False) if options else ""


class NoteInfo(msgspec.Struct, frozen=True):
    """One note and where its cards go."""

    key: str
    """What matches it across releases: its ``Id`` field, else its GUID."""
    guid: str
    """Note GUID; Anki matches notes by it."""
    notetype: int
    """Note type id."""
    fields: tuple[tuple[str, str], ...]
    """(field name, HTML), in the note type's order."""
    tags: tuple[str, ...]
    """Tags, sorted."""
    decks: tuple[str, ...]
    """Names of the decks its cards are in, sorted."""
    mtime: int
    """Modification time in seconds."""
    note_id: int = 0
    """Anki's note id: its creation time in milliseconds, so notes sort in the order made."""


class PackageInfo(msgspec.Struct, frozen=True):
    """Everything ``diff`` and the release guard compare."""

    path: str
    """Where the package came from, for messages."""
    notes: tuple[NoteInfo, ...]
    """Notes, sorted by key."""
    notetypes: tuple[NoteTypeInfo, ...]
    """Note types, sorted by id."""
    decks: tuple[str, ...]
    """Deck names (Anki's ``Default`` left out), sorted."""
    media: tuple[tuple[str, str], ...] = ()
    """(file name, SHA-1 of its bytes), sorted by name."""
    unsafe_names: tuple[str, ...] = ()
    """Entry or media names that would escape a folder if extracted; never used as paths."""
    descriptions: tuple[tuple[str, str], ...] = ()
    """(deck name, description HTML) of the decks that have one."""
    media_files: tuple[tuple[str, bytes], ...] = ()
    """(file name, bytes) of media with safe names, sorted; only when asked for."""
    markdown_descriptions: tuple[str, ...] = ()
    """Names of the decks whose description is Markdown Anki renders (its ``md`` flag), sorted."""
    presets: tuple[tuple[str, str], ...] = ()
    """(name, its options as JSON) of each deck options preset but Anki's default (id 1),
    sorted; read from schema-11 collections only (ours)."""


def _json_dict(conn: sqlite3.Connection, column: str) -> dict[str, dict[str, object]]:
    raw = conn.execute(f"select {column} from col").fetchone()
    value = json.loads(raw[0]) if raw else None
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ValueError(f"col.{column} is not a JSON object of objects")
    return value


def _names(items: object, key: str = "name") -> list[dict[str, object]]:
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValueError("a note type's fields or templates are not a list of objects")
    return sorted(items, key=lambda i: int(str(i.get("ord", 0))))


def _notetype(raw: dict[str, object]) -> NoteTypeInfo:
    return NoteTypeInfo(
        id=int(str(raw["id"])),
        name=str(raw.get("name", "")),
        fields=tuple(str(f.get("name", "")) for f in _names(raw.get("flds"))),
        templates=tuple(
            (str(t.get("name", "")), str(t.get("qfmt", "")), str(t.get("afmt", "")))
            for t in _names(raw.get("tmpls"))
        ),
        css=str(raw.get("css", "")),
        mtime=int(str(raw.get("mod", 0))),
        cloze=str(raw.get("type", 0)) == "1",
        sort_field=int(str(raw.get("sortf", 0))),
        options=notetype_options(raw),
    )


def _home_first(placed: Mapping[str, tuple[int, int]]) -> tuple[str, ...]:
    """Return a note's decks: the one holding most of its cards first, then the others sorted."""
    if not placed:
        return ()
    home = min(placed, key=lambda name: (-placed[name][0], placed[name][1], name))
    return (home, *sorted(name for name in placed if name != home))


def deck_descriptions(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Return (deck name, description HTML) of every deck that has a description."""
    rows = (
        collection_tables.decks(conn)
        if collection_tables.is_schema18(conn)
        else _json_dict(conn, "decks")
    )
    found = ((str(d.get("name", "")), str(d.get("desc") or "")) for d in rows.values())
    return sorted((name, desc) for name, desc in found if desc.strip())


def markdown_decks(conn: sqlite3.Connection) -> list[str]:
    """Return the names of the decks whose description Anki renders as Markdown (``md``)."""
    rows = (
        collection_tables.decks(conn)
        if collection_tables.is_schema18(conn)
        else _json_dict(conn, "decks")
    )
    return sorted(str(d.get("name", "")) for d in rows.values() if d.get("md") is True)


def deck_presets(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Return (name, options as JSON) of each deck options preset but the default (id 1).

    Read from a schema-11 collection only: a schema-18 one keeps them as protobuf.
    """
    if collection_tables.is_schema18(conn):
        return []
    confs = _json_dict(conn, "dconf")
    skip = {"id", "mod", "usn", "name"}
    return sorted(
        (
            str(c.get("name", "")),
            json.dumps({k: v for k, v in c.items() if k not in skip}, sort_keys=True),
        )
        for key, c in confs.items()
        if key != "1"
    )


def read_collection(
    conn: sqlite3.Connection,
) -> tuple[list[NoteInfo], list[NoteTypeInfo], list[str]]:
    """Read notes, note types and deck names from a schema-11 or schema-18 collection database.

    Raises ``sqlite3.Error``, ``ValueError``, ``KeyError`` or ``TypeError`` when it is not one.
    """
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if missing := [t for t in _TABLES if t not in tables]:
        raise ValueError(f"no {', '.join(missing)} table")
    newer = collection_tables.is_schema18(conn)
    models = collection_tables.notetypes(conn) if newer else _json_dict(conn, "models")
    notetypes = {int(k): _notetype(v) for k, v in models.items()}
    deck_rows = collection_tables.decks(conn) if newer else _json_dict(conn, "decks")
    decks = {int(k): str(v.get("name", "")) for k, v in deck_rows.items()}
    # A card in a filtered deck lives in its home deck (odid). A note's deck is the one that
    # holds most of its cards (the first card's, on a tie): the others follow it.
    placed: dict[int, dict[str, tuple[int, int]]] = {}
    columns = {row[1] for row in conn.execute("pragma table_info(cards)")}
    home = "case when odid != 0 then odid else did end" if "odid" in columns else "did"
    query = f"select nid, {home}, ord from cards"
    for nid, did, ord_ in conn.execute(query):
        name = decks.get(int(did), f"deck {did}")
        count, first = placed.setdefault(int(nid), {}).get(name, (0, int(ord_)))
        placed[int(nid)][name] = (count + 1, min(first, int(ord_)))
    notes = []
    rows = conn.execute("select id, guid, mid, mod, tags, flds from notes")
    for nid, guid, mid, mod, tags, flds in rows:
        values = str(flds).split("\x1f")
        notetype = notetypes.get(int(mid))
        names = notetype.fields if notetype else ()
        names += tuple(f"Field {i + 1}" for i in range(len(names), len(values)))
        fields = tuple(zip(names, values, strict=False))
        key = dict(fields).get("Id") or str(guid)
        notes.append(
            NoteInfo(
                key=key,
                guid=str(guid),
                notetype=int(mid),
                fields=fields,
                tags=tuple(sorted(str(tags).split())),
                decks=_home_first(placed.get(int(nid), {})),
                mtime=int(mod),
                note_id=int(nid),
            )
        )
    used = sorted({n for n in decks.values() if n != DEFAULT_DECK})
    return sorted(notes, key=lambda n: n.key), sorted(notetypes.values(), key=lambda t: t.id), used
