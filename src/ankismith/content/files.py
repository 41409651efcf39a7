"""Find and read each file of a content tree, safely: no link out, no FIFO, bad bytes located."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePosixPath

from ankismith.content.media import FONT_EXTENSIONS, MEDIA_EXTENSIONS
from ankismith.errors import BuildError
from ankismith.findings import Finding
from ankismith.limits import TEXT_BYTES
from ankismith.model import Location, MediaFile, SourceFile

SETTINGS_FILE = "deck.yaml"
"""Deck settings, at the root of the content directory."""
PROJECT_FILE = "ankismith.yaml"
"""The project file listing a repository's decks, at its root (``parse/project.py`` reads it)."""
TEMPLATES_DIR = "_templates"
"""Folder of the author's template overrides."""
NOTETYPES_DIR = "_notetypes"
"""Folder of the author's own note types, one folder each."""
NOTETYPE_SUFFIXES = frozenset({".yaml", ".yml", ".html", ".htm", ".css"})
"""The files of a note type's folder read as text: its settings, templates and stylesheet."""


def _walk(content_dir: Path, *, skip_underscore: bool) -> list[Path]:
    """Return every file below ``content_dir``, sorted, skipping hidden (and ``_``) folders."""
    found: list[Path] = []
    for root, dirs, files in os.walk(content_dir):
        hidden = (".", "_") if skip_underscore else (".",)
        dirs[:] = sorted(d for d in dirs if not d.startswith(hidden))
        found.extend(Path(root, f) for f in sorted(files) if not f.startswith("."))
    return sorted(found, key=lambda p: PurePosixPath(p.relative_to(content_dir)).parts)


def find_sources(content_dir: Path) -> list[Path]:
    """Return every ``*.md`` card file in a stable order, skipping hidden and ``_`` folders."""
    if content_dir.exists() and not content_dir.is_dir():
        raise BuildError(f"{content_dir}: is a file, not a content directory")
    if not content_dir.is_dir():
        raise BuildError(f"{content_dir}: content directory not found{_where_instead(content_dir)}")
    return [p for p in _walk(content_dir, skip_underscore=True) if p.suffix == ".md"]


def _where_instead(content_dir: Path) -> str:
    """Return a hint when the deck is found from a subdirectory of the project, or nothing."""
    if content_dir.is_absolute():
        return ""
    here = Path.cwd()
    if (here / "deck.yaml").is_file():
        return "; this directory holds deck.yaml itself: pass '.'"
    for parent in here.parents:
        if (parent / content_dir / "deck.yaml").is_file():
            found = os.path.relpath(parent / content_dir, here)
            return f"; found {found} above this directory: run from {parent}, or pass {found}"
    return ""


def inside(path: Path, root: Path) -> bool:
    """Return True unless ``path``, links followed, leads out of ``root``.

    A link loop counts as inside: it leads nowhere, and reading it fails with a clear error.
    """
    try:
        return path.resolve().is_relative_to(root.resolve())
    except RuntimeError:  # a link loop, before Python 3.13
        return True


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """Read a regular file; a FIFO or device is refused, as reading it could block forever.

    A file of more than ``limit`` bytes is refused before it is read.
    """
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file")
    if limit is not None and info.st_size > limit:
        message = f"{info.st_size} bytes, more than the limit of {limit}; split it"
        raise OSError(errno.EFBIG, message)
    with path.open("rb") as file:
        data = file.read(limit + 1) if limit is not None else file.read()
    if limit is not None and len(data) > limit:
        raise OSError(errno.EFBIG, f"more than the limit of {limit} bytes; split it")
    return data


