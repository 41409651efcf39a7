"""``import --deck``: an imported deck becomes one deck of a project, listed in ``ankismith.yaml``.

``importing/`` turns the package into a content folder, as ever; this module only chooses the
folder, refuses a key or folder another deck has, and adds one ``KEY: FOLDER`` line to the
project file, keeping every other line (comments included) as it was. Everything is checked
before anything is written; the project file is written last, whole (``atomic.py``).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import msgspec

from ankismith.atomic import write_atomic
from ankismith.content.files import SETTINGS_FILE, decode, inside, read_regular
from ankismith.errors import BuildError, ContentErrors
from ankismith.findings import Finding
from ankismith.limits import TEXT_BYTES
from ankismith.parse.project import KEY, PROJECT_FILE, load_project

DECKS = PurePosixPath("decks")
"""Where a deck imported without ``-o`` goes: ``decks/KEY``, as ``init --decks`` lays them."""
NEW_PROJECT = (
    "# The decks of this repository (docs/format.md#ankismithyaml). Each key names a deck on the\n"
    "# command line (--deck KEY) and its package: build/KEY.apkg.\n"
    "decks:\n"
)
"""The project file ``import --deck`` starts in a folder that has none."""


class Enlisting(msgspec.Struct, frozen=True):
    """Where an imported deck goes, and the project file that will list it."""

    key: str
    """The deck's key."""
    folder: Path
    """Its content folder, as given (relative to the project's root)."""
    file: Path
    """The project file."""
    text: str
    """The project file's new text, with the deck's line added."""
    created: bool
    """True when there was no project file yet."""


def plan_enlisting(start: Path, key: str, folder: str | None) -> Enlisting:
    """Return where deck ``key`` goes and the project file listing it; raise, writing nothing.

    ``folder`` defaults to ``decks/KEY``. A key or folder another deck has (or a folder inside
    another deck's, or the shared folder) is refused, naming it.
    """
    if not re.fullmatch(KEY, key):
        raise BuildError(
            f"--deck {key}: a deck key is lowercase letters, digits, '_' or '-' (e.g. core)"
        )
    relative = _relative(folder if folder is not None else str(DECKS / key))
    path = start / PROJECT_FILE
    shown = PROJECT_FILE if start == Path(".") else str(path)
    if path.exists():
        try:
            text, error = decode(read_regular(path, TEXT_BYTES), shown)
        except OSError as exc:
            raise BuildError(f"{shown}: cannot read: {exc.strerror or exc}") from None
        if error is not None:
            raise ContentErrors([error])
        created = False
    elif (start / "content" / SETTINGS_FILE).is_file():
        raise BuildError(
            f"{start / 'content'}: this repository is one deck, without {PROJECT_FILE}; list "
            f"that deck in an {PROJECT_FILE} first (decks: {{main: content}}), then import"
        )
    else:
        text, created = NEW_PROJECT, True
    listed, problems = load_project(text, shown)
    if not created and (problems or listed is None):
        raise ContentErrors(problems, f"{shown} is not a usable project file; nothing was done.")
    taken = listed.decks if listed is not None else ()
    for other, place in taken:
        if other == key:
            raise BuildError(
                f"{shown}: already lists a deck {key!r}, in {place}: choose another key"
            )
    places = [(f"deck {k!r}", f) for k, f in taken]
    if listed is not None and listed.shared:
        places.append(("the shared folder", listed.shared))
    for other, place in places:
        if _overlap(PurePosixPath(place), relative):
            raise BuildError(
                f"{shown}: {relative} would share files with {other}, in {place}: choose "
                "another folder (-o)"
            )
    if not inside(start / relative, start):
        raise BuildError(f"{relative}: leads out of the project (a link?); choose another folder")
    new = _with_line(text, shown, key, str(relative))
    found, problems = load_project(new, shown)
    if problems or found is None or found.decks != (*taken, (key, str(relative))):
        raise BuildError(f"{shown}: cannot add the deck {key!r} to it; add '{key}: {relative}'")
    return Enlisting(
        key, Path(relative) if start == Path(".") else start / relative, path, new, created
    )


def write_listing(plan: Enlisting) -> list[Finding]:
    """Write the project file that lists the imported deck, whole; return the decks' clashes.

    An imported deck may share a deck name or id with another deck of the project (the same
    deck imported twice, say): each clash is returned, for the author to settle before a build.
    """
    from ankismith.decks.project import find_project
    from ankismith.decks.run import project_clashes

    write_atomic(plan.file, plan.text.encode("utf-8"))
    return project_clashes(find_project(plan.file.parent))


def _relative(folder: str) -> PurePosixPath:
    """Return ``folder`` as a path inside the project, refusing one that leads out of it."""
    path = PurePosixPath(folder.replace("\\", "/"))
    parts = [part for part in path.parts if part != "."]
    if path.is_absolute() or ".." in parts or not parts:
        raise BuildError(f"-o {folder}: give a folder inside the project, relative to its root")
    return PurePosixPath(*parts)


def _overlap(one: PurePosixPath, other: PurePosixPath) -> bool:
    """Return True when one folder is the other or holds it."""
    return one == other or one in other.parents or other in one.parents


def _with_line(text: str, shown: str, key: str, folder: str) -> str:
    """Return ``text`` with ``KEY: FOLDER`` after the last entry of its ``decks:`` block."""
    lines = text.splitlines(keepends=True)
    starts = [
        i for i, line in enumerate(lines) if re.fullmatch(r"decks\s*:\s*(#.*)?", line.rstrip())
    ]
    if not starts:
        raise BuildError(
            f"{shown}: add '{key}: {folder}' under 'decks:' yourself (import adds a line only to "
            "a 'decks:' block of 'key: folder' lines)"
        )
    end, indent = starts[0], "  "
    for i in range(starts[0] + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        if not line[0].isspace():
            break
        if not line.lstrip().startswith("#"):
            end, indent = i, line[: len(line) - len(line.lstrip())]
    if not lines[end].endswith("\n"):
        lines[end] += "\n"
    lines.insert(end + 1, f"{indent}{key}: {folder}\n")
    return "".join(lines)
