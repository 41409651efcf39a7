"""The note types a deck ships, with their final text: ours (with overrides) and the author's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ankismith.model import CardTemplate, NoteKind, NoteTypeDef
from ankismith.notetypes.builtin import NOTE_TYPES, template_text
from ankismith.notetypes.css import highlight_css, notetype_css


def builtin_notetype(kind: NoteKind, overrides: Mapping[str, str]) -> NoteTypeDef:
    """Return one of our note types with its template text, the author's overrides applied."""
    note_type = NOTE_TYPES[kind]

    def text(name: str) -> str:
        return overrides.get(name) or template_text(name)

    return NoteTypeDef(
        key=kind.value,
        id=note_type.id,
        name=note_type.name,
        fields=note_type.fields,
        templates=tuple(
            CardTemplate(t.name, text(t.front), text(t.back)) for t in note_type.templates
        ),
        css=notetype_css(overrides),
        cloze=note_type.cloze,
    )


def custom_notetype(note_type: NoteTypeDef) -> NoteTypeDef:
    """Return the author's note type as shipped: its stylesheet, then the code highlighting."""
    return NoteTypeDef(
        key=note_type.key,
        id=note_type.id,
        name=note_type.name,
        fields=note_type.fields,
        templates=note_type.templates,
        css=f"{note_type.css.rstrip()}\n\n{highlight_css()}".lstrip(),
        cloze=note_type.cloze,
        sort_field=note_type.sort_field,
        required=note_type.required,
        location=note_type.location,
    )


def deck_notetypes(
    keys: Iterable[str],
    custom: Mapping[str, NoteTypeDef | None],
    overrides: Mapping[str, str],
) -> tuple[NoteTypeDef, ...]:
    """Return the note types with these keys, sorted by key: ours by kind, else the author's."""
    found = []
    for key in sorted(set(keys)):
        own = custom.get(key)
        if own is not None:
            found.append(custom_notetype(own))
        else:
            found.append(builtin_notetype(NoteKind(key), overrides))
    return tuple(found)
