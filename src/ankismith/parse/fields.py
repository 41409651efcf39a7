"""Fill a custom note type's fields from a card's heading and ``### <Field>`` sections. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ankismith.model import NoteTypeDef
from ankismith.parse.cloze import DELETION
from ankismith.text import closest

# Anki reads filters up to the last ':', empty ones too: {{cloze:Text}}, {{cloze::Text}}.
_CLOZE_FIELD = re.compile(r"\{\{[^{}]*?cloze:[\s:]*([^{}:]+?)\s*\}\}")
_DELETION = DELETION

Problem = tuple[int, str, str]
"""(line, message, rule code)."""


def field_listing(note_type: NoteTypeDef) -> str:
    """Return the note type's fields for a message: ``fields: State, Capital, Map``."""
    return "fields: " + ", ".join(note_type.fields)


def did_you_mean(name: str, known: tuple[str, ...]) -> str:
    """Return ``did you mean 'X'?; `` for the nearest known name (case first), or ''."""
    same = [k for k in known if k.casefold() == name.casefold()]
    close = same[0] if same else closest(name, known)
    return f"did you mean '{close}'?; " if close else ""


def cloze_fields(note_type: NoteTypeDef) -> list[str]:
    """Return the fields a cloze note type's templates read deletions from."""
    names = {
        match.group(1)
        for template in note_type.templates
        for side in (template.front, template.back)
        for match in _CLOZE_FIELD.finditer(side)
    }
    return [name for name in note_type.fields if name in names]


def custom_fields(
    note_type: NoteTypeDef,
    line: int,
    heading: str,
    body: str,
    body_line: int,
    sections: Mapping[str, tuple[int, str]],
) -> tuple[tuple[tuple[str, str], ...], list[Problem]]:
    """Return the card's fields as (name, Markdown) in the note type's order, and problems.

    ``sections`` maps each ``### <Field>`` heading to its line and text. The ``## `` heading
    (with any text under it) fills the first field, unless a section fills that field: then
    the heading is only the card's title.
    """
    label = f"note type '{note_type.key}'"
    problems: list[Problem] = []
    filled: dict[str, str] = {}
    for name, (where, text) in sections.items():
        if name in note_type.fields:
            filled[name] = text
        else:
            hint = did_you_mean(name, note_type.fields)
            message = f"{label} has no field '{name}' ({hint}{field_listing(note_type)})"
            problems.append((where, message, "bad-field"))
    first = note_type.fields[0]
    if first not in filled:
        filled[first] = heading + ("\n\n" + body if body else "")
    elif body:
        message = (
            f"this text belongs to no field: '### {first}' fills the first field, so the "
            f"heading is only a title; move the text into a section ({field_listing(note_type)})"
        )
        problems.append((body_line, message, "bad-field"))
    for name in note_type.required:
        if not filled.get(name, "").strip():
            message = f"{label} needs field '{name}'; add '### {name}' with text"
            problems.append((line, message, "bad-field"))
    # An imported cloze note type's notes may have no deletion, as Anki allows (one card).
    if note_type.cloze and not note_type.anki:
        sources = cloze_fields(note_type)
        if not any(_DELETION.search(filled.get(name, "")) for name in sources):
            names = " or ".join(f"'{name}'" for name in sources) or "a cloze field"
            message = f"{label}: cloze card has no deletion such as {{{{c1::text}}}} in {names}"
            problems.append((line, message, "bad-cloze"))
    return tuple((name, filled.get(name, "")) for name in note_type.fields), problems
