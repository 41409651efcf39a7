"""Read an ``.apkg`` that may come from anyone: nothing in it is trusted.

The file and every entry have a size limit; a zip bomb (huge total, or a huge compression
ratio) is refused before anything is inflated; nothing is extracted to disk by name, so a
path-traversal entry name is harmless (it is reported); the collection is opened read-only.
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
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TypeVar

from ankismith.apkg.contents import PackageInfo, read_collection
from ankismith.errors import PackageError

T = TypeVar("T")
MiB = 1024 * 1024
SQLITE_MAGIC = b"SQLite format 3\x00"
_NEWEST = "collection.anki21b"
_LEGACY = ("collection.anki21", "collection.anki2")
# Python 3.11+ can open SQLite bytes in memory; 3.10 reads them from a private temp file.
IN_MEMORY = hasattr(sqlite3.Connection, "deserialize")


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a package may make us read."""

    file: int = 256 * MiB
    """Size of the .apkg itself."""
    entry: int = 256 * MiB
    """Uncompressed size of one entry."""
    total: int = 1024 * MiB
    """Uncompressed size of all entries together."""
    ratio: int = 200
    """Uncompressed / compressed size of an entry (checked above ``ratio_floor``)."""
    ratio_floor: int = 1 * MiB
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


def _read(archive: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    """Read one entry, stopping at the limit whatever its header claims."""
    chunks, size = [], 0
    with archive.open(name) as entry:
        while chunk := entry.read(MiB):
            size += len(chunk)
            if size > limits.entry:
                raise ValueError(f"entry '{name}' inflates beyond {limits.entry} bytes")
            chunks.append(chunk)
    return b"".join(chunks)


@contextlib.contextmanager
def _database(data: bytes) -> Iterator[sqlite3.Connection]:
    """Open SQLite bytes read-only: in memory where Python can, else from a private temp file."""
    if not data.startswith(SQLITE_MAGIC):
        raise ValueError("the collection is not an SQLite database")
    if IN_MEMORY and sys.version_info >= (3, 11):
        conn = sqlite3.connect(":memory:")
        try:
            conn.deserialize(data)
            conn.execute("pragma query_only = 1")
            yield conn
        finally:
            conn.close()
        return
    with tempfile.TemporaryDirectory(prefix="ankismith-read-") as folder:
        path = Path(folder, "collection.sqlite")
        path.write_bytes(data)
        os.chmod(path, 0o400)
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            yield conn
        finally:
            conn.close()


def _media(
    archive: zipfile.ZipFile, names: set[str], limits: Limits
) -> tuple[list[tuple[str, str]], list[str]]:
    if "media" not in names:
        return [], []
    index = json.loads(_read(archive, "media", limits) or b"{}")
    if not isinstance(index, dict):
        raise ValueError("the media index is not a JSON object (a package from a recent Anki?)")
    found, unsafe = [], []
    for entry, name in sorted(index.items()):
        if unsafe_name(str(name)):
            unsafe.append(str(name))
        if str(entry) in names:
            digest = hashlib.sha1(_read(archive, str(entry), limits)).hexdigest()
            found.append((str(name), digest))
    return sorted(found), unsafe


def _collection(archive: zipfile.ZipFile, names: set[str], limits: Limits) -> PackageInfo:
    if _NEWEST in names:
        raise ValueError(
            "exported by a recent Anki version (zstd-compressed collection.anki21b), which diff "
            "does not support; export it from Anki with 'Support older Anki versions' ticked"
        )
    member = next((m for m in _LEGACY if m in names), None)
    if member is None:
        raise ValueError("no collection.anki2 inside: not an Anki package")
    media, unsafe = _media(archive, names, limits)
    with _database(_read(archive, member, limits)) as conn:
        try:
            notes, notetypes, decks = read_collection(conn)
        except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{member} is corrupt or not an Anki collection: {exc}") from None
    unsafe += [n for n in sorted(names) if unsafe_name(n)]
    return PackageInfo(
        "", tuple(notes), tuple(notetypes), tuple(decks), tuple(media), tuple(unsafe)
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


def read_package(path: Path, limits: Limits = Limits()) -> PackageInfo:
    """Read ``path`` as an Anki package; any problem is a ``PackageError`` naming the file."""

    def read() -> PackageInfo:
        with _open(path, limits) as archive:
            return _collection(archive, set(archive.namelist()), limits)

    return replace(_guarded(path, read), path=str(path))


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
