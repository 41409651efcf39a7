"""What packaging reuses: the notes' GUIDs and the compressed chunks, or nothing when unusable."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from ankismith.cache.package import load_chunks, load_guids, save_chunks, save_guids

CHUNKS = {b"k" * 20: b"compressed", b"a" * 20: b"", b"z" * 20: bytes(range(256))}


def test_guids_saved_are_loaded_with_their_namespace(tmp_path: Path) -> None:
    assert load_guids(tmp_path, "stamp") == ("", {})
    save_guids(tmp_path, "stamp", "deck-ns", {"lora": "Gx!1", "peft": "Hy#2"})
    assert load_guids(tmp_path, "stamp") == ("deck-ns", {"lora": "Gx!1", "peft": "Hy#2"})
    assert load_guids(tmp_path, "other") == ("", {})


@pytest.mark.parametrize(
    "data",
    [None, "ns", ["ns"], [1, {}], ["ns", ["a", "b"]], ["ns", {"a": 3}], {"ns": {}}],
)
def test_guids_of_the_wrong_shape_are_a_miss(tmp_path: Path, data: object) -> None:
    (tmp_path / "guids.json").write_bytes(orjson.dumps({"stamp": "stamp", "data": data}))
    assert load_guids(tmp_path, "stamp") == ("", {})


def test_chunks_saved_are_loaded(tmp_path: Path) -> None:
    assert load_chunks(tmp_path) == {}
    save_chunks(tmp_path, CHUNKS)
    assert load_chunks(tmp_path) == CHUNKS
    save_chunks(tmp_path, {})
    assert load_chunks(tmp_path) == {}


def test_a_torn_chunk_file_is_a_miss(tmp_path: Path) -> None:
    save_chunks(tmp_path, CHUNKS)
    path = tmp_path / "deflate.bin"
    whole = path.read_bytes()
    for end in (len(whole) - 1, len(whole) - 100, 30):  # inside the last entry, or a header
        path.write_bytes(whole[:end])
        assert load_chunks(tmp_path) == {}
    path.write_bytes(whole + b"x")
    assert load_chunks(tmp_path) == {}


def test_chunks_of_another_format_are_a_miss(tmp_path: Path) -> None:
    save_chunks(tmp_path, CHUNKS)
    path = tmp_path / "deflate.bin"
    path.write_bytes(path.read_bytes().replace(b"deflate 2\n", b"deflate 1\n", 1))
    assert load_chunks(tmp_path) == {}


def test_chunks_that_cannot_be_written_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "deflate.bin").mkdir()  # a folder where the file should go
    save_chunks(tmp_path, CHUNKS)
    assert load_chunks(tmp_path) == {}
