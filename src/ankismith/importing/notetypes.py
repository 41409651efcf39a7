"""Write an imported note type as a ``_notetypes/<name>/`` folder: yaml, templates, CSS.

The note type keeps its original id (a CrowdAnki one, which has none, keeps its uuid as its
``key``), its field list, its template list, its template text and its CSS, verbatim: that is
what lets learners who already have it receive updates.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any

import yaml

from ankismith.apkg.contents import NoteTypeInfo
from ankismith.model import NoteKind
from ankismith.text import slug

FOLDER = PurePosixPath("_notetypes")
_RESERVED = frozenset(kind.value for kind in NoteKind)


def folder_names(notetypes: list[NoteTypeInfo]) -> dict[int, str]:
    """Return a distinct ``type:`` name for each note type: a slug of its name."""
    names: dict[int, str] = {}
    for notetype in sorted(notetypes, key=lambda t: (t.name, t.id)):
        base = slug(notetype.name) or "notetype"
        if base in _RESERVED:
            base = f"{base}-imported"
        name, number = base, 2
        while name in names.values():
            name, number = f"{base}-{number}", number + 1
        names[notetype.id] = name
    return names


def _file_names(templates: tuple[tuple[str, str, str], ...]) -> list[str]:
    seen: list[str] = []
    for name, _, _ in templates:
        base = slug(name) or "card"
        stem, number = base, 2
        while stem in seen:
            stem, number = f"{base}-{number}", number + 1
        seen.append(stem)
    return seen


def notetype_files(
    notetype: NoteTypeInfo,
    folder: str,
    crowdanki_uuid: str | None = None,
    first_optional: bool = False,
) -> dict[PurePosixPath, bytes]:
    """Return the files of one note type folder, keyed by path under the content directory.

    With ``first_optional`` (some notes leave their first field empty) the first field is
    written ``required: false``, so those notes build as they are.
    """
    root = FOLDER / folder
    stems = _file_names(notetype.templates)
    settings: dict[str, Any] = {"name": notetype.name}
    if crowdanki_uuid:
        settings["key"] = crowdanki_uuid
    else:
        settings["id"] = notetype.id
    settings["cloze"] = notetype.cloze
    fields: list[Any] = list(notetype.fields)
    if first_optional and fields:
        fields[0] = {"name": fields[0], "required": False}
    settings["fields"] = fields
    if 0 < notetype.sort_field < len(notetype.fields):
        settings["sort_field"] = notetype.fields[notetype.sort_field]
    settings["templates"] = [
        {"name": name, "front": f"{stem}.front.html", "back": f"{stem}.back.html"}
        for (name, _, _), stem in zip(notetype.templates, stems, strict=True)
    ]
    settings["css"] = "style.css"
    # Always written: with it the build keeps the note type as it is (no code colours added).
    settings["anki"] = json.loads(notetype.options) if notetype.options else {}
    header = (
        "# Imported note type: its id, field list and template list are what learners have.\n"
        "# Never change them; template text and CSS may change freely (docs/importing.md).\n"
        "# 'anki' holds its own Anki settings (LaTeX, field and template options and ids),\n"
        "# written as they are; ankismith adds nothing to this note type's CSS.\n"
    )
    body = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=100)
    files = {root / "notetype.yaml": (header + body).encode()}
    for (_, front, back), stem in zip(notetype.templates, stems, strict=True):
        files[root / f"{stem}.front.html"] = front.encode()
        files[root / f"{stem}.back.html"] = back.encode()
    files[root / "style.css"] = notetype.css.encode()
    return files
