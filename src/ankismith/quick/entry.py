"""The entry point of ``ankismith`` and ``python -m ankismith``: a recorded answer, else the CLI.

Only ``quick/answer.py`` is imported before a recorded answer is written and the process ends.
"""

from __future__ import annotations

import gc
import os
import sys
import time

from ankismith.quick.answer import answer, answerable, read_argv, state_key, streams


def main() -> None:
    """Answer the command at once when its answer is recorded; else run the command line."""
    # Start-up makes objects that live as long as the process (modules, classes, patterns):
    # no collection walks them while they load. The command line collects again once its
    # command's modules are loaded (cli.py, ``collect_again``).
    gc.disable()
    environ = os.environ
    form = read_argv(sys.argv[1:])
    state = found = None
    started = time.time_ns()  # before any file's state is read (ownfiles.py SETTLED_NS)
    if answerable(form, environ) and form is not None:
        state = state_key(form.content, environ)
        if state is not None:
            found = answer(form, state, environ)
    if found is not None:
        _write(*found)
    if form is None or state is None:
        from ankismith.cli import main as cli

        cli()
        return
    from ankismith.quick.record import run_and_record

    run_and_record(form, state, environ, started)


def _write(chunks: list[tuple[int, bytes]], code: int) -> None:
    """Write what the command printed, in its order, and exit with its code."""
    found = streams()
    assert found is not None  # state_key found them
    try:
        for stream, data in chunks:
            found[stream - 1].write(data)
            found[stream - 1].flush()
    except BrokenPipeError:
        # As Click ends when the reader of its output has gone (``ankismith check | head``):
        # exit code 1, nothing more said, nothing left to flush at exit.
        for file in found:
            os.dup2(os.open(os.devnull, os.O_WRONLY), file.fileno())
        raise SystemExit(1) from None
    raise SystemExit(code)
