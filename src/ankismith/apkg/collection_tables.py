"""The tables recent collections keep note types and decks in, read in the older JSON shape.

Collections of Anki >= 2.1.50 (schema 18: Anki's number for its database layout) keep note
types, their fields and templates, and decks in tables of their own, with their settings as
protobuf; ``col.models`` and ``col.decks`` are empty. This module reads those tables into the
JSON-like dictionaries of schema-11 collections, so ``contents`` reads both the same way.
"""

from __future__ import annotations

import sqlite3

from ankismith.apkg.protowire import Value, decode, number, text

# Field numbers in Anki's proto/anki/notetypes.proto.
_KIND, _SORT_FIELD, _CSS, _LATEX_PRE, _LATEX_POST, _LATEX_SVG = 1, 2, 3, 5, 6, 7
_QFMT, _AFMT = 1, 2
_NORMAL, _DESCRIPTION, _MARKDOWN = 1, 4, 5
# Each option as the schema-11 JSON names it: (key, field number, kind: "text", "int", "bool").
_FIELD_OPTIONS = (
    ("sticky", 1, "bool"),
    ("rtl", 2, "bool"),
    ("font", 3, "text"),
    ("size", 4, "int"),
    ("description", 5, "text"),
    ("plainText", 6, "bool"),
    ("collapsed", 7, "bool"),
    ("excludeFromSearch", 8, "bool"),
    ("id", 9, "int?"),
    ("tag", 10, "int?"),
    ("preventDeletion", 11, "bool"),
)
_TEMPLATE_OPTIONS = (
    ("bqfmt", 3, "text"),
    ("bafmt", 4, "text"),
    ("did", 5, "int?"),
    ("bfont", 6, "text"),
    ("bsize", 7, "int"),
    ("id", 8, "int?"),
)


def _signed(value: int) -> int:
    """Return a protobuf int64 read as an unsigned varint as the signed number it is."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _options(
    parsed: dict[int, list[Value]], spec: tuple[tuple[str, int, str], ...]
) -> dict[str, object]:
    """Return the options ``spec`` names, as schema 11 keeps them; ids only when set."""
    found: dict[str, object] = {}
    for key, number_, kind in spec:
        if kind == "text":
            found[key] = text(parsed, number_)
        elif kind == "bool":
            found[key] = bool(number(parsed, number_))
        elif kind == "int":
            found[key] = number(parsed, number_)
        elif number_ in parsed:
            found[key] = _signed(number(parsed, number_))
    return found


def is_schema18(conn: sqlite3.Connection) -> bool:
    """Return True when the collection keeps note types in a ``notetypes`` table."""
    found = conn.execute("select 1 from sqlite_master where type = 'table' and name = 'notetypes'")
    return found.fetchone() is not None


def notetypes(conn: sqlite3.Connection) -> dict[str, dict[str, object]]:
    """Return note types as ``col.models`` holds them in schema 11 (the keys we read)."""
    fields: dict[int, list[dict[str, object]]] = {}
    for ntid, ord_, name, config in conn.execute("select ntid, ord, name, config from fields"):
        options = _options(decode(bytes(config)), _FIELD_OPTIONS)
        fields.setdefault(int(ntid), []).append({"name": str(name), "ord": int(ord_), **options})
    templates: dict[int, list[dict[str, object]]] = {}
    for ntid, ord_, name, config in conn.execute("select ntid, ord, name, config from templates"):
        parsed = decode(bytes(config))
        templates.setdefault(int(ntid), []).append(
            {
                "name": str(name),
                "ord": int(ord_),
                "qfmt": text(parsed, _QFMT),
                "afmt": text(parsed, _AFMT),
                **_options(parsed, _TEMPLATE_OPTIONS),
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
            "latexPre": text(parsed, _LATEX_PRE),
            "latexPost": text(parsed, _LATEX_POST),
            "latexsvg": bool(number(parsed, _LATEX_SVG)),
            "flds": fields.get(int(ntid), []),
            "tmpls": templates.get(int(ntid), []),
        }
    return models


def decks(conn: sqlite3.Connection) -> dict[str, dict[str, object]]:
    """Return decks as ``col.decks`` holds them in schema 11: id -> {name with '::', desc, md}."""
    found: dict[str, dict[str, object]] = {}
    for did, name, kind in conn.execute("select id, name, kind from decks"):
        # DeckKindContainer { Normal normal = 1 };
        # Normal { string description = 4; bool markdown_description = 5 }
        values = decode(bytes(kind)).get(_NORMAL, [])
        normal = next((v for v in values if isinstance(v, bytes)), None)
        parsed = decode(normal) if normal is not None else {}
        description = text(parsed, _DESCRIPTION) if normal is not None else ""
        markdown = bool(number(parsed, _MARKDOWN)) if normal is not None else False
        found[str(did)] = {
            "name": str(name).replace("\x1f", "::"),
            "desc": description,
            "md": markdown,
        }
    return found
