"""``ankismith import``: read a deck, plan its project, write the project all at once.

The project is written into a temp folder beside the output and renamed into place, so a
failure leaves nothing behind and an earlier project is replaced whole (only with ``force``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ankismith.errors import BuildError
from ankismith.findings import Finding
from ankismith.importing.layout import plan_project
from ankismith.importing.readers import read_source


@dataclass(frozen=True, slots=True)
class ImportReport:
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


def _write_tree(output: Path, files: dict[Path, bytes]) -> None:
    """Write ``files`` under a temp folder beside ``output``, then swap it into place."""
    parent = output.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{output.name}.import-"))
    except OSError as exc:
        raise BuildError(f"{output}: cannot write: {exc.strerror or exc}") from None
    old = staging.with_name(staging.name + "-old")
    try:
        for relative, data in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(staging, 0o755)
        if output.exists():
            os.replace(output, old)
        os.replace(staging, output)
    except OSError as exc:
        if old.exists() and not output.exists():
            os.replace(old, output)
        raise BuildError(f"{output}: cannot write: {exc.strerror or exc}") from None
    finally:
        for leftover in (staging, old):
            with contextlib.suppress(OSError):
                shutil.rmtree(leftover)


def import_deck(path: Path, output: Path, *, force: bool = False, workers: int = 1) -> ImportReport:
    """Turn the deck at ``path`` into a project in ``output``; raise before writing anything."""
    _check_output(output, path, force)
    source = read_source(path)
    project = plan_project(source, str(output), workers)
    files = {Path(*relative.parts): data for relative, data in project.files.items()}
    _write_tree(output, files)
    media = sum(1 for relative in project.files if relative.parts[0] == "_media")
    card_files = sum(
        1 for relative in project.files if relative.suffix == ".md" and relative.parts[0][0] != "_"
    )
    return ImportReport(
        output, project.notes, card_files, project.notetypes, media, project.findings
    )
