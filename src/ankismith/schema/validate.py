"""``ankismith schema FILE...``: each ``deck.yaml`` checked by the shipped schema, at its lines.

The schema is the one editors use (``deck.schema.json``), applied by ``jsonschema``, the
reference implementation. The YAML is read as ankismith reads it (``load_yaml_mapping``: no
aliases, size limit, bad values at their line), so a file the schema accepts is one ankismith
can read. Every problem of every file is collected; the caller reports them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from ankismith.content.files import decode, read_regular
from ankismith.findings import Finding
from ankismith.limits import TEXT_BYTES
from ankismith.model import Location
from ankismith.parse.frontmatter import load_yaml_mapping, unknown_key
from ankismith.schema import deck_schema_text
from ankismith.schema.places import compose, line_of


@dataclass(frozen=True, slots=True)
class SchemaReport:
    """What ``ankismith schema`` found in the files it was given."""

    files: tuple[str, ...]
    """Every file checked, as given."""
    problems: tuple[Finding, ...]
    """Every problem, by file and line; none when all files are valid."""


def validate_files(paths: Sequence[Path]) -> SchemaReport:
    """Check every file against the ``deck.yaml`` schema; collect all problems, raise none."""
    validator = Draft202012Validator(json.loads(deck_schema_text()))
    problems: list[Finding] = []
    for path in paths:
        problems += _validate_file(path, validator)
    ordered = sorted(problems, key=lambda f: (f.location.sort_key, f.message))
    return SchemaReport(tuple(map(str, paths)), tuple(ordered))


def _validate_file(path: Path, validator: Draft202012Validator) -> list[Finding]:
    shown = str(path)
    try:
        data = read_regular(path, TEXT_BYTES)
    except OSError as exc:
        return [Finding(Location(shown, 1), f"cannot read: {exc.strerror or exc}")]
    text, error = decode(data, shown)
    if error is not None:
        return [error]
    return _validate_text(text, shown, validator)


def _validate_text(text: str, path: str, validator: Draft202012Validator) -> list[Finding]:
    """Return the problems of ``deck.yaml`` text by the schema, each at its line in ``path``."""
    loaded, problems = load_yaml_mapping(text, path, 1)
    if problems:
        return problems
    root = compose(text)
    found = []
    for error in validator.iter_errors(loaded):
        for where, message in _explain(error):
            found.append(Finding(Location(path, line_of(root, where)), message))
    return found


def _explain(error: ValidationError) -> Iterator[tuple[list[str | int], str]]:
    """Yield (path in the document, message) for one schema error: one per unknown key."""
    error = best_match([error])  # the most specific reason under "any of" and "one of"
    where: list[str | int] = list(error.absolute_path)
    schema: Any = error.schema
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list(schema.get("properties", {}))
        for key in error.instance:
            if key not in known:
                yield [*where, key], _prefixed([*where], unknown_key(str(key), known))
        return
    message = error.message
    described = isinstance(schema, dict) and schema.get("description")
    if error.validator in ("anyOf", "oneOf") and described:
        message += f" (expected {str(described).rstrip('.')})"
    yield where, _prefixed(where, message)


def _prefixed(where: Sequence[str | int], message: str) -> str:
    """Start ``message`` with the dotted path of the value it is about (``checks.syntax``)."""
    dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in where).lstrip(".")
    return f"{dotted}: {message}" if dotted else message
