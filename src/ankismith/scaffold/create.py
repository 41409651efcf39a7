"""``ankismith init``: a new deck project that builds with ``make deck`` at once.

``project/`` is the repository of one deck; ``init --decks`` lays ``decks/`` over it: an
``ankismith.yaml``, one content folder per deck (``decks/KEY/``) and the Makefile, README and
release workflow that build, guard and publish every deck.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import msgspec

from ankismith.errors import BuildError
from ankismith.forge import read_repository
from ankismith.parse.project import KEY
from ankismith.scaffold.install_origin import VENDOR, InstallSource, running_source
from ankismith.text import slug, unique_deck_id

if TYPE_CHECKING:  # importlib.resources.abc exists from Python 3.11 on
    from importlib.abc import Traversable

# Package data cannot rely on dot-files being shipped, so these are renamed when written.
_RENAMED = {
    "gitignore": ".gitignore",
    "github": ".github",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}


COMMENTED_REPOSITORY = "# repository: https://github.com/you/your-deck"
"""The line of the scaffold's deck.yaml that ``init --repository`` fills in."""


class InitReport(msgspec.Struct, frozen=True):
    """What ``init`` wrote."""

    directory: str
    """The project directory."""
    files: tuple[str, ...]
    """Files written, relative to it, sorted."""
    notices: tuple[str, ...] = ()
    """What the author should know about the project, such as an install source only here."""


def _walk(folder: Traversable, prefix: PurePosixPath) -> dict[PurePosixPath, str]:
    found: dict[PurePosixPath, str] = {}
    for entry in folder.iterdir():
        target = prefix / _RENAMED.get(entry.name, entry.name)
        if entry.is_dir():
            found.update(_walk(entry, target))
        elif not entry.name.endswith((".pyc", ".pyo")):
            found[target] = entry.read_text(encoding="utf-8")
    return found


