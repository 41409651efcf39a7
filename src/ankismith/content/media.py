"""Media references: resolve them inside the content tree and name files by their content.

Pure: content/files.py reads the files; this module only decides what a reference means.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import msgspec

from ankismith.text import closest

IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp"})
SOUND_EXTENSIONS = frozenset(
    {".mp3", ".ogg", ".oga", ".opus", ".wav", ".m4a", ".aac", ".flac", ".mp4", ".webm"}
)
MEDIA_EXTENSIONS = IMAGE_EXTENSIONS | SOUND_EXTENSIONS
FONT_EXTENSIONS = frozenset({".woff", ".woff2", ".ttf", ".otf"})
"""Fonts: bundled only from a note type's folder, for its stylesheet (never from a card)."""
ABSENT_FOLDER = PurePosixPath("_media")
"""Where a card names a file the deck never held (deck.yaml ``absent_media``): kept as written."""
_REMOTE_SCHEMES = frozenset({"http", "https", "data", "mailto"})


class Resolved(msgspec.Struct, frozen=True):
    """What a reference in a card turned out to be."""

    name: str | None = None
    """Content-hashed file name in the package, for a bundled file."""
    error: str | None = None
    """Why the reference is refused, for a bad one."""
    path: PurePosixPath | None = None
    """The file's path relative to the content directory, for a bundled file."""
    code: str = "missing-media"
    """Rule code of the error: ``media-outside`` for containment, else ``missing-media``."""
    remote: bool = False
    """True for a network URL, which offline learners cannot load."""


_KEEPABLE = re.compile(r'^[^_.\s][^/\\:*?"<>|\x00-\x1f\x7f%#\[\]]*$')
"""A name Anki can keep as it is: no '_' start (Anki never updates those), nothing a field's
``src`` or ``[sound:]`` would misread."""


def packaged_names(
    files: Mapping[PurePosixPath, bytes], keep: bool = False
) -> dict[PurePosixPath, str]:
    """Return the packaged name of every media file, hashing each file once.

    With ``keep`` (deck.yaml ``keep_media_names``, an imported deck), a file keeps its own
    name where that is safe and no other file has it; the others are named by content.
    """
    names = {path: packaged_name(path, data) for path, data in files.items()}
    if keep:
        counted: dict[str, int] = {}
        for path in files:
            counted[path.name.casefold()] = counted.get(path.name.casefold(), 0) + 1
        for path in files:
            if (
                counted[path.name.casefold()] == 1
                and _KEEPABLE.match(path.name)
                and len(path.name) <= 100
                and path.suffix.lower() in MEDIA_EXTENSIONS
            ):
                names[path] = path.name
    return names


def is_sound(src: str) -> bool:
    """Return True when a link target names a local sound or video file."""
    try:
        parts = urlsplit(src)
    except ValueError:  # such as an unclosed '[' in the host: not a file of ours either
        return False
    return (
        not parts.scheme and PurePosixPath(unquote(parts.path)).suffix.lower() in SOUND_EXTENSIONS
    )


def packaged_name(relpath: PurePosixPath, data: bytes) -> str:
    """Return the name a file gets in the package: its stem, a content hash, its extension.

    Same-named files in different folders never collide, a changed file gets a new name (so
    learners receive it), and the name never starts with '_' (Anki never updates those).
    """
    stem = re.sub(r"[^A-Za-z0-9-]+", "-", relpath.stem).strip("-")[:40] or "media"
    digest = hashlib.sha256(data).hexdigest()[:16]
    return f"{stem}-{digest}{relpath.suffix.lower()}"


def _refused(message: str) -> Resolved:
    return Resolved(error=message, code="media-outside")


def resolve(
    src: str,
    card_dir: PurePosixPath,
    names: Mapping[PurePosixPath, str],
    outside: frozenset[PurePosixPath],
) -> Resolved:
    """Resolve ``src`` written in a file under ``card_dir`` (both relative to the content dir).

    Network URLs are left alone (flagged ``remote``); anything that would pull a file from
    outside the content directory is refused with code ``media-outside``.
    """
    try:
        parts = urlsplit(src)
    except ValueError as exc:  # 'http://[::1' and the like
        return Resolved(error=f"'{src}': not a valid URL ({exc})")
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return Resolved(remote=True)
    if scheme in _REMOTE_SCHEMES:
        return Resolved()
    if scheme == "file" or src.startswith("//"):
        return _refused(f"'{src}': file URLs are refused; use a path relative to this file")
    if len(scheme) > 1:
        return Resolved(error=f"'{src}': unsupported URL scheme '{parts.scheme}'")
    raw = unquote(parts.path)
    if raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw):
        return _refused(f"'{src}': absolute paths are refused; use a path relative to this file")
    joined = posixpath.normpath(posixpath.join(str(card_dir), raw.replace("\\", "/")))
    if joined == ".." or joined.startswith("../"):
        return _refused(f"'{src}' leaves the content directory; media must live inside it")
    path = PurePosixPath(joined)
    if path in outside:
        return _refused(f"'{src}' is a link to a file outside the content directory; refused")
    if path.suffix.lower() not in MEDIA_EXTENSIONS:
        kinds = ", ".join(sorted(MEDIA_EXTENSIONS))
        return Resolved(error=f"'{src}': not a media file ankismith bundles ({kinds})")
    if path not in names:
        missing = f"media file '{src}' not found (looked for {path} in the content directory)"
        return Resolved(error=missing + _did_you_mean(path, card_dir, names))
    return Resolved(name=names[path], path=path)


def _did_you_mean(
    path: PurePosixPath, card_dir: PurePosixPath, names: Mapping[PurePosixPath, str]
) -> str:
    """Return the end of a 'not found' message: the file meant, as this card would name it.

    A name that differs only in case is named as such: it opens on a computer that ignores
    case, but Anki's media folder, and learners' phones, tell ``LoRA.svg`` from ``lora.svg``.
    """
    wanted = str(path).casefold()
    same = sorted(str(p) for p in names if str(p).casefold() == wanted)
    if same:
        near = posixpath.relpath(same[0], str(card_dir))
        return (
            f": '{near}' differs only in case, which counts in Anki's media folder: write '{near}'"
        )
    close = closest(str(path), sorted(str(p) for p in names))
    return f"; did you mean '{posixpath.relpath(close, str(card_dir))}'?" if close else ""
