"""Deck settings: ``deck.yaml`` at the root of the content directory, read purely from text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ankismith.findings import RULES, Finding, severity_problem
from ankismith.model import DeckSettings, Location
from ankismith.notetypes.labels import LABEL_KEYS, translation_for, valid_tag
from ankismith.parse.frontmatter import check_tags, load_yaml_mapping, string_list, unknown_key
from ankismith.parse.limits import text_limits
from ankismith.text import has_random_part, name_slug, split_lines, unique_deck_id

SETTINGS_KEYS = (
    "name",
    "id",
    "description",
    "tags",
    "checks",
    "version",
    "type",
    "language",
    "labels",
)


def load_settings(text: str, path: str) -> tuple[DeckSettings | None, list[Finding]]:
    """Parse ``deck.yaml`` text into settings, returning every problem instead of raising."""
    data, problems = load_yaml_mapping(text, path, 1)
    errors = list(problems)
    lines = text.splitlines()

    def line_of(key: str, below: int = 0) -> int:
        """Return the first line of ``key`` after line ``below``."""
        numbered = enumerate(lines[below:], below + 1)
        return next((i for i, ln in numbered if ln.strip().startswith(f"{key}:")), below or 1)

    for key in data:
        if key not in SETTINGS_KEYS:
            errors.append(
                Finding(
                    Location(path, line_of(key)), unknown_key(key, SETTINGS_KEYS), "unknown-key"
                )
            )
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        if not problems:
            errors.append(
                Finding(Location(path, line_of("name")), "'name' (the Anki deck name) is required")
            )
        return None, errors
    if any(not part.strip() for part in name.strip().split("::")):
        message = f"'name' {name.strip()!r} has an empty part around '::'; Anki names it 'blank'"
        errors.append(Finding(Location(path, line_of("name")), message))
    description = data.get("description", "")
    if not isinstance(description, str):
        errors.append(Finding(Location(path, line_of("description")), "'description' must be text"))
        description = ""
    if beyond := text_limits(split_lines(description), path, line_of("description")):
        errors += [replace(f, message=f"description: {f.message}") for f in beyond]
        description = ""
    namespace = data.get("id", name_slug(name))
    if not isinstance(namespace, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", namespace):
        errors.append(
            Finding(Location(path, line_of("id")), "'id' must be letters, digits, '.', '_' or '-'")
        )
        namespace = name_slug(name)
    elif weak := _weak_id(namespace, "id" in data, name):
        errors.append(Finding(Location(path, line_of("id")), weak, "deck-id"))
    tags, problem = string_list(data.get("tags"), "tags")
    if problem or (problem := check_tags(tags)):
        errors.append(Finding(Location(path, line_of("tags")), problem))
    checks, check_errors = _checks(data.get("checks"), path, line_of)
    errors += check_errors
    version = data.get("version", "")
    if not isinstance(version, str):
        # YAML reads 1.10 as the number 1.1: only quoted text keeps a version as written.
        message = f"'version' must be quoted text, e.g. version: '{version}'"
        errors.append(Finding(Location(path, line_of("version")), message))
        version = ""
    default_type = data.get("type", "")
    if not isinstance(default_type, str):
        errors.append(Finding(Location(path, line_of("type")), "'type' must be a card type"))
        default_type = ""
    settings = DeckSettings(
        name=name.strip(),
        namespace=namespace,
        description=description.strip(),
        tags=tags,
        checks=checks,
        version=version.strip(),
        default_type=default_type.strip().lower(),
        key_lines=tuple((key, line_of(key)) for key in data),
    )
    language, labels, problems = _language(data, path, line_of)
    errors += problems
    settings = replace(settings, language=language, labels=labels)
    return settings, errors


def _language(
    data: dict[str, object], path: str, line_of: Callable[..., int]
) -> tuple[str, tuple[tuple[str, str], ...], list[Finding]]:
    """Read ``language:`` (a BCP 47 tag) and ``labels:`` (label key: text)."""
    errors: list[Finding] = []
    tag = data.get("language", "")
    if not isinstance(tag, str) or (tag.strip() and not valid_tag(tag.strip())):
        message = (
            f"'language' must be a BCP 47 language tag such as de, pt-BR or zh-Hant, not {tag!r}"
        )
        errors.append(Finding(Location(path, line_of("language")), message))
        tag = ""
    tag = tag.strip()
    value = data.get("labels")
    labels: list[tuple[str, str]] = []
    if value is not None and not isinstance(value, dict):
        message = "'labels' maps label keys to text, such as {answer: Antwort}"
        errors.append(Finding(Location(path, line_of("labels")), message))
    for key, text in (value or {}).items() if isinstance(value, dict) else ():
        where = Location(path, line_of(str(key), line_of("labels")))
        if str(key) not in LABEL_KEYS:
            message = "labels: " + unknown_key(str(key), LABEL_KEYS)
            errors.append(Finding(where, message, "unknown-key"))
        elif not isinstance(text, str | int | float) or isinstance(text, bool):
            errors.append(Finding(where, f"labels: '{key}' must be text"))
        else:
            labels.append((str(key), str(text)))
    if tag and translation_for(tag) is None:
        missing = [key for key in LABEL_KEYS if key not in dict(labels)]
        if missing:
            message = (
                f"no shipped labels for language '{tag}': cards show English labels; set "
                f"them under 'labels:' ({', '.join(missing)})"
            )
            errors.append(Finding(Location(path, line_of("language")), message, "untranslated"))
    return tag, tuple(sorted(labels)), errors


def _weak_id(namespace: str, given: bool, name: str) -> str | None:
    """Say why a deck id could be shared by another deck, or return None."""
    if has_random_part(namespace):
        return None
    example = unique_deck_id(name)
    keep = (
        "If this deck was released with it, keep it (any other id duplicates every card) and "
        "turn this warning off with 'checks: {deck-id: off}'"
    )
    if not given:
        return (
            f"deck.yaml has no 'id', so the deck id is '{namespace}', made from the name: "
            "renaming the deck would give learners every card again, and another deck of that "
            f"name would overwrite its notes. Not released yet: add 'id: {example}'. Released: "
            f"add 'id: {namespace}' to keep it"
        )
    return (
        f"deck id '{namespace}' has no random part: another deck with this id would overwrite "
        "this deck's notes in a learner's collection (Anki matches notes across all decks). "
        f"Not released yet: use e.g. 'id: {example}'. {keep}"
    )


def _checks(
    value: object, path: str, line_of: Callable[[str], int]
) -> tuple[tuple[tuple[str, str], ...], list[Finding]]:
    """Read ``checks: {rule: off|warning|error}``, naming unknown rules with a suggestion."""
    if value is None:
        return (), []
    if not isinstance(value, dict):
        where = Location(path, line_of("checks"))
        return (), [Finding(where, "'checks' maps rule codes to off, warning or error")]
    found: list[tuple[str, str]] = []
    errors: list[Finding] = []
    for code, severity in value.items():
        code, severity = str(code), str(severity).lower() if severity is not False else "off"
        where = Location(path, line_of(code))
        if code not in RULES:
            errors.append(Finding(where, "checks: " + unknown_key(code, RULES), "unknown-key"))
        elif problem := severity_problem(code, severity):
            errors.append(Finding(where, "checks: " + problem))
        else:
            found.append((code, severity))
    return tuple(sorted(found)), errors
