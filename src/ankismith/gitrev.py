"""Git at the edge: release tags, and a commit's content built into a package on the fly."""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import replace
from pathlib import Path

from ankismith.errors import AnkismithError, BuildError
from ankismith.pkgdata import PackageInfo


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise BuildError(f"cannot run git: {exc}") from None


def release_tag(directory: Path) -> str:
    """Return the tag on the HEAD commit of the repository holding ``directory``, or ''.

    A leading ``v`` before a digit is dropped: tag ``v1.3`` is version ``1.3``.
    """
    if not directory.is_dir():
        return ""
    try:
        result = _git(["describe", "--tags", "--exact-match", "HEAD"], directory)
    except BuildError:
        return ""
    tag = result.stdout.decode(errors="replace").strip() if result.returncode == 0 else ""
    return tag[1:] if re.match(r"v\d", tag) else tag


def resolve_commit(ref: str, cwd: Path) -> str | None:
    """Return the full commit id ``ref`` names in the repository at ``cwd``, or None."""
    if ref.startswith("-"):
        return None  # never let a ref be read as an option
    result = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    return result.stdout.decode().strip() if result.returncode == 0 else None


def _checked(result: subprocess.CompletedProcess[bytes], ref: str) -> bytes:
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise BuildError(f"{ref}: git failed: {message[-1] if message else result.returncode}")
    return result.stdout


def _extract(archive: bytes, dest: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter="data")
        else:  # Python 3.10 before 3.10.12 has no filters; the archive is git's own output
            tar.extractall(dest)


def build_ref(ref: str, content: Path, cwd: Path) -> PackageInfo:
    """Build ``content`` as it is in commit ``ref``, with that commit's time as build time."""
    from ankismith.pipeline import build
    from ankismith.readpkg import read_package

    commit = resolve_commit(ref, cwd)
    if commit is None:
        raise BuildError(f"{ref}: not a git commit, tag or branch here")
    top = Path(_checked(_git(["rev-parse", "--show-toplevel"], cwd), ref).decode().strip())
    try:
        inside = (cwd / content).resolve().relative_to(top.resolve())
    except ValueError:
        raise BuildError(f"{content}: not inside the git repository at {top}") from None
    when = _checked(_git(["log", "-1", "--format=%ct", commit], top), ref).decode().strip()
    tree = _git(["archive", "--format=tar", commit, "--", inside.as_posix()], top)
    if tree.returncode != 0:
        raise BuildError(f"{ref}: there is no '{inside.as_posix()}' directory in that commit")
    with tempfile.TemporaryDirectory(prefix="ankismith-ref-") as folder:
        _extract(tree.stdout, Path(folder, "tree"))
        source = Path(folder, "tree", inside)
        try:
            build(source, Path(folder, "deck.apkg"), {"SOURCE_DATE_EPOCH": when})
        except AnkismithError as exc:
            text = exc.message.replace(str(source), f"{ref}:{inside.as_posix()}")
            raise BuildError(f"{ref}: its content does not build:\n{text}") from None
        package = read_package(Path(folder, "deck.apkg"))
    return replace(package, path=ref)
