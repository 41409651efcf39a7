"""Read an ``.apkg`` or ``.colpkg`` that may come from anyone: nothing in it is trusted.

Every format Anki writes is read: ``collection.anki2`` and ``collection.anki21`` with a JSON
media index, and the zstd-compressed ``collection.anki21b`` (Anki >= 2.1.50, schema 18) with
its zstd protobuf media index and zstd media files.

The file, every entry and all entries together have a size limit, counted over the bytes
actually inflated (deflate and zstd alike), whatever the headers claim; a zip bomb (huge total,
or a huge compression ratio) that the headers admit to is refused before anything is inflated;
nothing is extracted to disk by name, so a path-traversal entry name is harmless (it is
reported); the collection is opened read-only.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import sqlite3
import stat
import sys
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TypeVar

import msgspec
import msgspec.structs
import zstandard

from ankismith.apkg.contents import (
    PackageInfo,
    deck_descriptions,
    deck_presets,
    markdown_decks,
    read_collection,
)
from ankismith.apkg.protowire import decode, number, text
from ankismith.errors import PackageError
from ankismith.limits import ENTRY_BYTES, PACKAGE_BYTES, RATIO, RATIO_FROM, TOTAL_BYTES, MiB

T = TypeVar("T")
SQLITE_MAGIC = b"SQLite format 3\x00"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_NEWEST = "collection.anki21b"
# Newest first: a recent package also holds a stub collection.anki2 for old Anki versions.
_COLLECTIONS = (_NEWEST, "collection.anki21", "collection.anki2")
# Python 3.11+ can open SQLite bytes in memory; 3.10 reads them from a private temp file.
IN_MEMORY = hasattr(sqlite3.Connection, "deserialize")


class Limits(msgspec.Struct, frozen=True):
    """How much a package may make us read: ``ankismith.limits``, or less in tests."""

    file: int = PACKAGE_BYTES
    """Size of the .apkg itself."""
    entry: int = ENTRY_BYTES
    """Uncompressed size of one entry."""
    total: int = TOTAL_BYTES
    """Uncompressed size of all entries together."""
    ratio: int = RATIO
    """Uncompressed / compressed size of an entry (checked above ``ratio_floor``)."""
    ratio_floor: int = RATIO_FROM
    """Entries smaller than this may compress as well as they like."""


def unsafe_name(name: str) -> bool:
    """Return True when ``name``, extracted naively, could land outside the target folder."""
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    return (
        "\x00" in name
        or posix.is_absolute()
        or windows.is_absolute()
        or bool(windows.drive)
        or ".." in posix.parts
        or ".." in windows.parts
    )


def _check_sizes(archive: zipfile.ZipFile, limits: Limits) -> None:
    total = 0
    for info in archive.infolist():
        if info.file_size > limits.entry:
            size = f"{info.file_size} bytes (limit {limits.entry})"
            raise ValueError(f"entry '{info.filename}' inflates to {size}")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.ratio:
            raise ValueError(f"entry '{info.filename}' is compressed {ratio:.0f}:1: a zip bomb?")
        total += info.file_size
    if total > limits.total:
        size = f"{total} bytes in all (limit {limits.total})"
        raise ValueError(f"entries inflate to {size}: a zip bomb?")


class _Budget:
    """The bytes all entries of one package may still inflate to, deflate and zstd together.

    The header sizes ``_check_sizes`` trusts can lie, and zstd frames inside the zip are not in
    them at all: every byte actually produced is counted here, so reading stops at the limit.
    """

    def __init__(self, limits: Limits) -> None:
        self.limit = limits.total
        self.spent = 0

    def spend(self, size: int, name: str) -> None:
        """Count ``size`` more bytes from entry ``name``; refuse once past the total."""
        self.spent += size
        if self.spent > self.limit:
            raise ValueError(
                f"entries inflate beyond {self.limit} bytes in all (at '{name}'): a zip bomb?"
            )


def _chunks(
    archive: zipfile.ZipFile, name: str, limits: Limits, budget: _Budget
) -> Iterator[bytes]:
    """Yield an entry's bytes as they inflate, zstd undone, stopping at the limits.

    Nothing is held beyond one chunk: what is kept is the caller's choice.
    """
    size = 0
    with archive.open(name) as entry:
        assert isinstance(entry, zipfile.ZipExtFile)  # reading, never writing
        zstd = entry.peek(len(ZSTD_MAGIC))[: len(ZSTD_MAGIC)] == ZSTD_MAGIC
        source: Any = zstandard.ZstdDecompressor().stream_reader(entry) if zstd else entry
        verb = "decompresses" if zstd else "inflates"
        try:
            while chunk := source.read(MiB):
                size += len(chunk)
                if size > limits.entry:
                    raise ValueError(f"entry '{name}' {verb} beyond {limits.entry} bytes")
                budget.spend(len(chunk), name)
                yield chunk
        except zstandard.ZstdError as exc:
            raise ValueError(f"entry '{name}' is not valid zstd data: {exc}") from None


def _entry(archive: zipfile.ZipFile, name: str, limits: Limits, budget: _Budget) -> bytes:
    """Read an entry, decompressing it when it is zstd (as recent Anki stores everything)."""
    data = bytearray()
    for chunk in _chunks(archive, name, limits, budget):
        data += chunk
    return bytes(data)


def _digest(archive: zipfile.ZipFile, name: str, limits: Limits, budget: _Budget) -> str:
    """Return the SHA-1 of an entry's bytes, zstd undone, read a chunk at a time."""
    digest = hashlib.sha1()
    for chunk in _chunks(archive, name, limits, budget):
        digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def _database(data: bytes) -> Iterator[sqlite3.Connection]:
    """Open SQLite bytes read-only: in memory where Python can, else from a private temp file."""
    if not data.startswith(SQLITE_MAGIC):
        raise ValueError("the collection is not an SQLite database")
    if data[18:20] == b"\x02\x02":
        # A write-ahead-log database (how Anki keeps schema 18) cannot be opened from bytes;
        # the header's "legacy journal" flags make the same pages readable.
        data = data[:18] + b"\x01\x01" + data[20:]
    if IN_MEMORY and sys.version_info >= (3, 11):
        conn = sqlite3.connect(":memory:")
        try:
            conn.deserialize(data)
            conn.execute("pragma query_only = 1")
            conn.create_collation("unicase", _unicase)
            yield conn
        finally:
            conn.close()
        return
    with tempfile.TemporaryDirectory(prefix="ankismith-read-") as folder:
        path = Path(folder, "collection.sqlite")
        path.write_bytes(data)
        os.chmod(path, 0o400)
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        conn.create_collation("unicase", _unicase)
        try:
            yield conn
        finally:
            conn.close()


