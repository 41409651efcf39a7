"""The cache folder: where it lives, the code version its files are kept under, JSON documents.

By default ``.ankismith-cache/`` beside the package; ``ANKISMITH_CACHE_DIR`` moves it (a CI
job restores and saves that folder). It holds:

- ``render.log``: each card's rendered fields (cache/renders.py);
- ``parse.log``: each file's cards and findings, by file content (cache/parses.py);
- ``near.json``: the near-duplicate index (cache/near.py);
- ``keys.log``: each file's cards' question and content keys (cache/keys.py);
- ``guids.json``: the GUIDs derived for the deck's notes (cache/package.py);
- ``deflate.bin``: the collection's compressed chunks (cache/package.py);
- ``check.json``: what the last build found, so ``check`` of the same inputs reports it at once;
- ``build.json``: what the last build read and wrote, so a build with nothing changed only
  checks that the package is still there (both cache/records.py);
- ``settings.json``: the mappings PyYAML read from the YAML a build read, by text
  (cache/settings.py);
- ``quick.bin``: what a build with nothing changed and ``check`` printed, answered before the
  command line loads (quick/).
- ``code.json``: ``code_version`` as a build read it, under the state of ankismith's files
  (sizes, times, inodes): a later build finding them so takes it from there, unread.

Every file is read as the build starts and written as it ends. A missing, unreadable, corrupt
or outdated file counts as empty, and one that cannot be written is skipped: the cache can only
save time, never change a byte of the package.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from ankismith import __version__
from ankismith.errors import BuildError
from ankismith.ownfiles import PACKAGE, SETTLED_NS, own_files

CACHE_DIR = ".ankismith-cache"
ENVIRONMENT = "ANKISMITH_CACHE_DIR"
"""Environment variable naming another cache folder."""
RENDERERS = (
    "markdown",
    "pymdown-extensions",
    "pygments",
    "mdx-truly-sane-lists",
    "mdx-breakless-lists",
    "nh3",
)
"""The distributions whose code turns Markdown into field HTML."""
LIBRARIES = ("genanki", *RENDERERS, "python-slugify", "langcodes")
"""The distributions whose code shapes the package."""


def cache_folder(output: Path, environ: Mapping[str, str]) -> Path:
    """Return the cache folder of builds written to ``output`` (an ``.apkg`` or a folder).

    The one place that decides it: ``ANKISMITH_CACHE_DIR`` when set, else beside the package.
    """
    if environ.get(ENVIRONMENT):
        return Path(environ[ENVIRONMENT])
    return (output.parent if output.suffix == ".apkg" else output) / CACHE_DIR


@functools.cache
def _installed() -> dict[str, str]:
    """Return {normalised distribution name: version} of what the import path holds.

    Read from the names of the ``.dist-info`` folders (``name-version.dist-info``), the first
    of a name on the path winning, as ``importlib.metadata`` finds them; importing that
    package and asking it takes longer than everything else a build with nothing changed does.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                distribution, _, number = name[: -len(".dist-info")].partition("-")
                found.setdefault(_normal(distribution), number)
    return found


def _normal(name: str) -> str:
    """Return a distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def library_version(name: str) -> str:
    """Return the installed version of the distribution ``name``."""
    if found := _installed().get(_normal(name)):
        return found
    from importlib.metadata import version  # installed some other way (an egg, a zip)

    return version(name)


CODE_FILE = "code.json"
"""ankismith's code version as a build read it, under the state of the files it read."""
_known: list[str] = []
"""The code version ``prime_code_version`` found recorded for the files as they are."""


@functools.cache
def code_version() -> str:
    """Return a digest of ankismith's own files and its libraries' versions.

    Taken from a cache folder's record when ``prime_code_version`` found one for the files as
    they are (reading them all is a fortieth of a rebuild after one edit at 1,000 cards).
    """
    if _known:
        return _known[0]
    _code_state()  # before the files are read: a change while they are read is seen next time
    digest = hashlib.sha256(f"{__version__}\n".encode())
    for name in LIBRARIES:
        digest.update(f"{name} {library_version(name)}\n".encode())
    for relative in _own_files(PACKAGE):
        with open(os.path.join(PACKAGE, relative), "rb") as file:
            digest.update(relative.encode() + b"\0" + file.read())
    return digest.hexdigest()


@functools.cache
def _code_state() -> tuple[str, bool]:
    """Return a digest of the state of ankismith's files, and whether one changed just now.

    Each file's size, times and inode (``ownfiles.py``), the libraries' versions and
    Python's: what tells the code changed without reading it, as the quick answer's key does.
    """
    files = own_files()
    libraries = [library_version(name) for name in LIBRARIES]
    text = repr((__version__, sys.version, libraries, files))
    newest = max((max(file[2], file[4]) for file in files), default=0)
    return hashlib.sha256(text.encode()).hexdigest(), time.time_ns() - newest < SETTLED_NS


def prime_code_version(root: Path) -> None:
    """Take ``code_version`` from the cache folder ``root`` if recorded for the files as they are.

    Call it before ``code_version`` is first asked; it does nothing after.
    """
    if code_version.cache_info().currsize or _known:
        return
    state, racy = _code_state()
    recorded = read_json(root / CODE_FILE, state)
    if not racy and isinstance(recorded, str) and len(recorded) == 64:
        _known.append(recorded)


def record_code_version(root: Path) -> None:
    """Record ``code_version`` in the cache folder ``root`` under the files' state, if new there."""
    version = code_version()
    state, racy = _code_state()
    if not racy and read_json(root / CODE_FILE, state) != version:
        write_json(root / CODE_FILE, state, version)


def _own_files(package: str) -> list[str]:
    """Return the paths, relative to ``package``'s folder and sorted, of its code and templates.

    Walked with ``os.scandir``: ``Path.rglob`` took longer than the rest of a build with
    nothing changed.
    """
    found: list[str] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        with os.scandir(os.path.join(package, folder)) as entries:
            for entry in entries:
                relative = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir() and entry.name != "__pycache__":
                    folders.append(relative)
                elif entry.name.endswith((".py", ".html", ".css")) and entry.is_file():
                    found.append(relative)
    return sorted(found)


def read_json(path: Path, stamp: str) -> Any:
    """Return the document saved under ``stamp``, or None."""
    try:
        document = orjson.loads(path.read_bytes())
        return document["data"] if document.get("stamp") == stamp else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_json(path: Path, stamp: str, data: Any) -> None:
    """Save ``data`` under ``stamp``; failures are ignored."""
    from ankismith.atomic import write_atomic  # a build with nothing changed writes nothing

    try:
        write_atomic(path, orjson.dumps({"stamp": stamp, "data": data}), durable=False)
    except (BuildError, TypeError, ValueError):
        return
