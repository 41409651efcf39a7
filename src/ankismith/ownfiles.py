"""ankismith's own files and their state (size, times, inode), and when a state can be trusted.

The quick answer's key (``quick/answer.py``) and the cache folder's record of the code version
(``cache/folder.py``) are both made from it. Only ``os`` is imported: the quick answer loads
nothing heavier.
"""

from __future__ import annotations

import os

PACKAGE = os.path.dirname(os.path.abspath(__file__))
"""The folder of the ankismith package."""
SETTLED_NS = 3_000_000_000
"""A file changed less than this long before its state was taken may change again unseen.

A file's times come from a clock that moves in steps (a few milliseconds; two seconds on
FAT), so two writes of one size within a step leave the same state, as git knows ("racy"
files). A file changed longer ago gets a later change time from any write after that. The
quick answer compares such a content file by its bytes; the code version's record is not
trusted or written while one of ankismith's files is such a file.
"""


def own_files() -> list[tuple[str, int, int, int, int]]:
    """Return every file of the package but its compiled modules, in a fixed order.

    Each is (path, size, modification time, inode, change time), the times in nanoseconds.
    Walked with ``os.scandir``, whose entries carry what is needed but the ``stat``.
    """
    folders = [PACKAGE]
    files: list[tuple[str, int, int, int, int]] = []
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as found:
            for entry in sorted(found, key=lambda entry: entry.name):
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                else:
                    info = entry.stat()
                    files.append(
                        (entry.path, info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
                    )
    return files
