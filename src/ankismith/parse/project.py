"""The project file: ``ankismith.yaml``, each key declared once as a field of ``ProjectSettings``.

A repository that holds several decks lists them here, each a content directory with its own
``deck.yaml``, and may name one folder of note types and media every deck may use. Declared as
``DeckSettings`` is (``parse/options.py``): ``load_project`` reads a file by the fields, and
``ankismith schema`` writes ``project.schema.json`` from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ankismith.content.files import PROJECT_FILE
from ankismith.findings import Finding
from ankismith.parse.frontmatter import load_yaml_mapping
from ankismith.parse.options import ABSENT, Absent, Reading, option, read_options

__all__ = ["KEY", "PROJECT_FILE", "ProjectSettings", "load_project"]
KEY = "[a-z0-9][a-z0-9_-]*"
"""What a deck's key is made of: it names the deck on the command line and its ``.apkg``."""
_FOLDER = {"type": "string", "pattern": r"^[^/\\].*$"}


def _folder(value: object, r: Reading, key: str, where: str) -> tuple[str, list[Finding]]:
    """Read a folder path relative to the project's root, which must stay inside it."""
    if not isinstance(value, str) or not value.strip():
        return "", [Finding(r.at(key), f"{where} must be a folder inside the project")]
    path = PurePosixPath(value.strip())
    if path.is_absolute() or ".." in path.parts or "\\" in value:
        message = f"{where} {value.strip()!r} must be a relative path inside the project"
        return "", [Finding(r.at(key), message)]
    return str(path), []


def _decks(value: object, r: Reading) -> tuple[tuple[tuple[str, str], ...] | Absent, list[Finding]]:
    """Read ``decks: {key: folder}``; without a usable deck there is no project."""
    if not isinstance(value, dict) or not value:
        message = "'decks' maps each deck's key to its content folder, e.g. core: decks/core"
        return ABSENT, [Finding(r.at("decks"), message)]
    decks: list[tuple[str, str]] = []
    problems: list[Finding] = []
    folders: dict[str, str] = {}
    for key, folder in value.items():
        key = str(key)
        below = r.line("decks")
        if not re.fullmatch(KEY, key):
            message = f"decks: key {key!r} must be lowercase letters, digits, '_' or '-'"
            problems.append(Finding(r.at(key, below), message))
            continue
        path, found = _folder(folder, r, key, f"decks: {key}:")
        problems += [Finding(r.at(key, below), f.message) for f in found]
        if not path:
            continue
        if path in folders:
            message = f"decks: {key} and {folders[path]} are both the folder {path!r}"
            problems.append(Finding(r.at(key, below), message))
            continue
        folders[path] = key
        decks.append((key, path))
    return (tuple(decks) if decks else ABSENT), problems


def _shared(value: object, r: Reading) -> tuple[str, list[Finding]]:
    """Read the shared folder's path; ``shared:`` with nothing after it means none."""
    if value is None:
        return "", []
    return _folder(value, r, "shared", "'shared'")


@dataclass(frozen=True, slots=True)
class ProjectSettings:
    """The decks of a repository, from ``ankismith.yaml`` at its root."""

    decks: tuple[tuple[str, str], ...] = field(
        metadata=option(
            "decks",
            _decks,
            {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": f"^{KEY}$"},
                "additionalProperties": _FOLDER,
            },
            required=True,
        )
    )
    """Each deck's key and its content folder (with its own deck.yaml), in build order.

    The key names the deck for ``--deck`` and its package: ``build/<key>.apkg``.
    """
    shared: str = field(default="", metadata=option("shared", _shared, _FOLDER))
    """A folder of note types (``_notetypes/``) and media that every deck may use.

    Its files are seen as if they lay at the root of each deck's content folder; a deck's own
    file of the same path is used instead.
    """


def load_project(text: str, path: str) -> tuple[ProjectSettings | None, list[Finding]]:
    """Parse ``ankismith.yaml`` text into settings, returning every problem instead of raising."""
    data, problems = load_yaml_mapping(text, path, 1)
    if problems:
        return None, problems
    values, found = read_options(ProjectSettings, Reading(path, tuple(text.splitlines()), data, {}))
    return (None if values is None else ProjectSettings(**values)), found
