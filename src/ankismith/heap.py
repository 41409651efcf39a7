"""The process's freed memory handed back to the system, where the C library keeps it.

CPython allocates strings longer than 512 bytes (a card file's text, a field's HTML) with the C
library's ``malloc``. glibc returns freed memory to the system only from the top of its heap:
what is freed below objects still alive stays counted in the build's resident memory, and
the many small objects made next (CPython's own pools) do not reuse it. A build lets go of
its files' text as it renders (85 MiB at 100,000 cards), and ``give_back`` asks glibc to
release the pages it freed (``malloc_trim``) every few megabytes of it. Elsewhere it does
nothing.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable


@functools.cache
def _trim() -> Callable[[int], int] | None:
    """Return glibc's ``malloc_trim``, or None where the C library has none."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # a few milliseconds to import: only when memory is given back

    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # the process's own symbols
    except (OSError, AttributeError):  # musl, or no C library found
        return None
    return trim


def give_back() -> None:
    """Return the pages the C library holds free to the system (glibc); elsewhere, nothing."""
    if (trim := _trim()) is not None:
        trim(0)
