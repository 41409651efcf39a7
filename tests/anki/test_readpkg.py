"""Reading an untrusted .apkg: limits, zip bombs, traversal names, bad databases, new formats."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.apkg import reader
from ankismith.apkg.reader import Limits, read_package, unsafe_name
from ankismith.cli import main
from ankismith.errors import PackageError
from tests.helpers import LORA_CARD, WriteTree, release
from tests.helpers_anki import export_apkg, open_collection

# Python 3.10 has no sqlite3 deserialize: there the in-memory path cannot run, only the file one.
IN_MEMORY_OR_NOT = [
    pytest.param(True, marks=pytest.mark.skipif(not reader.IN_MEMORY, reason="Python < 3.11")),
    False,
]


@pytest.fixture(name="collection")
def _collection(write_tree: WriteTree, tmp_path: Path) -> bytes:
    """Return the collection.anki2 bytes of a one-card build."""
    apkg = release(write_tree({"a.md": LORA_CARD}), tmp_path / "built", 1700000000)
    with zipfile.ZipFile(apkg) as archive:
        return archive.read("collection.anki2")


def package(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def error(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(PackageError) as caught:
        read_package(path, limits or Limits())
    return caught.value.message


def test_reads_our_own_build(collection: bytes, tmp_path: Path) -> None:
    info = read_package(package(tmp_path / "a.apkg", {"collection.anki2": collection}))
    (note,) = info.notes
    assert (note.key, note.decks, note.mtime) == ("lora", ("Test Deck",), 1700000000)
    assert dict(note.fields)["Answer"] == "<p>Low-rank adaptation.</p>"
    assert [t.name for t in info.notetypes] == ["ankismith Basic"]
    assert info.decks == ("Test Deck",)


def test_traversal_names_are_reported_and_never_written(collection: bytes, tmp_path: Path) -> None:
    media = json.dumps({"0": "../../escaped.png", "1": "_deck.css"}).encode()
    entries = {
        "collection.anki2": collection,
        "media": media,
        "0": b"png",
        "1": b"css",
        "../../outside.txt": b"x",
        "/etc/evil": b"x",
    }
    (tmp_path / "deep" / "er").mkdir(parents=True)
    apkg = package(tmp_path / "deep" / "er" / "t.apkg", entries)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    info = read_package(apkg)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert info.unsafe_names == ("../../escaped.png", "../../outside.txt", "/etc/evil")
    assert dict(info.media)["_deck.css"] == hashlib.sha1(b"css").hexdigest()
    result = CliRunner().invoke(main, ["diff", str(apkg), str(apkg)])
    assert result.exit_code == 0, result.output
    assert f"warning: {apkg}: ignored unsafe file name '/etc/evil'" in result.stderr


@pytest.mark.parametrize(
    "name",
    ["../a", "a/../../b", "/abs", "C:\\x", "C:x", "..\\..\\x", "a\x00b", "\\\\server\\share\\x"],
)
def test_unsafe_names(name: str) -> None:
    assert unsafe_name(name)


@pytest.mark.parametrize("name", ["0", "img-3f2a.png", "_deck.css", "a..b.png", "sub/a.png"])
def test_safe_names(name: str) -> None:
    assert not unsafe_name(name)


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    apkg = package(tmp_path / "bomb.apkg", {"collection.anki2": bytes(20 * 1024 * 1024)})
    assert apkg.stat().st_size < 100_000
    assert "is compressed" in error(apkg) and "zip bomb" in error(apkg)


def test_total_size_limit(collection: bytes, tmp_path: Path) -> None:
    apkg = package(tmp_path / "t.apkg", {"collection.anki2": collection, "0": b"x" * 5000})
    message = error(apkg, Limits(total=len(collection) + 100))
    assert message == f"{apkg}: entries inflate to {len(collection) + 5000} bytes in all " + (
        f"(limit {len(collection) + 100}): a zip bomb?"
    )


def test_entry_and_file_size_limits(collection: bytes, tmp_path: Path) -> None:
    apkg = package(tmp_path / "t.apkg", {"collection.anki2": collection})
    assert error(apkg, Limits(file=100)).startswith(f"{apkg}: {apkg.stat().st_size} bytes, more ")
    assert "entry 'collection.anki2' inflates to" in error(apkg, Limits(entry=1000))


@pytest.mark.parametrize("in_memory", IN_MEMORY_OR_NOT)
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"hello, not a database", "the collection is not an SQLite database"),
        (b"SQLite format 3\x00" + bytes(range(256)) * 20, "collection.anki2 is corrupt or not"),
        (b"", "the collection is not an SQLite database"),
    ],
)
def test_corrupt_collection(
    data: bytes, expected: str, in_memory: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "IN_MEMORY", in_memory)
    apkg = package(tmp_path / "c.apkg", {"collection.anki2": data})
    assert error(apkg).startswith(f"{apkg}: {expected}")


@pytest.mark.parametrize("in_memory", IN_MEMORY_OR_NOT)
def test_sqlite_that_is_not_a_collection(
    in_memory: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "IN_MEMORY", in_memory)
    db = tmp_path / "other.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("create table notes (x)")
    conn.close()
    apkg = package(tmp_path / "o.apkg", {"collection.anki2": db.read_bytes()})
    assert (
        error(apkg)
        == f"{apkg}: collection.anki2 is corrupt or not an Anki collection: no col, cards table"
    )


def test_fallback_reads_a_real_collection(
    collection: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "IN_MEMORY", False)
    info = read_package(package(tmp_path / "a.apkg", {"collection.anki2": collection}))
    assert [n.key for n in info.notes] == ["lora"]


def test_not_a_zip_missing_and_directory(tmp_path: Path) -> None:
    (tmp_path / "text.apkg").write_text("just text")
    assert (
        error(tmp_path / "text.apkg")
        == f"{tmp_path / 'text.apkg'}: not a zip archive, so not an .apkg"
    )
    assert error(tmp_path / "gone.apkg") == f"{tmp_path / 'gone.apkg'}: no such file"
    assert error(tmp_path) == f"{tmp_path}: cannot read: Is a directory"
    empty = package(tmp_path / "empty.apkg", {"readme.txt": b"hi"})
    assert error(empty) == f"{empty}: no collection.anki2 inside: not an Anki package"


def export(tmp_path: Path, legacy: bool) -> Path:
    """Export one note from a real Anki collection, in the legacy or the current format."""
    (tmp_path / f"col-{legacy}").mkdir()
    col = open_collection(tmp_path / f"col-{legacy}" / "collection.anki2")
    try:
        note = col.new_note(col.models.by_name("Basic"))  # type: ignore[arg-type]
        note["Front"], note["Back"] = "Question?", "Answer."
        deck = col.decks.id("Exported")
        assert deck is not None
        col.add_note(note, deck)
        apkg = export_apkg(col, deck, tmp_path / f"exported-{legacy}.apkg", legacy=legacy)
    finally:
        col.close()
    return apkg


def test_anki_legacy_export_is_read(tmp_path: Path) -> None:
    info = read_package(export(tmp_path, legacy=True))
    assert [dict(n.fields)["Front"] for n in info.notes] == ["Question?"]
    assert "Exported" in info.decks


def test_anki_current_export_is_read(tmp_path: Path) -> None:
    apkg = export(tmp_path, legacy=False)
    with zipfile.ZipFile(apkg) as archive:
        assert "collection.anki21b" in archive.namelist()
    info = read_package(apkg)
    assert [dict(n.fields)["Front"] for n in info.notes] == ["Question?"]
    assert "Exported" in info.decks
    (basic,) = [t for t in info.notetypes if t.name == "Basic"]
    assert basic.fields == ("Front", "Back") and basic.templates[0][1] == "{{Front}}"
    assert ".card {" in basic.css and not basic.cloze
    result = CliRunner().invoke(main, ["diff", str(apkg), str(apkg)])
    assert result.exit_code == 0, result.output
