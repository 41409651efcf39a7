"""Recording quick answers: run the full command, keep what it printed, store it under its key.

Runs only when ``answer.py`` found no answer for a command it understands. The command runs as
ever (``cli.main``) with stdout and stderr written through to where they went and kept; then,
if the inputs read the same as before it ran, what it printed and its exit code are stored in
the cache folder's ``quick.bin``:

- a build that succeeded, with the package it left (its digest, as ``build.json`` has it) and
  ``build.json``'s own state; not one with a notice (dated by the clock, or in a shallow clone);
  one that may have drawn a progress bar only if it rendered nothing (``build.json``
  unchanged: a build with nothing changed), since a later build with nothing changed draws
  none;
- ``check`` (exit code 0 or 1, nothing on stderr), with ``check.json``'s state;
- after a build that wrote ``check.json``, the answers of ``check`` and ``check --strict`` of the
  same folders, from what it found: what ``check`` would print from that record.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO, NoReturn, TextIO

from ankismith.quick.answer import (
    KEPT,
    RECORDS,
    Form,
    State,
    answer_key,
    cache_dir,
    dump_records,
    file_digests,
    load_records,
    stat_of,
    state_key,
)

Chunks = list[tuple[int, bytes]]
"""What a command wrote, in order: (1 for stdout or 2 for stderr, the bytes)."""


class Tee(io.BufferedIOBase):
    """A binary stream that writes through to ``target`` and keeps each write, in order."""

    def __init__(self, target: BinaryIO, stream: int, kept: Chunks) -> None:
        super().__init__()
        self._target = target
        self._stream = stream
        self._kept = kept

    def write(self, data: bytes) -> int:  # type: ignore[override]
        """Write ``data`` on, and keep it."""
        chunk = bytes(data)
        self._target.write(chunk)
        self._kept.append((self._stream, chunk))
        return len(chunk)

    def flush(self) -> None:
        """Flush the stream written through to."""
        self._target.flush()

    def writable(self) -> bool:
        """Return True: this stream is written to."""
        return True

    def isatty(self) -> bool:
        """Return what the stream written through to says: colour and bars depend on it."""
        return self._target.isatty()

    def fileno(self) -> int:
        """Return the descriptor of the stream written through to."""
        return self._target.fileno()


def _kept(stream: TextIO, number: int, kept: Chunks) -> TextIO:
    """Return a text stream like ``stream`` that writes through to it and keeps what it wrote."""
    stream.flush()
    return io.TextIOWrapper(
        Tee(stream.buffer, number, kept),  # type: ignore[type-var]
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=bool(stream.line_buffering),
        write_through=True,
    )


def _run(kept: Chunks) -> SystemExit:
    """Run the command line with stdout and stderr kept; return how it exited."""
    from ankismith.cli import main as cli

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _kept(out, 1, kept), _kept(err, 2, kept)
    try:
        cli()
    except SystemExit as exit:
        return exit
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = out, err
    return SystemExit(0)


def run_and_record(form: Form, state: State, environ: Mapping[str, str], started: int) -> NoReturn:
    """Run ``form``'s command in full, record its answer when it may be, exit as it did.

    ``state`` was read at ``started`` (nanoseconds since the epoch): files changed shortly
    before are read whole, before the command and after it, so that a write while it ran
    is seen even where their state cannot tell.
    """
    folder = cache_dir(form.output, environ)
    guarded = {
        name: stat_of(os.path.join(folder, name)) if folder else None
        for name in ("build.json", "check.json")
    }
    recent = file_digests(state.recent(started))
    kept: Chunks = []
    exit = _run(kept)
    # The command is done and has said so: Ctrl-C while its answer is recorded is ignored,
    # never reported as a command interrupted before it wrote anything.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    code = 0 if exit.code is None else exit.code
    if folder is not None and code in (0, 1) and isinstance(code, int):
        # A record is a saving, never a condition of the command: whatever stops it, the
        # command has run and exits as it did.
        with contextlib.suppress(Exception):
            _record(form, state, environ, folder, kept, code, guarded, recent)
    raise exit


def _record(
    form: Form,
    state: State,
    environ: Mapping[str, str],
    folder: str,
    kept: Chunks,
    code: int,
    guarded: Mapping[str, tuple[int, int, int, int] | None],
    recent: list[tuple[str, bytes | None]],
) -> None:
    """Store the answers ``form``'s run gives, if the inputs are still those it read."""
    if not os.path.isdir(folder):
        return
    after = state_key(form.content, environ)
    if after is None or after.key != state.key:
        return
    if file_digests([path for path, _ in recent]) != recent:
        return
    records = _answers(form, state.key, environ, folder, kept, code, guarded)
    if records:
        sealed = {key: (*answer, recent) for key, answer in records.items()}
        path = os.path.join(folder, RECORDS)
        kept_records = {k: v for k, v in load_records(path).items() if k not in sealed}
        kept_records.update(sealed)
        _save(path, dict(list(kept_records.items())[-KEPT:]))


