"""The collection's layout as genanki writes it, kept so a rebuild can write it without genanki.

genanki lays out a collection's schema, deck options, decks and note types: its CREATE
statements (each committed alone), one ``col`` row (committed), then that row's decks and note
types updated in a transaction the notes' rows join. It depends only on the decks, the note
types and the build time, so ``apkg/collection.py`` keys what genanki wrote by those
(``Layout.key``); a rebuild whose decks and note types did not change replays it with SQLite
alone (``replay``), in the same statements and transactions, which gives the same bytes, and
does not import genanki (and asyncio, which it imports) at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

import msgspec

Value = int | float | str | None
"""A value of the ``col`` row: SQLite's integers, reals, text and NULL (no blobs there)."""


class Layout(msgspec.Struct, frozen=True):
    """What genanki wrote for one set of decks, note types and build time."""

    key: str
    """A digest of everything genanki was given (apkg/collection.py's ``layout_key``)."""
    schema: tuple[str, ...]
    """The CREATE statements of the tables and indexes, in the order genanki ran them."""
    col: tuple[Value, ...]
    """The ``col`` row as genanki left it: deck options, decks and note types as JSON."""


class Layouts:
    """The layouts a build may reuse (``known``), and the one it used (``used``), by key."""

    def __init__(self, known: Mapping[str, Layout] | None = None) -> None:
        self.known: Mapping[str, Layout] = known or {}
        self.used: dict[str, Layout] = {}

    def get(self, key: str) -> Layout | None:
        """Return the layout kept for ``key``, marked as used, or None."""
        found = self.known.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def add(self, layout: Layout) -> None:
        """Record a layout this build made."""
        self.used[layout.key] = layout


_SCHEMA = "select sql from sqlite_master where sql is not null order by rowid"


def capture(conn: sqlite3.Connection, key: str) -> Layout:
    """Return what genanki wrote into the collection ``conn`` (nothing else written yet)."""
    schema = tuple(str(sql) for (sql,) in conn.execute(_SCHEMA))
    rows = conn.execute("select * from col").fetchall()
    if len(rows) != 1:
        raise ValueError(f"genanki wrote {len(rows)} col rows, not one")
    return Layout(key, schema, tuple(rows[0]))


def replay(conn: sqlite3.Connection, layout: Layout) -> None:
    """Write ``layout`` into the empty collection ``conn`` as genanki would have written it.

    The same statements in the same transactions: the header's change counter counts them, so
    the bytes are genanki's. A transaction is left open, as genanki leaves it.
    """
    conn.executescript("".join(f"{sql};\n" for sql in layout.schema))
    marks = ", ".join("?" * len(layout.col))
    conn.execute(f"insert into col values ({marks})", layout.col)
    conn.commit()
    # genanki updates the decks and note types after the row is in, in a new transaction.
    conn.execute("update col set decks = decks, models = models")