def _unicase(a: str, b: str) -> int:
    """Anki's case-insensitive collation, which schema-18 tables name."""
    x, y = unicodedata.normalize("NFC", a).casefold(), unicodedata.normalize("NFC", b).casefold()
    return (x > y) - (x < y)


def media_index(raw: bytes) -> dict[str, str]:
    """Return {zip entry: media file name} from a JSON or a (zstd) protobuf media index."""
    if raw.startswith(ZSTD_MAGIC) or (raw and not raw.lstrip().startswith(b"{")):
        # MediaEntries { repeated MediaEntry entries = 1 }; MediaEntry { string name = 1;
        # ...; optional uint32 legacy_zip_filename = 255 }; an entry is stored as its index.
        index = {}
        for position, entry in enumerate(decode(raw).get(1, [])):
            if not isinstance(entry, bytes):
                raise ValueError("the media index is not a list of entries")
            fields = decode(entry)
            index[str(number(fields, 255, position))] = text(fields, 1)
        return index
    parsed = json.loads(raw or b"{}")
    if not isinstance(parsed, dict):
        raise ValueError("the media index is not a JSON object")
    return {str(k): str(v) for k, v in parsed.items()}


def _media(
    archive: zipfile.ZipFile, names: set[str], limits: Limits, budget: _Budget, keep: bool
) -> tuple[list[tuple[str, str]], list[str], list[tuple[str, bytes]]]:
    if "media" not in names:
        return [], [], []
    index = media_index(_entry(archive, "media", limits, budget))
    found, unsafe, files = [], [], []
    for entry, name in sorted(index.items()):
        if unsafe_name(name):
            unsafe.append(name)
        if entry in names and keep and not unsafe_name(name):
            data = _entry(archive, entry, limits, budget)
            found.append((name, hashlib.sha1(data).hexdigest()))
            files.append((name, data))
        elif entry in names:
            found.append((name, _digest(archive, entry, limits, budget)))
    return sorted(found), unsafe, sorted(files)


