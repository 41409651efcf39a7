"""Find and read content files: the only stage that reads the content directory."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from ankismith.config import SETTINGS_FILE
from ankismith.errors import BuildError, ContentError
from ankismith.model import Location, SourceFile


def find_sources(content_dir: Path) -> list[Path]:
    """Return every ``*.md`` file below ``content_dir`` in a stable order, skipping hidden ones."""
    if not content_dir.is_dir():
        raise BuildError(f"{content_dir}: content directory not found")
    found: list[Path] = []
    for root, dirs, files in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root, f) for f in sorted(files) if f.endswith(".md") and not f.startswith(".")
        )
    return sorted(found, key=lambda p: PurePosixPath(p.relative_to(content_dir)).parts)


def decode(data: bytes, path: str) -> tuple[str, ContentError | None]:
    """Decode UTF-8 (a BOM is dropped); on bad bytes, name the line they are on."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", ContentError(
            Location(path, line),
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )


def read_source(path: Path, content_dir: Path) -> tuple[SourceFile | None, ContentError | None]:
    """Read one content file; an unreadable or undecodable file becomes an error, not a crash."""
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, ContentError(Location(shown, 0), f"cannot read: {exc.strerror or exc}")
    text, error = decode(data, shown)
    if error is not None:
        return None, error
    relpath = PurePosixPath(path.relative_to(content_dir).as_posix())
    return SourceFile(path=shown, relpath=relpath, text=text), None


def read_settings(content_dir: Path) -> tuple[str, str]:
    """Return the display path and text of ``deck.yaml``; its absence is an error."""
    path = content_dir / SETTINGS_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BuildError(
            f"{path}: missing; create it with at least 'name: Your deck name' (see docs/format.md)"
        ) from None
    except OSError as exc:
        raise BuildError(f"{path}: cannot read: {exc.strerror or exc}") from None
    text, error = decode(data, str(path))
    if error is not None:
        raise error
    return str(path), text
