"""Load the two sides of ``ankismith diff`` (an ``.apkg`` or a git ref each), diff or guard them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ankismith.apkg.contents import PackageInfo
from ankismith.apkg.reader import read_package
from ankismith.errors import PackageError
from ankismith.git import resolve_commit
from ankismith.release.diff import diff_packages
from ankismith.release.diff_format import as_markdown, as_text
from ankismith.release.guard import guard
from ankismith.release.refs import build_ref


@dataclass(frozen=True, slots=True)
class Comparison:
    """What ``diff`` prints, and how many guard rules failed."""

    output: str
    """Text to print to stdout."""
    warnings: tuple[str, ...]
    """Lines for stderr: unsafe names met in a package."""
    failures: int
    """Number of guard failures (always 0 without ``--check``)."""


def load_side(side: str, content: Path, cwd: Path) -> PackageInfo:
    """Read ``side`` as a package file if it is one, else build it from the git ref it names."""
    path = cwd / side
    if path.is_file() or side.endswith(".apkg") or path.is_dir():
        return read_package(path)
    if resolve_commit(side, cwd) is None:
        raise PackageError(side, "neither an .apkg file nor a git commit, tag or branch")
    return build_ref(side, content, cwd)


def _warnings(*packages: PackageInfo) -> list[str]:
    return [
        f"warning: {p.path}: ignored unsafe file name {name!r} (it would escape a folder)"
        for p in packages
        for name in p.unsafe_names
    ]


def compare(old: str, new: str, content: Path, *, fmt: str, check: bool, cwd: Path) -> Comparison:
    """Compare ``old`` with ``new``; with ``check``, report only what would strand learners."""
    before, after = load_side(old, content, cwd), load_side(new, content, cwd)
    warnings = tuple(_warnings(before, after))
    if check:
        failures = guard(before, after)
        lines = [f"problem: {f}" for f in failures]
        if not failures:
            lines.append(f"OK: {new} keeps learners of {old} updating in place.")
        return Comparison("\n".join(lines) + "\n", warnings, len(failures))
    diff = diff_packages(before, after)
    body = as_markdown(diff) if fmt == "markdown" else as_text(diff)
    return Comparison(body, warnings, 0)
