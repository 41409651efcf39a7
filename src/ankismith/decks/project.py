"""Which decks a repository holds: the one place that reads ``ankismith.yaml``.

Without the file a repository is what it always was: one deck, in ``content/`` (or the folder
given). With it, each deck it lists is a content folder with its own ``deck.yaml``.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from ankismith.content.files import decode, inside, read_regular
from ankismith.errors import BuildError, ContentErrors
from ankismith.limits import TEXT_BYTES
from ankismith.parse.project import PROJECT_FILE, load_project

CONTENT = Path("content")
"""The content folder of a repository without a project file."""


class ProjectDeck(msgspec.Struct, frozen=True):
    """One deck of a project: its key, its content folder, the shared folder it may use."""

    key: str
    """Its key in ``ankismith.yaml`` (``--deck``), or empty for a repository of one deck."""
    content: Path
    """Its content folder, holding its ``deck.yaml``."""
    shared: Path | None = None
    """The project's shared folder of note types and media, if any."""


class Project(msgspec.Struct, frozen=True):
    """The decks of a repository, in the order its project file lists them."""

    decks: tuple[ProjectDeck, ...]
    """Every deck; one, with an empty key, when there is no project file."""
    file: Path | None = None
    """The project file read, None for a repository of one deck."""

    def pick(self, key: str | None) -> tuple[ProjectDeck, ...]:
        """Return every deck, or only the one named ``key`` (a BuildError naming the others)."""
        if key is None:
            return self.decks
        found = [deck for deck in self.decks if deck.key == key]
        if self.file is None:
            raise BuildError(f"--deck {key}: there is no {PROJECT_FILE} here listing decks")
        if not found:
            keys = ", ".join(deck.key for deck in self.decks)
            raise BuildError(f"{self.file}: no deck {key!r}; its decks are {keys}")
        return tuple(found)


def find_project(start: Path, content: Path | None = None) -> Project:
    """Return the decks of the repository at ``start``: its project file's, else one deck.

    A ``content`` folder given on the command line is that one deck, project file or not (a
    deck the project file lists keeps its shared folder); with neither, it is ``content/`` (as
    a relative path when ``start`` is the working directory).
    """
    path = start / PROJECT_FILE
    if content is not None:
        listed = find_project(start).decks if path.is_file() else ()
        common = [deck.shared for deck in listed if _same(deck.content, content)]
        return Project((ProjectDeck("", content, common[0] if common else None),))
    if not path.exists():
        return Project((ProjectDeck("", CONTENT if start == Path(".") else start / CONTENT),))
    shown = str(path) if start != Path(".") else PROJECT_FILE
    if not inside(path, start):
        raise BuildError(f"{shown}: is a link to a file outside the repository; refused")
    try:
        data = read_regular(path, TEXT_BYTES)
    except OSError as exc:
        raise BuildError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    text, error = decode(data, shown)
    if error is not None:
        raise ContentErrors([error])
    settings, problems = load_project(text, shown)
    if problems or settings is None:
        raise ContentErrors(problems, f"{shown} is not a usable project file; nothing was done.")
    shared = _folder(start, settings.shared, shown) if settings.shared else None
    decks = [
        ProjectDeck(key, _folder(start, folder, shown), shared) for key, folder in settings.decks
    ]
    return Project(tuple(decks), Path(shown))


def _same(one: Path, other: Path) -> bool:
    """Return True when two paths name the same folder."""
    return one.resolve() == other.resolve()


def _folder(start: Path, folder: str, shown: str) -> Path:
    """Return ``folder`` of the project file as a path, refusing one that leads out of it."""
    path = Path(folder) if start == Path(".") else start / folder
    if not inside(path, start):
        raise BuildError(f"{shown}: {folder!r} leads out of the repository; refused")
    return path


def choose_deck(
    start: Path, content: Path | None, deck: str | None, package: Path | None = None
) -> ProjectDeck:
    """Return the one deck a command works on: ``content`` given, ``--deck``, else the only one.

    In a project of several decks, a ``package`` named ``<key>.apkg`` names its deck; any
    other choice must be made with ``--deck``.
    """
    project = find_project(start, content)
    if deck is not None or len(project.decks) == 1:
        return project.pick(deck)[0]
    named = [one for one in project.decks if package is not None and package.stem == one.key]
    if named:
        return named[0]
    keys = ", ".join(one.key for one in project.decks)
    raise BuildError(f"{project.file}: several decks ({keys}): name one with --deck")


def other_decks(start: Path, one: ProjectDeck) -> tuple[tuple[str, Path], ...]:
    """Return (key, content folder) of each deck of the project at ``start`` other than ``one``.

    A card may move to one of them (the ``left-deck`` release rule); none without a project file.
    """
    return tuple(
        (other.key, other.content)
        for other in find_project(start).decks
        if other.key and not _same(other.content, one.content)
    )
