"""The collection's bytes depend on no machine: not on the SQLite Python links, nor its defaults."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ankismith.apkg import collection
from ankismith.apkg.canonical import SQLITE_VERSION_LABEL, canonical, canonical_file
from ankismith.content.read import read_content
from ankismith.pipeline import compile_content
from ankismith.render.rendered import RenderedDeck
from tests.helpers import EPOCH, SAMPLE


def _other_sqlite() -> ModuleType:
    """sqlean.py: the sqlite3 module over another SQLite release than the one Python links."""
    other: ModuleType = pytest.importorskip("sqlean")
    if other.sqlite_version == sqlite3.sqlite_version:
        pytest.skip(f"sqlean links SQLite {other.sqlite_version} too")
    return other


def _deck() -> RenderedDeck:
    deck = compile_content(read_content(SAMPLE), EPOCH).deck
    assert deck is not None
    return deck


def _header(data: bytes) -> dict[str, Any]:
    fields = "changes pages trunk free cookie format cache root encoding user vacuum app"
    values = struct.unpack(">12I", data[24:72])
    return {
        "magic": data[:16],
        "page size": int.from_bytes(data[16:18], "big"),
        "write, read, reserved": tuple(data[18:21]),
        **dict(zip(fields.split(), values, strict=True)),
        "valid for": int.from_bytes(data[92:96], "big"),
        "sqlite": int.from_bytes(data[96:100], "big"),
    }


def test_the_header_is_a_fixed_value() -> None:
    data, _ = collection.build_collection(_deck())
    header = _header(data)
    assert header == {
        "magic": b"SQLite format 3\x00",
        "page size": 4096,
        "write, read, reserved": (1, 1, 0),  # no WAL, no bytes reserved per page
        "changes": header["changes"],
        "pages": len(data) // 4096,
        "trunk": 0,  # no free page: VACUUM wrote every page anew
        "free": 0,
        "cookie": header["cookie"],
        "format": 4,
        "cache": 0,
        "root": 0,  # no auto_vacuum
        "encoding": 1,  # UTF-8
        "user": 0,
        "vacuum": 0,
        "app": 0,
        "valid for": header["changes"],
        "sqlite": SQLITE_VERSION_LABEL,
    }
    assert SQLITE_VERSION_LABEL == 3_040_001
    assert data[72:92] == bytes(20)


def test_another_sqlite_writes_the_same_collection(monkeypatch: pytest.MonkeyPatch) -> None:
    other = _other_sqlite()
    deck = _deck()
    ours = collection.build_collection(deck)
    monkeypatch.setattr(collection, "sqlite3", other)
    assert collection.build_collection(deck) == ours


def test_an_sqlite_without_vacuum_into_writes_the_same_collection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # SQLite before 3.27 has no VACUUM INTO: the collection is made canonical where it lies.
    deck = _deck()
    ours = collection.build_collection(deck)
    monkeypatch.setattr(collection.sqlite3, "sqlite_version_info", (3, 26, 0))
    assert collection.build_collection(deck) == ours


def _table(lib: ModuleType, path: Path) -> tuple[bytes, list[int]]:
    """Write enough rows for interior pages, as build_collection lays a collection out."""
    conn = lib.connect(path)
    for pragma in collection._LAYOUT:
        conn.execute(pragma)
    conn.execute("pragma journal_mode = off")
    conn.execute("create table t (id integer primary key, v text)")
    conn.execute("create index ix on t (v)")
    conn.executemany("insert into t values (?, ?)", ((i, f"row {i} " * 3) for i in range(40000)))
    conn.execute("update t set v = 'x' where id % 7 = 0")
    conn.commit()
    conn.execute("vacuum")
    roots = [root for (root,) in conn.execute("select rootpage from sqlite_master")]
    conn.close()
    return path.read_bytes(), roots


def test_stale_bytes_between_cells_are_cleared(tmp_path: Path) -> None:
    # SQLite 3.40 leaves old cell pointers in an interior page's free space; 3.50 zeroes them.
    other = _other_sqlite()
    ours, roots = _table(sqlite3, tmp_path / "ours.db")
    theirs, _ = _table(other, tmp_path / "theirs.db")
    assert ours != theirs
    assert canonical(ours, roots) == canonical(theirs, roots)
    (tmp_path / "canonical.db").write_bytes(canonical(ours, roots))
    conn = sqlite3.connect(tmp_path / "canonical.db")
    assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
    assert conn.execute("select count(*), max(v) from t").fetchone() == (40000, "x")
    conn.close()


def test_what_is_no_database_is_left_as_it_is() -> None:
    assert canonical(b"not SQLite", [1]) == b"not SQLite"


def test_a_file_is_made_canonical_where_it_lies_as_its_bytes_are(tmp_path: Path) -> None:
    ours, roots = _table(sqlite3, tmp_path / "ours.db")
    canonical_file(tmp_path / "ours.db", roots)
    assert (tmp_path / "ours.db").read_bytes() == canonical(ours, roots)
    (tmp_path / "text").write_bytes(b"not SQLite")
    canonical_file(tmp_path / "text", [1])
    assert (tmp_path / "text").read_bytes() == b"not SQLite"
