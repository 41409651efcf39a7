"""The package limits hold over what is actually inflated: zstd and deflate, all entries."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import zstandard

from ankismith.apkg.reader import Limits, read_package
from ankismith.errors import PackageError


def _package(path: Path, entries: dict[str, bytes], deflate: bool = False) -> Path:
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _zstd_bomb(count: int, size: int) -> dict[str, bytes]:
    frame = zstandard.ZstdCompressor(level=19).compress(b"\0" * size)
    media = {str(i): f"f{i}.bin" for i in range(count)}
    return {
        "media": json.dumps(media).encode(),
        "collection.anki2": b"SQLite format 3\x00",
        **{str(i): frame for i in range(count)},
    }


def test_zstd_media_past_the_total_is_one_line_error(tmp_path: Path) -> None:
    # Each entry is small in the zip (its header admits nothing), each within the entry limit:
    # only the bytes counted while decompressing can stop it.
    apkg = _package(tmp_path / "bomb.apkg", _zstd_bomb(8, 1 << 20))
    with pytest.raises(PackageError) as caught:
        read_package(apkg, Limits(entry=2 << 20, total=4 << 20, ratio=10**9))
    message = caught.value.format_message()
    assert "\n" not in message
    assert "inflate beyond 4194304 bytes in all" in message


def test_deflate_entries_count_towards_the_same_total(tmp_path: Path) -> None:
    entries = {
        "media": json.dumps({str(i): f"f{i}" for i in range(4)}).encode(),
        "collection.anki2": b"x",
        **{str(i): b"\0" * (1 << 20) for i in range(4)},
    }
    apkg = _package(tmp_path / "deflate.apkg", entries, deflate=True)
    # The headers tell the truth here, so the archive is refused before anything inflates.
    with pytest.raises(PackageError, match="in all"):
        read_package(apkg, Limits(total=3 << 20, ratio=10**9))


def test_within_the_total_the_reader_goes_on(tmp_path: Path) -> None:
    apkg = _package(tmp_path / "ok.apkg", _zstd_bomb(2, 1 << 20))
    with pytest.raises(PackageError) as caught:
        read_package(apkg, Limits(entry=2 << 20, total=4 << 20, ratio=10**9))
    assert "in all" not in caught.value.format_message()  # it got as far as the collection
