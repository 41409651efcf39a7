"""The tables recent collections keep note types and decks in, read in the older JSON shape.

Collections of Anki >= 2.1.50 (schema 18: Anki's number for its database layout) keep note
types, their fields and templates, and decks in tables of their own, with their settings as
protobuf; ``col.models`` and ``col.decks`` are empty. This module reads those tables into the
JSON-like dictionaries of schema-11 collections, so ``contents`` reads both the same way.
"""

from __future__ import annotations

import sqlite3

from ankismith.apkg.protowire import decode, number, text

# Field numbers in Anki's proto/anki/notetypes.proto.
_KIND, _SORT_FIELD, _CSS = 1, 2, 3
_QFMT, _AFMT = 1, 2
_NORMAL, _DESCRIPTION = 1, 4


def is_schema18(conn: sqlite3.Connection) -> bool:
    """Return True when the collection keeps note types in a ``notetypes`` table."""
    found = conn.execute("select 1 from sqlite_master where type = 'table' and name = 'notetypes'")
    return found.fetchone() is not None


def notetypes(conn: sqlite3.Connection) -> dict[str, dict[str, object]]:
    """Return note types as ``col.models`` holds them in schema 11 (the keys we read)."""
    fields: dict[int, list[dict[str, object]]] = {}
    for ntid, ord_, name in conn.execute("select ntid, ord, name from fields"):
        fields.setdefault(int(ntid), []).append({"name": str(name), "ord": int(ord_)})
    templates: dict[int, list[dict[str, object]]] = {}
    for ntid, ord_, name, config in conn.execute("select ntid, ord, name, config from templates"):
        parsed = decode(bytes(config))
        templates.setdefault(int(ntid), []).append(
            {
                "name": str(name),
                "ord": int(ord_),
                "qfmt": text(parsed, _QFMT),
                "afmt": text(parsed, _AFMT),
            }
        )
    models: dict[str, dict[str, object]] = {}
    for ntid, name, mtime, config in conn.execute(
        "select id, name, mtime_secs, config from notetypes"
    ):
        parsed = decode(bytes(config))
        models[str(ntid)] = {
            "id": int(ntid),
            "name": str(name),
            "mod": int(mtime),
            "type": number(parsed, _KIND),
            "sortf": number(parsed, _SORT_FIELD),
            "css": text(parsed, _CSS),
            "flds": fields.get(int(ntid), []),
            "tmpls": templates.get(int(ntid), []),
        }
    return models


def decks(conn: sqlite3.Connection) -> dict[str, dict[str, object]]:
    """Return decks as ``col.decks`` holds them in schema 11: id -> {name with '::', desc}."""
    found: dict[str, dict[str, object]] = {}
    for did, name, kind in conn.execute("select id, name, kind from decks"):
        # DeckKindContainer { Normal normal = 1 }; Normal { string description = 4 }
        values = decode(bytes(kind)).get(_NORMAL, [])
        normal = next((v for v in values if isinstance(v, bytes)), None)
        description = text(decode(normal), _DESCRIPTION) if normal is not None else ""
        found[str(did)] = {"name": str(name).replace("\x1f", "::"), "desc": description}
    return found
