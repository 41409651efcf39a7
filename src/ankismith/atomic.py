"""Write a file or a folder atomically: built beside its place, then swapped in; never half.

A file goes through a temp file and ``os.replace``; a folder is built whole beside the old one
and the two are swapped by renames, with the old one brought back on any failure, Ctrl-C too.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import BinaryIO

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
    prefix = f".{path.name}."
    try:
        names = [n for n in os.listdir(path.parent) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    if not names:
        return  # the pattern is compiled only when there may be one (0.1 ms per file written)
    pattern = re.compile(re.escape(prefix) + r"(\d+)\.[A-Za-z0-9_]+\.tmp")
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


def write_atomic(
    path: Path, data: bytes | Iterable[bytes], *, durable: bool = True, tidy: bool = True
) -> None:
    """Write ``data`` to a temp file beside ``path``, then rename it over ``path``.

    ``data`` may come in pieces (an iterable of bytes), written as they come.

    A failure at any point leaves the previous file untouched and no temp file behind; temp
    files left by killed writers are removed first. ``durable`` waits until the data is on
    disk before the rename; a cache, which its reader may find torn after a power cut and
    then ignores, need not wait. Without ``tidy``, temp files left by killed writers are left
    (one listing of the folder per file: a caller writing many files to a large folder sees
    them otherwise).
    """
    with atomic_file(path, durable=durable, tidy=tidy) as out:
        if isinstance(data, bytes | bytearray):
            out.write(data)
        else:
            out.writelines(data)


@contextlib.contextmanager
def atomic_file(path: Path, *, durable: bool = True, tidy: bool = True) -> Iterator[BinaryIO]:
    """Yield a temp file beside ``path`` to write (and read back); rename it over ``path`` after.

    As ``write_atomic``, for a writer that needs the file itself (to seek in it, or to write
    what it makes as it makes it instead of holding it): the file is put in place only when
    the ``with`` block ends without an exception, and removed otherwise.
    """
    handle, temp = _temp_beside(path, tidy=tidy)
    try:
        with os.fdopen(handle, "w+b") as out:
            yield out
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


def _temp_beside(path: Path, *, tidy: bool) -> tuple[int, str]:
    """Make a temp file beside ``path`` (its folder made first); return its handle and path.

    ``tidy`` removes the temp files killed writers of ``path`` left first.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise BuildError(f"{path}: is a directory; choose another output path")
        if tidy:
            remove_stale_temps(path)
        return _new_file(path.parent, f".{path.name}.{os.getpid()}.")
    except OSError as exc:
        raise BuildError(f"{path}: cannot write: {_reason(path, exc)}") from None


_NEW = (
    os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)


def _new_file(folder: Path, prefix: str) -> tuple[int, str]:
    """Create a new file ``<prefix><random>.tmp`` in ``folder``; return its handle and path.

    As ``tempfile.mkstemp`` makes it (readable and writable by its owner only, never an
    existing file or a link followed), without importing ``tempfile`` and ``shutil``: 4 ms,
    more than a preview updated in place spends writing its pages.
    """
    for _ in range(100):
        name = os.path.abspath(os.path.join(folder, f"{prefix}{os.urandom(6).hex()}.tmp"))
        with contextlib.suppress(FileExistsError):
            return os.open(name, _NEW, 0o600), name
    raise FileExistsError(f"{folder}: no free name for a temp file")


def write_staged(path: Path, data: Iterable[bytes]) -> Path:
    """Write ``data`` to a temp file beside ``path``; return it, to be put in place later.

    For a cache written while the build still holds what it is made from, but put in place
    only once the package is (``place_staged``; ``drop_staged`` when the build fails). A
    writer killed in between leaves the temp file, which the next writer of ``path`` removes.
    Never durable: a cache may be found torn after a power cut, and is then ignored.
    """
    handle, temp = _temp_beside(path, tidy=True)
    try:
        with os.fdopen(handle, "wb") as out:
            out.writelines(data)
        os.chmod(temp, 0o644)
    except OSError as exc:
        drop_staged(Path(temp))
        raise BuildError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        drop_staged(Path(temp))
        raise
    return Path(temp)


def place_staged(temp: Path, path: Path) -> None:
    """Rename ``temp``, which ``write_staged`` wrote for ``path``, over ``path``."""
    try:
        os.replace(temp, path)
    except OSError as exc:
        drop_staged(temp)
        raise BuildError(f"{path}: cannot write: {exc.strerror or exc}") from None


def drop_staged(temp: Path) -> None:
    """Remove ``temp``, which ``write_staged`` wrote, if it is still there."""
    with contextlib.suppress(OSError):
        os.unlink(temp)


def replace_folder(path: Path, files: Iterable[tuple[PurePath | str, bytes | Path | str]]) -> None:
    """Write ``files`` into a new folder beside ``path``, then swap it in for ``path`` whole.

    ``files`` gives each file's path inside the folder and its bytes, or a file already holding
    them (in the folder being replaced, say; as a path or its text): that one is linked, far
    cheaper than a write, and copied where links fail. A failure at any point,
    Ctrl-C included, leaves the previous folder as it was and no temp folder behind; the
    previous folder is removed only once the new one is in its place. Whether ``path`` may be
    replaced at all is for the caller to decide first.
    """
    import shutil  # only for a folder (a whole preview): a file needs neither, 4 ms to import
    import tempfile

    parent = path.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{path.name}."))
    except OSError as exc:
        raise BuildError(f"{path}: cannot write: {_reason(path, exc)}") from None
    old = temp.with_name(temp.name + ".old")
    try:
        made: set[str] = set()
        for relative, data in files:
            # Plain strings: a preview writes tens of thousands of files.
            target = os.path.join(temp, relative)
            if (folder := os.path.dirname(target)) not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            if isinstance(data, bytes):
                with open(target, "wb") as out:
                    out.write(data)
                continue
            try:
                os.link(data, target)
            except OSError:
                shutil.copyfile(data, target)
        temp.chmod(0o755)
        if path.exists():
            os.replace(path, old)
        os.replace(temp, path)
    except BaseException as exc:  # Ctrl-C included: the previous folder comes back
        with contextlib.suppress(OSError):
            if old.exists() and not path.exists():
                os.replace(old, path)
        shutil.rmtree(temp, ignore_errors=True)
        if path.exists():  # whichever folder is in place, the other one is left over
            shutil.rmtree(old, ignore_errors=True)
        if isinstance(exc, OSError):
            raise BuildError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
    shutil.rmtree(old, ignore_errors=True)