def _bad_name(relpath: Path) -> bool:
    """Return True for a path that is not UTF-8: it cannot become a deck, tag or field."""
    try:
        str(relpath).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def decode(data: bytes, path: str) -> tuple[str, Finding | None]:
    """Decode UTF-8 (a BOM is dropped); on bad bytes, name the line they are on."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        before = data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start]
        column = len(before.decode("utf-8-sig", errors="replace")) + 1
        message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        return "", Finding(Location(path, line, column), message)


def read_source(
    path: Path, content_dir: Path, *, walked: bool = False
) -> tuple[SourceFile | None, Finding | None]:
    """Read one content file; an unreadable or undecodable file becomes an error, not a crash.

    ``walked``: the path was found by ``find_sources`` in ``content_dir``, which follows no
    link to a folder, so only the file itself can be a link leading out of it: a file that is
    no link needs no resolving of its path (two per file, most of the cost of the check).
    """
    shown = str(path)
    if (not walked or os.path.islink(path)) and not inside(path, content_dir):
        message = "is a link to a file outside the content directory; refused"
        return None, Finding(Location(shown, 0), message, "media-outside")
    relative = path.relative_to(content_dir)
    if _bad_name(relative):
        message = "file or folder name is not valid UTF-8; rename it"
        return None, Finding(Location(shown, 0), message)
    try:
        data = read_regular(path, TEXT_BYTES)
    except OSError as exc:
        return None, Finding(Location(shown, 0), f"cannot read: {exc.strerror or exc}")
    text, error = decode(data, shown)
    if error is not None:
        return None, error
    relpath = PurePosixPath(relative.as_posix())
    return SourceFile(path=shown, relpath=relpath, text=text), None


def find_media(content_dir: Path) -> tuple[list[MediaFile], frozenset[PurePosixPath]]:
    """Read every media file inside the content tree (and the fonts of note types).

    Also return the media paths that are links leading outside it: those are never read, so
    no content can pull an outside file into a package.
    """
    files: list[MediaFile] = []
    outside: set[PurePosixPath] = set()
    for path in _walk(content_dir, skip_underscore=False):
        relpath = PurePosixPath(path.relative_to(content_dir).as_posix())
        suffix = path.suffix.lower()
        font = suffix in FONT_EXTENSIONS and relpath.parts[0] == NOTETYPES_DIR
        if suffix not in MEDIA_EXTENSIONS and not font:
            continue
        if not inside(path, content_dir):
            outside.add(relpath)
            continue
        try:
            files.append(MediaFile(relpath, read_regular(path)))
        except OSError:
            continue  # unreadable media is reported as missing where a card uses it
    return files, frozenset(outside)


def read_templates(content_dir: Path) -> tuple[list[tuple[str, str]], list[Finding]]:
    """Read the author's template overrides from ``content/_templates/``."""
    return read_text_folder(content_dir, TEMPLATES_DIR)


def read_notetypes(content_dir: Path) -> tuple[list[tuple[str, str]], list[Finding]]:
    """Read the text files of the author's note types in ``content/_notetypes/``.

    Only YAML, HTML and CSS files are read; images and sounds there are media (``find_media``).
    """
    return read_text_folder(content_dir, NOTETYPES_DIR, only=NOTETYPE_SUFFIXES)


def read_text_folder(
    content_dir: Path, name: str, only: frozenset[str] | None = None
) -> tuple[list[tuple[str, str]], list[Finding]]:
    """Read every text file below ``content_dir/name`` as (path relative to it, text).

    Like every other file, one that is a link leading out of the content directory (or inside
    a folder that is one) is refused, never read. With ``only``, other suffixes are left out.
    """
    folder = content_dir / name
    if not folder.is_dir():
        return [], []
    found: list[tuple[str, str]] = []
    errors: list[Finding] = []
    for path in _walk(folder, skip_underscore=False):
        if only is not None and path.suffix.lower() not in only:
            continue
        if not inside(path, content_dir):
            message = "is a link to a file outside the content directory; refused"
            errors.append(Finding(Location(str(path), 0), message, "media-outside"))
            continue
        try:
            data = read_regular(path, TEXT_BYTES)
        except OSError as exc:
            errors.append(Finding(Location(str(path), 0), f"cannot read: {exc.strerror or exc}"))
            continue
        text, error = decode(data, str(path))
        if error is not None:
            errors.append(error)
        else:
            found.append((path.relative_to(folder).as_posix(), text))
    return found, errors


def read_settings(content_dir: Path) -> tuple[str, str, Finding | None]:
    """Return the display path and text of ``deck.yaml``, and why it cannot be decoded.

    Its absence, a link out of the content directory or an unreadable file is a BuildError.
    """
    path = content_dir / SETTINGS_FILE
    if not inside(path, content_dir):
        raise BuildError(f"{path}: is a link to a file outside the content directory; refused")
    try:
        data = read_regular(path, TEXT_BYTES)
    except FileNotFoundError:
        raise BuildError(
            f"{path}: missing; create it with at least 'name: Your deck name' (see docs/format.md)"
        ) from None
    except OSError as exc:
        raise BuildError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text, error = decode(data, str(path))
    return str(path), text, error
