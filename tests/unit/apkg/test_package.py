"""The zip we write: deterministic, deflated, atomic."""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from pathlib import Path

import pytest

from ankismith.apkg.archive import zip_package
from ankismith.apkg.deflate import CHUNK, ChunkedCompressor
from ankismith.atomic import write_atomic
from ankismith.errors import BuildError


def test_same_input_same_bytes_and_sorted_entries() -> None:
    media = {"b.png": b"B", "a.png": b"A"}
    first = zip_package(b"db" * 1000, media, 1700000000)
    assert first == zip_package(b"db" * 1000, dict(reversed(media.items())), 1700000000)
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist() == ["collection.anki2", "media", "0", "1"]
    assert json.loads(archive.read("media")) == {"0": "a.png", "1": "b.png"}
    assert archive.read("1") == b"B"
    for info in archive.infolist():
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.date_time == (2023, 11, 14, 22, 13, 20)
    assert len(first) < 2000 // 2


def test_different_time_different_bytes() -> None:
    assert zip_package(b"x", {}, 1700000000) != zip_package(b"x", {}, 1800000000)


def test_write_atomic_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out" / "deck.apkg"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["deck.apkg"]


def test_write_atomic_failure_keeps_previous(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"previous")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(BuildError, match="No space left on device"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["deck.apkg"]


def test_write_atomic_refuses_directory(tmp_path: Path) -> None:
    (tmp_path / "deck.apkg").mkdir()
    with pytest.raises(BuildError, match="is a directory"):
        write_atomic(tmp_path / "deck.apkg", b"x")


def test_the_collection_is_compressed_in_chunks_a_rebuild_reuses() -> None:
    rng = random.Random(1)
    collection = bytes(rng.choice(b"abcdefgh ") for _ in range(5 * CHUNK + 123))
    first = ChunkedCompressor({})
    package = zip_package(collection, {}, 1700000000, first)
    assert package == zip_package(collection, {}, 1700000000)  # the same bytes without a cache
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.read("collection.anki2") == collection
    edited = collection[: CHUNK * 2] + b"X" + collection[CHUNK * 2 + 1 :]
    again = ChunkedCompressor(first.used)
    assert zip_package(edited, {}, 1700000000, again) == zip_package(edited, {}, 1700000000)
    assert len(set(again.used) - set(first.used)) == 1  # only the edited chunk was compressed