def _answers(
    form: Form,
    state: bytes,
    environ: Mapping[str, str],
    folder: str,
    kept: Chunks,
    code: int,
    guarded: Mapping[str, tuple[int, int, int, int] | None],
) -> dict[bytes, tuple[object, ...]]:
    """Return the answers ``form``'s run gives, by key: its own, and after a build, check's."""
    now = {name: stat_of(os.path.join(folder, name)) for name in guarded}
    answers: dict[bytes, tuple[object, ...]] = {}
    if form.command == "check":
        quiet = not any(stream == 2 for stream, _ in kept)  # an error message: not recorded
        if quiet and now["check.json"] == guarded["check.json"]:
            guards = [(os.path.join(folder, "check.json"), now["check.json"])]
            answers[answer_key(form, state, environ)] = (code, kept, guards, None, b"")
    elif code == 0:
        # A bar is drawn only while cards render: never by a build with nothing changed.
        bar = form.progress or (form.progress is None and sys.stderr.isatty())
        built = _built(folder, now["build.json"], code, kept)
        if built is not None and (not bar or now["build.json"] == guarded["build.json"]):
            answers[answer_key(form, state, environ)] = built
        if now["check.json"] != guarded["check.json"] and now["check.json"] is not None:
            answers.update(_checks(form, state, environ, folder, now["check.json"]))
    return answers


def _built(
    folder: str, seen: tuple[int, int, int, int] | None, code: int, kept: Chunks
) -> tuple[object, ...] | None:
    """Return the record of a build: its output, ``build.json``'s state, the package's digest.

    None unless ``build.json`` names a package whose bytes are the ones it recorded.
    """
    import orjson

    from ankismith.quick.answer import package_digest

    path = os.path.join(folder, "build.json")
    with open(path, "rb") as file:
        data = orjson.loads(file.read())["data"]
    if data["notices"]:
        return None  # dated by the clock (or in a shallow clone): the next build may differ
    package = str(data["output"])
    with open(package, "rb") as file:
        contents = file.read()
    if hashlib.sha256(contents).hexdigest() != data["_sha256"]:
        return None
    return (code, kept, [(path, seen)], package, package_digest(contents))


def _checks(
    form: Form,
    state: bytes,
    environ: Mapping[str, str],
    folder: str,
    seen: tuple[int, int, int, int],
) -> dict[bytes, tuple[object, ...]]:
    """Return the answers of ``check`` and ``check --strict`` after a build that wrote check.json.

    Made as ``cli.check`` prints what ``pipeline.check`` finds in that record: the findings,
    coloured as the environment and stdout say, in stdout's encoding.
    """
    import click

    from ankismith.cache.records import last_findings
    from ankismith.check_report import render, use_colour
    from ankismith.pipeline import recorded

    found = last_findings(Path(folder))
    if found is None:
        return {}
    colour = use_colour(environ, tty=sys.stdout.isatty())
    answers: dict[bytes, tuple[object, ...]] = {}
    guards = [(os.path.join(folder, "check.json"), seen)]
    for strict in (False, True):
        compiled = recorded(found, strict)
        text = render(compiled, "human", colour=colour, verbosity=0)
        written = io.BytesIO()
        stream = io.TextIOWrapper(
            written, encoding=sys.stdout.encoding, errors=sys.stdout.errors, write_through=True
        )
        click.echo(text, file=stream, nl=False, color=colour)
        stream.flush()
        chunks = [(1, written.getvalue())]
        check = Form("check", form.content, form.output, strict=strict)
        code = 1 if compiled.errors else 0
        answers[answer_key(check, state, environ)] = (code, chunks, guards, None, b"")
    return answers


def _save(path: str, records: Mapping[bytes, object]) -> None:
    """Write ``records`` to ``path`` whole, or leave it as it was."""
    from ankismith.atomic import write_atomic
    from ankismith.errors import BuildError

    try:
        write_atomic(Path(path), dump_records(records), durable=False)
    except BuildError:
        return
