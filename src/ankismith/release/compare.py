"""Load the two sides of ``ankismith diff`` (an ``.apkg`` or a git ref each), diff or guard them."""

from __future__ import annotations

from pathlib import Path

import msgspec

from ankismith.apkg.contents import PackageInfo
from ankismith.apkg.reader import read_package
from ankismith.errors import PackageError
from ankismith.git import resolve_commit, tags_at
from ankismith.parse.settings import ReleaseAcceptance
from ankismith.release.accept import Judged, judge
from ankismith.release.diff import diff_packages
from ankismith.release.diff_format import as_markdown, as_text
from ankismith.release.refs import build_ref, build_ref_with_acceptance, holds, read_acceptance
from ankismith.text import plural


class Side(msgspec.Struct, frozen=True):
    """One side of a comparison: the package, the names it goes by, the acceptance it holds."""

    package: PackageInfo
    """The release, read or built."""
    names: tuple[str, ...]
    """The git ref it was given as and the tags on that commit; empty for a package file."""
    acceptance: ReleaseAcceptance | None
    """``release:`` of the deck.yaml it was built from: the commit's, or for a package file
    the working tree's content folder's."""


class Comparison(msgspec.Struct, frozen=True):
    """What ``diff`` prints, and how many guard rules failed."""

    output: str
    """Text to print to stdout."""
    warnings: tuple[str, ...]
    """Lines for stderr: unsafe names met in a package."""
    failures: int
    """Number of guard failures (always 0 without ``--check``)."""
    error: str = ""
    """The one line ``diff --check`` fails with; empty when it passes."""


def load_side(side: str, content: Path, cwd: Path, shared: Path | None = None) -> PackageInfo:
    """Read ``side`` as a package file if it is one, else build it from the git ref it names."""
    return _load(side, content, cwd, shared).package


def _load(side: str, content: Path, cwd: Path, shared: Path | None = None) -> Side:
    path = cwd / side
    if path.is_file() or side.endswith(".apkg") or path.is_dir():
        return Side(read_package(path), (), read_acceptance(cwd / content))
    commit = resolve_commit(side, cwd)
    if commit is None:
        raise PackageError(side, "neither an .apkg file nor a git commit, tag or branch")
    package, acceptance = build_ref_with_acceptance(side, content, cwd, shared)
    return Side(package, (side, *tags_at(commit, cwd)), acceptance)


def _warnings(*packages: PackageInfo) -> list[str]:
    return [
        f"warning: {p.path}: ignored unsafe file name {name!r} (it would escape a folder)"
        for p in packages
        for name in p.unsafe_names
    ]


def judge_sides(old: Side, new: Side, elsewhere: dict[str, str] | None = None) -> Judged:
    """Run the release rules, with what the new side's ``release:`` accepts set aside.

    ``elsewhere`` maps the GUIDs of the project's other decks, as of ``new``, to their key.
    """
    return judge(old.package, new.package, new.acceptance, old.names, elsewhere)


def elsewhere_of(
    side: str, others: tuple[tuple[str, Path], ...], cwd: Path, shared: Path | None = None
) -> dict[str, str]:
    """Map each GUID of the project's ``others`` decks (key, folder), as of ``side``, to its key.

    For a git ref, each other deck is built at that commit (a deck it does not hold is left
    out); for a package file, each other deck's package beside it (``<key>.apkg``), if there.
    """
    found: dict[str, str] = {}
    path = cwd / side
    for key, content in others:
        if path.is_file() or side.endswith(".apkg"):
            beside = path.parent / f"{key}.apkg"
            package = read_package(beside) if beside.is_file() else None
        else:
            held = holds(side, content, cwd)
            package = build_ref(side, content, cwd, shared) if held else None
        for note in package.notes if package is not None else ():
            found.setdefault(note.guid, key)
    return found


def guard_lines(judged: Judged, old: str, new: str) -> tuple[list[str], str]:
    """Return what ``diff --check`` prints, and the error it fails with (empty when it passes).

    Notes on the acceptance come first, then what it accepts, then what still fails.
    """
    lines = list(judged.notes)
    lines += [f"accepted: {p}" for p in judged.accepted]
    lines += [f"problem: {p}" for p in judged.problems]
    if judged.nothing_new:
        return lines, f"{new}: nothing to release: no note changed since {old}"
    if judged.problems:
        return lines, f"{new}: {plural(len(judged.problems), 'change')} would strand learners"
    accepted = (
        f", with {plural(len(judged.accepted), 'change')} accepted in deck.yaml "
        f"(release after {judged.since})"
        if judged.accepted
        else ""
    )
    lines.append(f"OK: {new} keeps learners of {old} updating in place{accepted}.")
    return lines, ""


def compare(
    old: str,
    new: str,
    content: Path,
    *,
    fmt: str,
    check: bool,
    cwd: Path,
    shared: Path | None = None,
    others: tuple[tuple[str, Path], ...] = (),
) -> Comparison:
    """Compare ``old`` with ``new``; with ``check``, report only what would strand learners.

    ``shared`` is a project's shared folder, built with ``content`` when a side is a git ref;
    ``others`` the project's other decks (key, folder), where a card may have moved to.
    """
    before, after = _load(old, content, cwd, shared), _load(new, content, cwd, shared)
    warnings = tuple(_warnings(before.package, after.package))
    if check:
        elsewhere = elsewhere_of(new, others, cwd, shared) if others else None
        judged = judge_sides(before, after, elsewhere)
        lines, error = guard_lines(judged, old, new)
        return Comparison("\n".join(lines) + "\n", warnings, len(judged.problems), error)
    diff = diff_packages(before.package, after.package)
    if fmt == "markdown":
        accepted = judge_sides(before, after).accepted if after.acceptance else ()
        return Comparison(as_markdown(diff, accepted), warnings, 0)
    return Comparison(as_text(diff), warnings, 0)
