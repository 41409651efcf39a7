"""Write a file atomically: a temp file beside it, then ``os.replace``; never half a file."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from ankismith.errors import BuildError


def _alive(pid: int) -> bool:
    """Return True when process ``pid`` may still be running."""
    if os.name == "nt":  # os.kill would end the process there: assume it runs
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # gone, or a number no process has
        return False
    except OSError:  # it exists, under another user
        return True
    return True


def remove_stale_temps(path: Path) -> None:
    """Remove the temp files that writers of ``path`` killed mid-write left beside it.

    A temp file's name carries its writer's process id (``.x.apkg.<pid>.<random>.tmp``). A
    killed process cannot clean up after itself, so the next write does; the temp file of a
    writer still running is left alone.
    """
    pattern = re.compile(re.escape(f".{path.name}.") + r"(\d+)\.[A-Za-z0-9_]+\.tmp")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        match = pattern.fullmatch(name)
        if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(path.parent / name)


def _reason(path: Path, exc: OSError) -> str:
    """Say why ``path`` cannot be written, naming a file that stands where a folder must."""
    for folder in reversed(path.parents):
        if folder.exists() and not folder.is_dir():
            return f"{folder} is a file, not a folder"
    return exc.strerror or str(exc)


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to a temp file beside ``path``, then rename it over ``path``.

    A failure at any point leaves the previous file untouched and no temp file behind; temp
    files left by killed writers are removed first. ``durable`` waits until the data is on
    disk before the rename; a cache, which its reader may find torn after a power cut and
    then ignores, need not wait.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise BuildError(f"{path}: is a directory; choose another output path")
        remove_stale_temps(path)
        prefix = f".{path.name}.{os.getpid()}."
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    except OSError as exc:
        raise BuildError(f"{path}: cannot write: {_reason(path, exc)}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise BuildError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
