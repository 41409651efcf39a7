"""Worker processes of a build: Ctrl-C is the build's to handle, and they end when it does."""

from __future__ import annotations

import os
import signal
import threading
import time


def _watch(parent: int) -> None:
    """End this worker as soon as the build that started it is gone, however it ended."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def follow(build: int) -> None:
    """Set up a worker process of ``build`` (a process id): run first in every worker.

    Ctrl-C reaches the whole process group; the build handles it, so the worker ignores it.
    A build killed with SIGKILL or SIGTERM cannot stop its workers: they stop themselves.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(build,), daemon=True).start()