def _collection(
    archive: zipfile.ZipFile, names: set[str], limits: Limits, keep_media: bool
) -> PackageInfo:
    member = next((m for m in _COLLECTIONS if m in names), None)
    if member is None:
        raise ValueError("no collection.anki2 inside: not an Anki package")
    budget = _Budget(limits)
    media, unsafe, files = _media(archive, names, limits, budget, keep_media)
    with _database(_entry(archive, member, limits, budget)) as conn:
        try:
            notes, notetypes, decks = read_collection(conn)
            descriptions = deck_descriptions(conn)
            presets = deck_presets(conn)
            markdown = markdown_decks(conn)
        except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{member} is corrupt or not an Anki collection: {exc}") from None
    unsafe += [n for n in sorted(names) if unsafe_name(n)]
    return PackageInfo(
        "",
        tuple(notes),
        tuple(notetypes),
        tuple(decks),
        tuple(media),
        tuple(unsafe),
        descriptions=tuple(descriptions),
        media_files=tuple(files),
        presets=tuple(presets),
        markdown_descriptions=tuple(markdown),
    )


def _open(path: Path, limits: Limits) -> zipfile.ZipFile:
    """Open a package that is a regular file within the size limit (a FIFO would block)."""
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("not a regular file, so not an .apkg")
    if info.st_size > limits.file:
        raise ValueError(
            f"{info.st_size} bytes, more than the {limits.file}-byte limit for a package"
        )
    archive = zipfile.ZipFile(path)
    try:
        _check_sizes(archive, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def check_package(path: Path, limits: Limits = Limits()) -> None:
    """Refuse a package that is not a regular file or is past a size limit, before import."""
    _guarded(path, lambda: _open(path, limits).close())


def read_package(path: Path, limits: Limits = Limits(), *, keep_media: bool = False) -> PackageInfo:
    """Read ``path`` as an Anki package; any problem is a ``PackageError`` naming the file.

    With ``keep_media`` the bytes of every media file with a safe name are kept too.
    """

    def read() -> PackageInfo:
        with _open(path, limits) as archive:
            return _collection(archive, set(archive.namelist()), limits, keep_media)

    return msgspec.structs.replace(_guarded(path, read), path=str(path))


def _guarded(path: Path, action: Callable[[], T]) -> T:
    """Run ``action``, turning every way a package can be bad into a ``PackageError``."""
    try:
        return action()
    except FileNotFoundError:
        raise PackageError(path, "no such file") from None
    except zipfile.BadZipFile:
        raise PackageError(path, "not a zip archive, so not an .apkg") from None
    except OSError as exc:
        raise PackageError(path, f"cannot read: {exc.strerror or exc}") from None
    except (ValueError, EOFError, RuntimeError, NotImplementedError, OverflowError) as exc:
        raise PackageError(path, str(exc)[:300]) from None
    except sqlite3.Error as exc:
        raise PackageError(path, f"the collection is corrupt: {exc}") from None
    except MemoryError:
        raise PackageError(path, "too big to read in this machine's memory") from None
