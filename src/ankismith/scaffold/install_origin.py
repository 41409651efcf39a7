"""Where the running ankismith was installed from, so a new project installs exactly it.

pip records the origin of anything not installed from a package index in ``direct_url.json``
(PEP 610): a git URL and commit, a wheel or sdist file or URL, or a local directory. A project
made by ``init`` pins that origin in its ``requirements.txt``; a local wheel is copied into the
project's ``vendor/`` so that it installs on any machine, with no package index at all.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import msgspec

from ankismith import __version__
from ankismith.errors import BuildError

REPOSITORY = "https://github.com/ankismith/ankismith"
"""Where ankismith's source, release tags and pre-commit hooks (``.pre-commit-hooks.yaml``) live."""
VENDOR = "vendor"
"""Folder of a new project that holds a copied ankismith wheel or sdist."""


class InstallSource(msgspec.Struct, frozen=True):
    """How a new project installs the ankismith that created it."""

    requirement: str
    """The line for ``requirements.txt``."""
    archive: Path | None = None
    """A local wheel or sdist to copy into ``vendor/``; the requirement names the copy."""
    source_repo: str = REPOSITORY
    """Repository of this ankismith's source, at ``source_rev`` (the schema URL points there)."""
    source_rev: str = f"v{__version__}"
    """Tag or commit of ``source_repo`` matching this ankismith."""
    notice: str = ""
    """What the author should know about this source, if anything."""

    @property
    def schema_url(self) -> str:
        """Return the URL of the ``deck.yaml`` JSON Schema of this ankismith, for editors."""
        repo, rev = self.source_repo.removesuffix(".git"), self.source_rev
        if not repo.startswith("https://github.com/"):
            repo, rev = REPOSITORY, f"v{__version__}"
        raw = repo.replace("https://github.com/", "https://raw.githubusercontent.com/", 1)
        return f"{raw}/{rev}/src/ankismith/schema/deck.schema.json"


def _local_path(url: str) -> Path:
    return Path(url2pathname(urlsplit(url).path))


def _archive(url: str, info: dict[str, object]) -> InstallSource:
    hashes = info.get("hashes")
    sha256 = hashes.get("sha256") if isinstance(hashes, dict) else None
    if not url.startswith("file:"):
        return InstallSource(f"ankismith @ {url}" + (f"#sha256={sha256}" if sha256 else ""))
    path = _local_path(url)
    try:
        data = path.read_bytes()
    except OSError:
        raise BuildError(
            f"{path}: ankismith was installed from this file, which is gone; reinstall "
            "ankismith from a release or a wheel you keep, then run init again"
        ) from None
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        raise BuildError(f"{path}: changed since ankismith was installed from it; reinstall it")
    return InstallSource(f"./{VENDOR}/{path.name}", archive=path)


def install_source(direct_url: str | None) -> InstallSource:
    """Return how to install this ankismith, from the text of its ``direct_url.json`` if any.

    No record means it came from a package index: the project pins the exact version there.
    """
    if direct_url is None:
        return InstallSource(f"ankismith=={__version__}")
    try:
        record = json.loads(direct_url)
        url = str(record["url"])
    except (ValueError, KeyError, TypeError):
        return InstallSource(f"ankismith=={__version__}", notice="unreadable direct_url.json")
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("commit_id"):
        commit = str(vcs["commit_id"])
        source = InstallSource(
            f"ankismith @ {vcs.get('vcs', 'git')}+{url}@{commit}",
            source_repo=url,
            source_rev=commit,
        )
        if url.startswith("file:"):
            return _only_here(source, url)
        return source
    archive = record.get("archive_info")
    if isinstance(archive, dict):
        return _archive(url, archive)
    return _only_here(InstallSource(f"ankismith @ {url}"), url)


def _only_here(source: InstallSource, url: str) -> InstallSource:
    notice = (
        f"ankismith runs from {_local_path(url)}, which only this machine has: the project's "
        "CI cannot install it. Build a wheel there (python -m build), install ankismith from "
        "it and run init again to copy it into the project."
    )
    return InstallSource(
        source.requirement,
        source_repo=source.source_repo,
        source_rev=source.source_rev,
        notice=notice,
    )


def running_source() -> InstallSource:
    """Return how to install the ankismith that is running now."""
    try:
        direct_url = metadata.distribution("ankismith").read_text("direct_url.json")
    except metadata.PackageNotFoundError:  # running from a source tree on sys.path
        direct_url = None
    return install_source(direct_url)
