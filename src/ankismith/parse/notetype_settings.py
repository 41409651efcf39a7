"""The field settings and the field and template ids of the author's note types. Pure.

A field of ``notetype.yaml`` may carry what Anki's Fields dialog sets (a description shown in
the empty field, collapsed by default, excluded from search, the plain text editor, right to
left, the editor's font and size) and an ``id``; a template may carry an ``id``. Anki 23.10+
matches fields and templates by these ids when it compares and merges note types, so every
field and template gets one that never varies: the author's, else the one an imported note
type brought (its ``anki:`` settings), else one derived from the note type's id and the name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from ankismith.notetypes.builtin import stable_digest

FIELD_SETTINGS = (
    "description",
    "collapsed",
    "exclude_from_search",
    "plain_text",
    "rtl",
    "font",
    "size",
)
"""The keys a field of ``notetype.yaml`` may set besides ``name``, ``required`` and ``id``."""

ANKI_KEYS = {
    "description": "description",
    "collapsed": "collapsed",
    "exclude_from_search": "excludeFromSearch",
    "plain_text": "plainText",
    "rtl": "rtl",
    "font": "font",
    "size": "size",
}
"""Each setting's key in Anki's note type JSON (schema 11, what the package holds)."""

FONT_SIZES = (5, 300)
"""The editor font sizes Anki's Fields dialog offers."""
MAX_DESCRIPTION = 1000
"""A description is a hint in an empty field: a line or two, not a document."""
ID_RANGE = (-(1 << 63), (1 << 63) - 1)
"""Anki keeps field and template ids as signed 64-bit integers."""


def field_setting(key: str, value: object) -> tuple[str, object] | str:
    """Return a field setting as (Anki's key, value), or what is wrong with ``value``."""
    if key in ("collapsed", "exclude_from_search", "plain_text", "rtl"):
        return (
            (ANKI_KEYS[key], value) if isinstance(value, bool) else f"'{key}' must be true or false"
        )
    if key == "description":
        if not isinstance(value, str):
            return "'description' must be a text (shown in the empty field in Anki's editor)"
        if len(value) > MAX_DESCRIPTION:
            return f"'description' is {len(value)} characters long; keep it under {MAX_DESCRIPTION}"
        if not value.strip().isprintable():
            # Anki's editor puts it in a CSS string, which ends at a line break.
            return "'description' is one line of text: Anki shows it in the empty field"
        return ANKI_KEYS[key], value.strip()
    if key == "font":
        if not isinstance(value, str) or not value.strip() or not value.isprintable():
            return "'font' must name a font family, such as Arial"
        return ANKI_KEYS[key], value.strip()
    low, high = FONT_SIZES
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return f"'size' must be a whole number from {low} to {high}, as in Anki's Fields dialog"
    return ANKI_KEYS[key], value


def part_id(value: object) -> int | str:
    """Return a field's or template's ``id`` as given, or what is wrong with it."""
    low, high = ID_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return f"'id' must be a whole number from {low} to {high}"
    return value


def derived_id(notetype_id: int, part: str, name: str) -> int:
    """Return the id of field or template ``name`` (``part``) of a note type: the same every build.

    Derived from the name, so a field keeps its id when others are added or moved; a renamed
    field is a new field to Anki anyway (name the old id to keep it).
    """
    return stable_digest(f"ankismith/notetype/{notetype_id}/{part}/{name}") >> 1


def part_ids(
    notetype_id: int, part: str, names: Sequence[str], given: Sequence[object | None]
) -> tuple[int, ...]:
    """Return the id of each field or template: ``given`` (the author's or Anki's), else derived."""
    return tuple(
        value
        if isinstance(value, int) and not isinstance(value, bool)
        else derived_id(notetype_id, part, name)
        for name, value in zip(names, given, strict=True)
    )


def settings_json(
    fields: Sequence[Mapping[str, object]], templates: Sequence[Mapping[str, object]]
) -> str:
    """Return the settings of each field and template (Anki's keys, ids included) as JSON."""
    return json.dumps(
        {"fields": [dict(f) for f in fields], "templates": [dict(t) for t in templates]},
        sort_keys=True,
        ensure_ascii=False,
    )
