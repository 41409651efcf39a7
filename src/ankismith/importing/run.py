"""``ankismith import``: read a deck, plan its project, settle it so it builds, write it at once.

The project is written into a temp folder beside the output and renamed into place
(``atomic.replace_folder``), so a failure, Ctrl-C included, leaves nothing behind and an
earlier project is replaced whole (only with ``force``), or kept as it was.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import msgspec

from ankismith.atomic import replace_folder
from ankismith.errors import BuildError
from ankismith.findings import Finding
from ankismith.importing.layout import plan_project
from ankismith.importing.readers import read_source
from ankismith.importing.settle import settle


class ImportReport(msgspec.Struct, frozen=True):
    """What ``import`` wrote and what the author should look at."""

    output: Path
    """The content directory written."""
    notes: int
    """Cards written."""
    card_files: int
    """Card files written (one per deck, more for a deck of many cards)."""
    notetypes: int
    """Note type folders written."""
    media: int
    """Media files written."""
    findings: tuple[Finding, ...]
    """What could not be kept, each at the line of the card it concerns."""


def is_media(relative: PurePosixPath) -> bool:
    """Return True for a media file the project holds: in ``_media/``, or a note type's own."""
    if relative.parts[0] == "_media":
        return True
    return relative.parts[0] == "_notetypes" and relative.suffix.lower() not in _NOTETYPE_TEXT


_NOTETYPE_TEXT = frozenset({".yaml", ".html", ".css"})


def _check_output(output: Path, package: Path, force: bool) -> None:
    if output.exists() and not output.is_dir():
        raise BuildError(f"{output}: is a file, not a folder; choose another output")
    if not output.is_dir() or not any(output.iterdir()):
        return
    if not force:
        raise BuildError(f"{output}: not empty; choose an empty folder, or --force to replace it")
    # --force replaces the folder whole: never one that holds more than a project.
    target, here = output.resolve(), Path.cwd().resolve()
    if (target / ".git").exists() or target == here or target in here.parents:
        raise BuildError(
            f"{output}: a repository or the current folder; import into a folder inside it"
        )
    if target in package.resolve().parents:
        raise BuildError(f"{output}: holds {package}; import into another folder")


def import_deck(
    path: Path,
    output: Path,
    *,
    force: bool = False,
    workers: int = 1,
    deck_id: str | None = None,
) -> ImportReport:
    """Turn the deck at ``path`` into a project in ``output``; raise before writing anything.

    ``deck_id`` is the ``id`` the deck was built with, if known (``import --id``).
    """
    _check_output(output, path, force)
    source = read_source(path)
    project = settle(plan_project(source, str(output), workers, deck_id), str(output), workers)
    files = {Path(*relative.parts): data for relative, data in project.files.items()}
    replace_folder(output, sorted(files.items()))
    media = sum(1 for relative in project.files if is_media(relative))
    card_files = sum(
        1 for relative in project.files if relative.suffix == ".md" and relative.parts[0][0] != "_"
    )
    return ImportReport(
        output, project.notes, card_files, project.notetypes, media, project.findings
    )