def _fill(text: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def scaffold_files(
    name: str,
    source: InstallSource | None = None,
    repository: str = "",
    decks: tuple[str, ...] = (),
) -> dict[PurePosixPath, str]:
    """Return every scaffold file, by path in the new project, with the deck name filled in.

    ``source`` is how the project installs ankismith (default: the running one). The deck id
    gets a random part, drawn once here and kept in deck.yaml for good. ``repository`` (a URL
    ``read_repository`` accepts) is written as the ``repository:`` key; without it the key is
    left commented. ``decks``: the keys of a repository of several decks (``init --decks``),
    each its own deck named ``NAME (KEY)``.
    """
    source = source or running_source()
    template = resources.files("ankismith.scaffold").joinpath("project")
    files = _walk(template, PurePosixPath())
    values = {
        "__DECK_NAME__": name,
        "__DECK_ID__": unique_deck_id(name),
        "__DECK_FILE__": slug(name) or "deck",
        "__REQUIREMENT__": source.requirement,
        "__SCHEMA_URL__": source.schema_url,
    }
    if repository:
        deck_yaml = PurePosixPath("content/deck.yaml")
        files[deck_yaml] = files[deck_yaml].replace(
            COMMENTED_REPOSITORY, f"repository: {repository}"
        )
    if decks:
        return _several(files, name, decks, values)
    return {path: _fill(text, values) for path, text in sorted(files.items())}


DECKS_FOLDER = PurePosixPath("decks")
"""Where ``init --decks`` puts each deck's content folder: ``decks/KEY``."""
OWN_NOTE_TYPE_IDS = """\
# This deck's copies of ankismith's note types (basic, cloze...) have ids of their own, so the
# decks of this repository may differ in language, labels or templates. Keep it as it is once
# the deck is released: for its learners, other ids are other note types (docs/format.md).
note_type_ids: own
"""
"""Written in every deck ``init --decks`` makes: free before a first release, costly after."""


def _several(
    files: dict[PurePosixPath, str], name: str, keys: tuple[str, ...], values: dict[str, str]
) -> dict[PurePosixPath, str]:
    """Return the files of a repository of several decks, from those of one deck.

    Each deck gets the one deck's ``content/`` (its own name and id) in ``decks/KEY``; the
    files of ``decks/`` replace those of the same path; the deck.yaml schema hook also checks
    ``ankismith.yaml``.
    """
    overlay = _walk(resources.files("ankismith.scaffold").joinpath("decks"), PurePosixPath())
    content = {p.relative_to("content"): t for p, t in files.items() if p.parts[0] == "content"}
    found = {p: t for p, t in files.items() if p.parts[0] != "content"}
    found.update(overlay)
    hooks = PurePosixPath(".pre-commit-config.yaml")
    found[hooks] = found[hooks].replace(
        "files: (^|/)deck\\.yaml$", "files: (^|/)(deck|ankismith)\\.yaml$"
    )
    values = {
        **values,
        "__DECKS__": "".join(f"  {key}: {DECKS_FOLDER / key}\n" for key in keys).rstrip("\n"),
        "__DECK_FILES__": ", ".join(f"build/{key}.apkg" for key in keys),
        "__PROJECT_SCHEMA_URL__": values["__SCHEMA_URL__"].replace(
            "deck.schema.json", "project.schema.json"
        ),
    }
    result = {path: _fill(text, values) for path, text in found.items()}
    settings = PurePosixPath("deck.yaml")
    content[settings] = content[settings].rstrip("\n") + "\n" + OWN_NOTE_TYPE_IDS
    for key in keys:
        deck_name = f"{name} ({key})"
        one = {**values, "__DECK_NAME__": deck_name, "__DECK_ID__": unique_deck_id(deck_name)}
        for path, text in content.items():
            result[DECKS_FOLDER / key / path] = _fill(text, one)
    return dict(sorted(result.items()))


def deck_keys(text: str) -> tuple[str, ...]:
    """Return the deck keys of ``init --decks a,b``, refusing a bad or repeated one."""
    keys = tuple(key.strip() for key in text.split(","))
    for key in keys:
        if not re.fullmatch(KEY, key):
            raise BuildError(
                f"--decks {text}: {key!r} is not a deck key (lowercase letters, digits, "
                "'_' or '-', starting with a letter or digit)"
            )
    if len(set(keys)) != len(keys):
        raise BuildError(f"--decks {text}: a key is given twice")
    return keys


def init_project(
    directory: Path, name: str | None = None, repository: str = "", decks: str = ""
) -> InitReport:
    """Write a new project into ``directory``, which must be missing or empty.

    ``repository``: the deck's repository URL, checked before anything is written. ``decks``:
    comma-separated keys of a repository of several decks (``ankismith.yaml``), else one deck.
    """
    keys = deck_keys(decks) if decks else ()
    if repository:
        found, problem = read_repository(repository)
        if found is None:
            raise BuildError(f"--repository {repository}: {problem}")
        repository = found.url
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BuildError(f"{directory}: not empty; init writes only into a new or empty directory")
    deck_name = name or directory.resolve().name.replace("-", " ").replace("_", " ").capitalize()
    if not deck_name.strip() or any(c in deck_name for c in "\n\"'#:"):
        raise BuildError(f"{deck_name!r}: not usable as a deck name; pass --name")
    source = running_source()
    files: dict[PurePosixPath, str | bytes] = dict(
        scaffold_files(deck_name, source, repository, keys)
    )
    if source.archive is not None:
        files[PurePosixPath(VENDOR, source.archive.name)] = source.archive.read_bytes()
    try:
        for path, body in sorted(files.items()):
            target = directory / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(body, bytes):
                target.write_bytes(body)
            else:
                target.write_text(body, encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"{directory}: cannot write: {exc.strerror or exc}") from None
    notices = (source.notice,) if source.notice else ()
    return InitReport(str(directory), tuple(str(p) for p in sorted(files)), notices)
