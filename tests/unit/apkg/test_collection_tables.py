"""Schema-18 tables (note types, fields, templates, decks) read in the schema-11 JSON shape."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest
from msgspec.structs import replace

from ankismith.apkg.collection_tables import decks, is_schema18, notetypes
from ankismith.apkg.contents import NoteTypeInfo, read_collection
from tests.unit.apkg.test_protowire import message

# The columns we read of Anki's schema-18 tables, with the extra ones the reader must ignore.
TABLES = """
create table col (id integer primary key, models text not null, decks text not null);
create table notetypes (id integer primary key, name text, mtime_secs integer, usn integer,
    config blob);
create table fields (ntid integer, ord integer, name text, config blob);
create table templates (ntid integer, ord integer, name text, mtime_secs integer, config blob);
create table decks (id integer primary key, name text, mtime_secs integer, common blob,
    kind blob);
create table notes (id integer primary key, guid text, mid integer, mod integer, usn integer,
    tags text, flds text, sfld text, csum integer, flags integer, data text);
create table cards (id integer primary key, nid integer, did integer, ord integer);
"""
CLOZE = message((1, 1), (2, 0), (3, b".card { color: red }"))


@pytest.fixture(name="conn")
def _conn() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.executescript(TABLES)
    conn.executemany(
        "insert into notetypes values (?, ?, ?, -1, ?)",
        [(10, "Basic", 1700000000, message((2, 1), (3, b"b"))), (20, "Cloze", 1700000001, CLOZE)],
    )
    conn.executemany(
        "insert into fields values (?, ?, ?, x'')",
        [(10, 1, "Back"), (10, 0, "Front"), (20, 0, "Text")],
    )
    conn.executemany(
        "insert into templates values (?, ?, ?, 0, ?)",
        [
            (10, 0, "Card 1", message((1, b"{{Front}}"), (2, b"{{Back}}"))),
            (20, 0, "Cloze", message((1, b"{{cloze:Text}}"))),
        ],
    )
    conn.executemany(
        "insert into decks values (?, ?, 0, x'', ?)",
        [
            (1, "Default", message((1, b""))),
            (2, "Top\x1fSub", message((1, message((4, b"<b>About</b>"))))),
            (3, "Filtered", message((2, message((1, 5))))),  # a filtered deck: no Normal
        ],
    )
    conn.execute(
        "insert into notes values (5, 'g1', 10, 1700000002, 0, ' b a ', ?, '', 0, 0, '')",
        ("Q\x1fA",),
    )
    conn.execute("insert into cards values (7, 5, 2, 0)")
    yield conn
    conn.close()


def test_a_notetypes_table_marks_schema_18() -> None:
    older = sqlite3.connect(":memory:")
    try:
        older.execute("create table col (id integer primary key, models text)")
        assert not is_schema18(older)
        older.execute("create table notetypes (id integer primary key)")
        assert is_schema18(older)
    finally:
        older.close()  # Python 3.13 warns about a connection left to the garbage collector


def test_note_types_read_as_schema_11_models(conn: sqlite3.Connection) -> None:
    models = notetypes(conn)
    assert list(models) == ["10", "20"]
    basic = models["10"]
    assert {k: basic[k] for k in ("id", "name", "mod", "type", "sortf", "css")} == {
        "id": 10,
        "name": "Basic",
        "mod": 1700000000,
        "type": 0,  # field 1 absent: a normal note type
        "sortf": 1,
        "css": "b",
    }
    names = ("name", "ord")
    assert sorted(({k: f[k] for k in names} for f in basic["flds"]), key=lambda f: f["ord"]) == [
        {"name": "Front", "ord": 0},
        {"name": "Back", "ord": 1},
    ]
    # Options a config leaves out read as Anki's defaults; ids only when set.
    assert basic["flds"][0]["font"] == "" and "id" not in basic["flds"][0]
    parts = ("name", "ord", "qfmt", "afmt")
    assert [{k: t[k] for k in parts} for t in basic["tmpls"]] == [
        {"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{Back}}"}
    ]
    assert models["20"]["type"] == 1
    assert [{k: t[k] for k in parts} for t in models["20"]["tmpls"]] == [
        {"name": "Cloze", "ord": 0, "qfmt": "{{cloze:Text}}", "afmt": ""}
    ]


def test_decks_read_with_colons_and_their_description(conn: sqlite3.Connection) -> None:
    assert decks(conn) == {
        "1": {"name": "Default", "desc": "", "md": False},
        "2": {"name": "Top::Sub", "desc": "<b>About</b>", "md": False},
        "3": {"name": "Filtered", "desc": "", "md": False},
    }


def test_the_collection_reads_as_a_schema_11_one_would(conn: sqlite3.Connection) -> None:
    notes, types, names = read_collection(conn)
    assert json.loads(types[1].options)["latexPre"] == ""
    assert replace(types[1], options="") == NoteTypeInfo(
        20,
        "Cloze",
        ("Text",),
        (("Cloze", "{{cloze:Text}}", ""),),
        ".card { color: red }",
        1700000001,
        cloze=True,
    )
    assert types[0].fields == ("Front", "Back") and types[0].sort_field == 1
    assert names == ["Filtered", "Top::Sub"]
    assert [(n.guid, n.fields, n.tags, n.decks) for n in notes] == [
        ("g1", (("Front", "Q"), ("Back", "A")), ("a", "b"), ("Top::Sub",))
    ]


def test_a_config_that_is_not_protobuf_raises_value_error(conn: sqlite3.Connection) -> None:
    conn.execute("update templates set config = x'0b' where ntid = 20")
    with pytest.raises(ValueError, match="wire type 3"):
        notetypes(conn)


def test_a_note_lives_in_the_deck_of_most_of_its_cards_then_of_its_first() -> None:
    from ankismith.apkg.contents import _home_first

    assert _home_first({"B": (2, 1), "A": (1, 0)}) == ("B", "A")
    assert _home_first({"B": (1, 0), "A": (1, 1)}) == ("B", "A")
    assert _home_first({}) == ()
