"""``ankismith init``: a new deck project that builds with ``make deck`` at once."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ankismith.errors import BuildError
from ankismith.text import slug

if TYPE_CHECKING:  # importlib.resources.abc exists from Python 3.11 on
    from importlib.abc import Traversable

# Package data cannot rely on dot-files being shipped, so these are renamed when written.
_RENAMED = {"gitignore": ".gitignore", "github": ".github"}


@dataclass(frozen=True, slots=True)
class InitReport:
    """What ``init`` wrote."""

    directory: str
    """The project directory."""
    files: tuple[str, ...]
    """Files written, relative to it, sorted."""


def _walk(folder: Traversable, prefix: PurePosixPath) -> dict[PurePosixPath, str]:
    found: dict[PurePosixPath, str] = {}
    for entry in folder.iterdir():
        target = prefix / _RENAMED.get(entry.name, entry.name)
        if entry.is_dir():
            found.update(_walk(entry, target))
        elif not entry.name.endswith((".pyc", ".pyo")):
            found[target] = entry.read_text(encoding="utf-8")
    return found


def scaffold_files(name: str) -> dict[PurePosixPath, str]:
    """Return every scaffold file, by path in the new project, with the deck name filled in."""
    template = resources.files("ankismith.scaffold").joinpath("project")
    files = _walk(template, PurePosixPath())
    return {
        path: text.replace("__DECK_NAME__", name).replace("__DECK_ID__", slug(name))
        for path, text in sorted(files.items())
    }


def init_project(directory: Path, name: str | None = None) -> InitReport:
    """Write a new project into ``directory``, which must be missing or empty."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BuildError(f"{directory}: not empty; init writes only into a new or empty directory")
    deck_name = name or directory.resolve().name.replace("-", " ").replace("_", " ").capitalize()
    if not deck_name.strip() or any(c in deck_name for c in "\n\"'#:"):
        raise BuildError(f"{deck_name!r}: not usable as a deck name; pass --name")
    files = scaffold_files(deck_name)
    try:
        for path, text in files.items():
            target = directory / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"{directory}: cannot write: {exc.strerror or exc}") from None
    return InitReport(str(directory), tuple(str(p) for p in files))
