"""Media the author's note types use in their templates and stylesheets, bundled by name. Pure.

A template says ``<img src="_logo.png">`` or a stylesheet ``url("_paper.png")``: Anki looks the
file up by that very name, so it is bundled under it, from the note type's own folder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath

from ankismith.content.files import NOTETYPES_DIR
from ankismith.findings import Finding
from ankismith.model import Location, NoteTypeDef
from ankismith.text import split_lines

_REFERENCE = re.compile(r"""(?:\bsrc\s*=\s*["']?|\burl\(\s*["']?)([^"'\s)>]+)""", re.I)


def _references(note_type: NoteTypeDef) -> list[tuple[str, int, str]]:
    """Return (file, line, name) of every local file the note type's text names."""
    texts = [(t.front_file, t.front) for t in note_type.templates]
    texts += [(t.back_file, t.back) for t in note_type.templates]
    texts.append((note_type.css_file, note_type.css))
    found = []
    for path, text in texts:
        for number, line in enumerate(split_lines(text), start=1):
            found += [(path, number, name) for name in named_files(line)]
    return found


def named_files(text: str) -> list[str]:
    """Return the local files a template or stylesheet text names (``src=``, ``url()``)."""
    names = []
    for match in _REFERENCE.finditer(text):
        name = match.group(1)
        # A field ({{Image}}), a URL or data: (remote-resource's concern), a fragment.
        if "{{" not in name and ":" not in name and not name.startswith("#"):
            names.append(name)
    return names


def notetype_media(
    notetypes: Sequence[NoteTypeDef],
    files: Mapping[PurePosixPath, bytes],
    absent: frozenset[str] = frozenset(),
) -> tuple[dict[str, bytes], list[Finding]]:
    """Return the media the author's note types name, by name, and the names not found.

    A name in ``absent`` (deck.yaml ``absent_media``) is one the deck never held: left alone.
    """
    media: dict[str, bytes] = {}
    owner: dict[str, str] = {}
    errors: list[Finding] = []
    for note_type in notetypes:
        if note_type.location is None:
            continue  # ours name no files
        folder = PurePosixPath(NOTETYPES_DIR, note_type.key)
        for path, line, name in _references(note_type):
            data = files.get(folder / name) if "/" not in name and name != ".." else None
            if data is None and name in absent:
                continue
            if data is None:
                message = (
                    f"note type '{note_type.key}': media file '{name}' not found; put it in "
                    f"{NOTETYPES_DIR}/{note_type.key}/ and name it without a folder"
                )
                errors.append(Finding(Location(path, line), message, "missing-media"))
            elif name in media and media[name] != data:
                # Anki's media folder holds one file per name: one note type would show the
                # other's file, so neither is silently chosen.
                message = (
                    f"note type '{note_type.key}': media file '{name}' differs from the one "
                    f"note type '{owner[name]}' bundles under that name, and Anki's media folder "
                    "holds one file per name; give one of them another name"
                )
                errors.append(Finding(Location(path, line), message, "bad-notetype"))
            else:
                media[name] = data
                owner.setdefault(name, note_type.key)
    return media, errors
