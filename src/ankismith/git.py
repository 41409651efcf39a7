"""Every git call ankismith makes: release tags, commit times, a commit's files as an archive."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ankismith.errors import BuildError
from ankismith.gitdir import has_no_tags, repository

if TYPE_CHECKING:
    import subprocess


def _git(args: list[str], cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess[bytes]:
    import subprocess  # on first use: a build outside a repository starts no git

    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise BuildError(f"cannot run git: {exc}") from None


def _outside(directory: Path) -> bool:
    """Tell whether no repository holds ``directory``, as git would find it (``gitdir.py``).

    False whenever that is not certain from the files (then git is asked).
    """
    return directory.is_dir() and repository(os.path.realpath(directory), os.environ) == ""


def release_tag(directory: Path) -> str:
    """Return the tag on the HEAD commit of the repository holding ``directory``, or ''.

    A leading ``v`` before a digit is dropped: tag ``v1.3`` is version ``1.3``.
    """
    if not directory.is_dir():
        return ""
    if has_no_tags(os.path.realpath(directory), os.environ):
        return ""  # what git would say, without starting it (a few milliseconds a build)
    try:
        result = _git(["describe", "--tags", "--exact-match", "HEAD"], directory)
    except BuildError:
        return ""
    tag = result.stdout.decode(errors="replace").strip() if result.returncode == 0 else ""
    return tag[1:] if re.match(r"v\d", tag) else tag


def source_place(directory: Path) -> tuple[str, str]:
    """Return (tag on HEAD, else HEAD's commit id; ``directory``'s path in its repository).

    ("", "") outside git or before the first commit: a card's report then links no source.
    """
    try:
        place = _git(["rev-parse", "--show-prefix", "--verify", "HEAD"], directory, timeout=30)
        tag = _git(["describe", "--tags", "--exact-match", "HEAD"], directory, timeout=30)
    except BuildError:
        return "", ""
    lines = place.stdout.decode(errors="replace").splitlines()
    if place.returncode != 0 or len(lines) != 2:
        return "", ""
    folder, commit = lines[0].strip().rstrip("/"), lines[1].strip()
    named = tag.stdout.decode(errors="replace").strip() if tag.returncode == 0 else ""
    return named or commit, folder


def is_shallow(directory: Path) -> bool:
    """Return True when ``directory`` is in a shallow clone: history cut at some depth."""
    try:
        result = _git(["rev-parse", "--is-shallow-repository"], directory, timeout=30)
    except BuildError:
        return False
    return result.returncode == 0 and result.stdout.strip() == b"true"


def last_commit_time(content_dir: Path) -> int | None:
    """Return the committer time of the last commit touching ``content_dir``, or None."""
    try:
        result = _git(["log", "-1", "--format=%ct", "--", "."], content_dir, timeout=30)
    except BuildError:
        return None
    text = result.stdout.decode(errors="replace").strip()
    return int(text) if result.returncode == 0 and text.isdigit() else None


def repository_state(directory: Path) -> str:
    """Say where ``directory`` stands in git: ``none``, ``empty`` or ``committed``.

    ``none``: no git repository (or no git); ``empty``: a repository without a commit yet.
    """
    try:
        inside = _git(["rev-parse", "--is-inside-work-tree"], directory, timeout=30)
        if inside.returncode != 0 or inside.stdout.strip() != b"true":
            return "none"
        head = _git(["rev-parse", "--verify", "--quiet", "HEAD"], directory, timeout=30)
    except BuildError:
        return "none"
    return "committed" if head.returncode == 0 else "empty"


def resolve_commit(ref: str, cwd: Path) -> str | None:
    """Return the full commit id ``ref`` names in the repository at ``cwd``, or None."""
    if ref.startswith("-"):
        return None  # never let a ref be read as an option
    result = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    return result.stdout.decode().strip() if result.returncode == 0 else None


def tags_at(commit: str, cwd: Path) -> list[str]:
    """Return the tags that point at ``commit``, sorted; empty when none or outside git."""
    result = _git(["tag", "--points-at", commit], cwd)
    return sorted(result.stdout.decode(errors="replace").split()) if result.returncode == 0 else []


def _checked(result: subprocess.CompletedProcess[bytes], ref: str) -> bytes:
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise BuildError(f"{ref}: git failed: {message[-1] if message else result.returncode}")
    return result.stdout


def top_level(cwd: Path, ref: str) -> Path:
    """Return the root of the work tree holding ``cwd``; ``ref`` names the request in errors."""
    return Path(_checked(_git(["rev-parse", "--show-toplevel"], cwd), ref).decode().strip())


def commit_time(commit: str, top: Path, ref: str) -> str:
    """Return the committer time of ``commit`` in seconds, as git prints it."""
    return _checked(_git(["log", "-1", "--format=%ct", commit], top), ref).decode().strip()


def archive(commit: str, inside: str, top: Path) -> bytes | None:
    """Return a tar of folder ``inside`` as it is in ``commit``; None if it has no such folder."""
    tree = _git(["archive", "--format=tar", commit, "--", inside], top)
    return tree.stdout if tree.returncode == 0 else None


def uncommitted(directory: Path) -> list[str]:
    """Return the files under ``directory`` that differ from the last commit, or are new.

    Paths are relative to ``directory``, sorted; ignored files are left out. Empty outside a
    repository or before its first commit.
    """
    if _outside(directory):
        return []
    try:
        changed = _git(["diff", "--name-only", "-z", "--relative", "HEAD", "--", "."], directory)
        new = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", "."], directory)
    except BuildError:
        return []
    found: set[str] = set()
    for result in (changed, new):
        if result.returncode == 0:
            found.update(p for p in result.stdout.decode(errors="surrogateescape").split("\0") if p)
    return sorted(found)


_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


def uncommitted_lines(directory: Path) -> dict[str, frozenset[int] | None]:
    """Return, for each file under ``directory`` not as last committed, its new or changed lines.

    Keys are paths relative to ``directory``; None means the whole file is new. Empty outside a
    repository.
    """
    if _outside(directory):
        return {}  # what git would say, without starting it twice (a few milliseconds)
    try:
        args = ["-c", "core.quotepath=off", "diff", "-U0", "--no-color", "--relative", "HEAD"]
        diff = _git([*args, "--", "."], directory)
        new = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", "."], directory)
    except BuildError:
        return {}
    found: dict[str, frozenset[int] | None] = {}
    if diff.returncode == 0:
        for part in re.split(rb"^diff --git ", diff.stdout, flags=re.M)[1:]:
            name = re.search(rb"^\+\+\+ b/(.*)$", part, re.M)
            if name is None:
                continue  # a deleted file
            lines: set[int] = set()
            for hunk in _HUNK.finditer(part):
                start, count = int(hunk[1]), int(hunk[2] or 1)
                lines.update(range(start, start + count))
            found[name[1].decode(errors="surrogateescape")] = frozenset(lines)
    if new.returncode == 0:
        names = new.stdout.decode(errors="surrogateescape").split("\0")
        found.update(dict.fromkeys((n for n in names if n), None))
    return found
