"""Build the content of a git commit into a package, for ``diff`` and the release guard.

Also reads the ``release:`` acceptance of a content folder: a commit's, or the working tree's.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from pathlib import Path

import msgspec
import msgspec.structs

from ankismith.apkg.contents import PackageInfo
from ankismith.apkg.reader import read_package
from ankismith.content.files import SETTINGS_FILE, read_settings
from ankismith.errors import AnkismithError, BuildError
from ankismith.findings import Severity
from ankismith.git import archive, commit_time, resolve_commit, top_level
from ankismith.parse.settings import DeckSettings, ReleaseAcceptance, load_settings
from ankismith.pipeline import build


def _extract(data: bytes, dest: Path, ref: str) -> None:
    """Unpack git's tar; a link leading out of the tree is refused, as in a working tree."""
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        try:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(dest, filter="data")
            else:  # Python 3.10 before 3.10.12 has no filters
                for member in tar.getmembers():
                    target = Path(member.name).parent / member.linkname
                    if member.issym() and (target.is_absolute() or ".." in target.parts):
                        raise tarfile.TarError(f"'{member.name}' is a link outside the tree")
                tar.extractall(dest)
        except tarfile.TarError as exc:
            raise BuildError(f"{ref}: {exc}; refused: links must stay inside") from None


def build_ref(ref: str, content: Path, cwd: Path, shared: Path | None = None) -> PackageInfo:
    """Build ``content`` as it is in commit ``ref``, with that commit's time as build time.

    ``shared`` is a project's shared folder, read as it is in that commit too.
    """
    return build_ref_with_acceptance(ref, content, cwd, shared)[0]


def read_deck_settings(content: Path, shown: str = "") -> DeckSettings | None:
    """Return ``content``'s deck.yaml settings; None without a deck.yaml.

    A deck.yaml that cannot be read is an error (named as ``shown``, when given): a release
    must not pass because what it accepts or opts into was not understood.
    """
    if not (content / SETTINGS_FILE).is_file():
        return None
    path, text, undecodable = read_settings(content)
    settings, found = load_settings(text, path)
    errors = [undecodable] if undecodable else [f for f in found if f.level is Severity.ERROR]
    if settings is None or errors:
        first = str((errors or found)[0]) if (errors or found) else f"{path}: unreadable"
        raise BuildError(first.replace(str(content), shown) if shown else first)
    return settings


def read_acceptance(content: Path, shown: str = "") -> ReleaseAcceptance | None:
    """Return the ``release:`` section of ``content``'s deck.yaml; None without one."""
    settings = read_deck_settings(content, shown)
    return settings.release if settings is not None else None


def _inside(folder: Path, cwd: Path, top: Path) -> Path:
    """Return ``folder`` relative to the repository's top, refusing one outside it."""
    try:
        return (cwd / folder).resolve().relative_to(top.resolve())
    except ValueError:
        raise BuildError(f"{folder}: not inside the git repository at {top}") from None


def _extract_base(
    source: Path, content: Path, commit: str, cwd: Path, top: Path, dest: Path, ref: str
) -> None:
    """Extract the folder a variant extends (``extends:``), as in ``commit``, beside it."""
    try:
        settings = read_deck_settings(source)
    except BuildError:
        return  # the build names what is wrong with deck.yaml
    if settings is None or not settings.extends:
        return
    base = _inside(content / settings.extends, cwd, top)
    tree = archive(commit, base.as_posix(), top)
    if tree is not None:
        _extract(tree, dest, ref)


def holds(ref: str, content: Path, cwd: Path) -> bool:
    """Return True when commit ``ref`` has the folder ``content``."""
    commit = resolve_commit(ref, cwd)
    if commit is None:
        return False
    top = top_level(cwd, ref)
    return archive(commit, _inside(content, cwd, top).as_posix(), top) is not None


def build_ref_with_acceptance(
    ref: str, content: Path, cwd: Path, shared: Path | None = None
) -> tuple[PackageInfo, ReleaseAcceptance | None]:
    """Build ``content`` as it is in commit ``ref``; return it and that commit's acceptance.

    ``shared`` is a project's shared folder of note types and media, taken from ``ref`` too.
    """
    commit = resolve_commit(ref, cwd)
    if commit is None:
        raise BuildError(f"{ref}: not a git commit, tag or branch here")
    top = top_level(cwd, ref)
    inside = _inside(content, cwd, top)
    when = commit_time(commit, top, ref)
    tree = archive(commit, inside.as_posix(), top)
    if tree is None:
        raise BuildError(f"{ref}: there is no '{inside.as_posix()}' directory in that commit")
    common = None if shared is None else _inside(shared, cwd, top)
    common_tree = None if common is None else archive(commit, common.as_posix(), top)
    with tempfile.TemporaryDirectory(prefix="ankismith-ref-") as folder:
        _extract(tree, Path(folder, "tree"), ref)
        if common_tree is not None:
            _extract(common_tree, Path(folder, "tree"), ref)
        source = Path(folder, "tree", inside)
        _extract_base(source, content, commit, cwd, top, Path(folder, "tree"), ref)
        was_shared = None if common is None else Path(folder, "tree", common)
        try:
            build(
                source,
                Path(folder, "deck.apkg"),
                {"SOURCE_DATE_EPOCH": when},
                shared=was_shared if was_shared and was_shared.is_dir() else None,
            )
        except AnkismithError as exc:
            text = exc.message.replace(str(source), f"{ref}:{inside.as_posix()}")
            raise BuildError(f"{ref}: its content does not build:\n{text}") from None
        package = read_package(Path(folder, "deck.apkg"))
        acceptance = read_acceptance(source, f"{ref}:{inside.as_posix()}")
    return msgspec.structs.replace(package, path=ref), acceptance
