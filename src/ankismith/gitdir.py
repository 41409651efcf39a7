"""Where git keeps the repository of a folder, found by reading files as git does: no git run.

``git.py`` skips a git call whose answer these files alone give (no tag in the repository:
no release tag); the quick answer's key (``quick/answer.py``) reads git's state from them.
Only ``os`` is imported: the quick answer loads nothing heavier.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # as quick/answer.py: typing is not imported for it
if TYPE_CHECKING:
    from collections.abc import Mapping

GIT_ELSEWHERE = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_CONFIG",
    "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_SYSTEM",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
)
"""Git variables that point git at other files, or change where it looks: never read here."""


def read_bytes(path: str) -> bytes | None:
    """Return a file's bytes, or None when it cannot be read."""
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def repository(folder: str, environ: Mapping[str, str]) -> tuple[str, str, str] | str | None:
    """Return (work tree, git folder, common git folder) of the repository holding ``folder``.

    ``folder`` is a real path (``os.path.realpath``). "" when no folder above it holds a
    ``.git``; None when git could see it otherwise than read here: a git variable naming other
    files, a ``.git`` that is a link or not a repository, a folder above that could be a bare
    repository, refs kept in reftable files.
    """
    if any(name in environ for name in GIT_ELSEWHERE):
        return None
    top = folder
    while not os.path.lexists(os.path.join(top, ".git")):
        if os.path.lexists(os.path.join(top, "HEAD")):
            return None  # could be a bare repository
        parent = os.path.dirname(top)
        if parent == top:
            return ""
        top = parent
    dotgit = os.path.join(top, ".git")
    if os.path.islink(dotgit):
        return None
    gitdir = dotgit
    if not os.path.isdir(dotgit):
        pointer = (read_bytes(dotgit) or b"").decode("utf-8", "surrogateescape")
        if not pointer.startswith("gitdir: "):
            return None
        gitdir = os.path.join(top, pointer[len("gitdir: ") :].strip())
    common = gitdir
    if (shared := read_bytes(os.path.join(gitdir, "commondir"))) is not None:
        common = os.path.join(gitdir, shared.decode("utf-8", "surrogateescape").strip())
    if os.path.lexists(os.path.join(common, "reftable")):
        return None  # refs kept in reftable files, not read here
    return top, gitdir, common


def has_no_tags(folder: str, environ: Mapping[str, str]) -> bool:
    """Return True when the repository holding ``folder`` has no tag at all, or there is none.

    False whenever that is not certain from its files: then git is asked.
    """
    found = repository(folder, environ)
    if found is None:
        return False
    if isinstance(found, str):
        return True  # no repository
    common = found[2]
    packed = read_bytes(os.path.join(common, "packed-refs"))
    if packed is not None and b" refs/tags/" in packed:
        return False
    if packed is None and os.path.lexists(os.path.join(common, "packed-refs")):
        return False  # there, but unreadable
    tags = os.path.join(common, "refs", "tags")
    if not os.path.lexists(tags):
        return True
    try:
        for _, _, files in os.walk(tags, onerror=_raise):
            if files:
                return False
    except OSError:
        return False
    return True


def _raise(error: OSError) -> None:
    raise error
