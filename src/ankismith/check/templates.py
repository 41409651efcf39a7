"""Rules over the author's template overrides: known files, known fields, nothing remote. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ankismith.findings import Finding
from ankismith.model import Location
from ankismith.notetypes.builtin import NOTE_TYPES
from ankismith.notetypes.labels import LABEL_KEYS, unknown_placeholders
from ankismith.sanitize.active import active_content
from ankismith.text import split_lines

# Anki's special fields, always available in templates.
SPECIAL_FIELDS = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag"})
FIELD_REF = re.compile(r"\{\{\s*[#^/]?\s*(?:[^{}:]*:)*([^{}:]+?)\s*\}\}")  # as Anki: filters:F
_REMOTE = re.compile(
    r"""(?:url\(\s*['"]?|@import\s+['"]|(?:src|href)\s*=\s*['"]?)https?://""", re.I
)


def override_names() -> dict[str, tuple[str, ...]]:
    """Return every template file an author may override, with the fields it may use."""
    names: dict[str, tuple[str, ...]] = {"style.css": ()}
    for note_type in NOTE_TYPES.values():
        for template in note_type.templates:
            names[template.front] = names[template.back] = note_type.fields
    return names


def check_override(name: str, text: str) -> str | None:
    """Return why an author's template override cannot be used, or None."""
    allowed = override_names()
    if name not in allowed:
        return f"unknown template override '{name}' (known: {', '.join(sorted(allowed))})"
    for match in FIELD_REF.finditer(text):
        field = match.group(1).strip()
        if name != "style.css" and field not in allowed[name] and field not in SPECIAL_FIELDS:
            return f"uses field '{field}', which this note type lacks ({', '.join(allowed[name])})"
    return label_problem(text)


def label_problem(text: str) -> str | None:
    """Return why a label placeholder in ``text`` cannot be filled, or None."""
    for key in unknown_placeholders(text):
        return f"uses label '[[label:{key}]]', which does not exist ({', '.join(LABEL_KEYS)})"
    return None


def _locate(path: str, text: str, message: str) -> Location:
    """Return the first line of ``text`` holding a quoted name from ``message``, else line 1."""
    quoted = message.split("'")[1::2]
    for number, line in enumerate(split_lines(text), start=1):
        if any(q and q in line for q in quoted):
            return Location(path, number)
    return Location(path, 1)


def bad_overrides(templates: Sequence[tuple[str, str]], folder: str) -> list[Finding]:
    """Report every override in ``folder`` that is unknown or uses a field its note type lacks."""
    errors = []
    for name, text in templates:
        if problem := check_override(name, text):
            path = f"{folder}/{name}"
            errors.append(Finding(_locate(path, text, problem), problem, "bad-template"))
    return errors


def remote_in_templates(templates: Sequence[tuple[str, str]], folder: str) -> list[Finding]:
    """Warn about template overrides that load stylesheets, fonts or scripts from the network."""
    message = "loads from the network: offline learners get an unstyled or broken card"
    warnings = []
    for name, text in templates:
        for number, line in enumerate(split_lines(text), start=1):
            if _REMOTE.search(line):
                where = Location(f"{folder}/{name}", number)
                warnings.append(Finding(where, message, "remote-resource"))
    return warnings


def active_in_templates(templates: Sequence[tuple[str, str]], folder: str) -> list[Finding]:
    """Refuse overrides holding script, event handlers or ``javascript:`` URLs.

    The scripts our own templates ship (the choice shuffle) may be kept in an override.
    """
    errors = []
    for name, text in templates:
        for line, what in active_content(text):
            message = f"{what}: cards may not run script; remove it"
            errors.append(Finding(Location(f"{folder}/{name}", line), message, "bad-template"))
    return errors
