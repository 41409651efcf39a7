"""``ankismith schema FILE...``: each ``deck.yaml`` judged by the reader ``check`` uses.

A file named ``ankismith.yaml`` is a project file, judged by ``load_project`` as ``build``
reads it.

There is one validator: ``load_settings``, which reads each key by its declaration in
``DeckSettings``, the declarations ``deck.schema.json`` is written from. A file is valid when
reading it finds no error, with the severities its own ``checks:`` sets, as ``check`` would find
it; warnings (such as a deck id without a random part) are ``check``'s to report. Every problem
of every file is collected; the caller reports them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import msgspec

from ankismith.content.files import decode, read_regular
from ankismith.findings import Finding, blocking, classify
from ankismith.limits import TEXT_BYTES
from ankismith.model import Location
from ankismith.parse.project import PROJECT_FILE, load_project
from ankismith.parse.settings import load_settings


class SchemaReport(msgspec.Struct, frozen=True):
    """What ``ankismith schema`` found in the files it was given."""

    files: tuple[str, ...]
    """Every file checked, as given."""
    problems: tuple[Finding, ...]
    """Every error, by file and line; none when all files are valid."""


def validate_files(paths: Sequence[Path]) -> SchemaReport:
    """Check every file as a ``deck.yaml`` (or a project file); collect all errors, raise none."""
    problems: list[Finding] = []
    for path in paths:
        problems += _validate_file(path)
    ordered = sorted(problems, key=lambda f: (f.location.sort_key, f.message))
    return SchemaReport(tuple(map(str, paths)), tuple(ordered))


def _validate_file(path: Path) -> list[Finding]:
    shown = str(path)
    try:
        data = read_regular(path, TEXT_BYTES)
    except OSError as exc:
        return [Finding(Location(shown, 1), f"cannot read: {exc.strerror or exc}")]
    text, error = decode(data, shown)
    if error is not None:
        return [error]
    if path.name == PROJECT_FILE:
        return blocking(classify(load_project(text, shown)[1], {}))
    settings, found = load_settings(text, shown)
    return blocking(classify(found, dict(settings.checks) if settings else {}))
