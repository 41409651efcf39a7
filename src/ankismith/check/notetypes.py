"""Rules over the author's note types: the fields their templates use, the deck's default type."""

from __future__ import annotations

from collections.abc import Mapping

from ankismith.check.templates import FIELD_REF, SPECIAL_FIELDS, label_problem
from ankismith.findings import Finding
from ankismith.model import Location, NoteTypeDef
from ankismith.parse.cards import type_problem
from ankismith.parse.fields import did_you_mean, field_listing
from ankismith.parse.settings import DeckSettings
from ankismith.text import split_lines

_CLOZE_REF = "{{cloze:"


def _side(note_type: NoteTypeDef, template: str, path: str, text: str) -> list[Finding]:
    found = []
    for number, line in enumerate(split_lines(text), start=1):
        if problem := label_problem(line):
            message = f"note type '{note_type.key}': template '{template}' {problem}"
            found.append(Finding(Location(path, number), message, "bad-template"))
        for match in FIELD_REF.finditer(line):
            field = match.group(1).strip()
            if field in note_type.fields or field in SPECIAL_FIELDS:
                continue
            hint = did_you_mean(field, note_type.fields)
            message = (
                f"note type '{note_type.key}': template '{template}' uses field '{field}', "
                f"which it lacks ({hint}{field_listing(note_type)})"
            )
            found.append(Finding(Location(path, number), message, "bad-template"))
    return found


def custom_templates(notetypes: Mapping[str, NoteTypeDef | None]) -> list[Finding]:
    """Report templates that use a field their note type lacks, or can never make a card."""
    errors: list[Finding] = []
    for note_type in notetypes.values():
        if note_type is None:
            continue
        for template in note_type.templates:
            errors += _side(note_type, template.name, template.front_file, template.front)
            errors += _side(note_type, template.name, template.back_file, template.back)
            where = Location(template.front_file, 1)
            if note_type.cloze and _CLOZE_REF not in template.front.replace(" ", ""):
                message = (
                    f"note type '{note_type.key}': a cloze template's front needs "
                    "{{cloze:<Field>}}; without it Anki makes no card"
                )
                errors.append(Finding(where, message, "bad-template"))
            elif not any(
                m.group(1).strip() in note_type.fields for m in FIELD_REF.finditer(template.front)
            ):
                message = (
                    f"note type '{note_type.key}': template '{template.name}' shows no field on "
                    f"its front, so Anki never makes its card ({field_listing(note_type)})"
                )
                errors.append(Finding(where, message, "bad-template"))
    return errors


def default_type(
    settings: DeckSettings, notetypes: Mapping[str, NoteTypeDef | None], path: str
) -> list[Finding]:
    """Report a ``type:`` in deck.yaml that names no card type."""
    name = settings.default_type.strip().lower()
    if not name or (message := type_problem(name, notetypes)) is None:
        return []
    return [Finding(Location(path, settings.line_of("type")), message)]
