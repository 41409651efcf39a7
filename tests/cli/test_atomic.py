"""Atomic output, proven: a build killed while packaging leaves the previous package intact.

A killed process cannot clean up after itself, so its temp file stays behind; the next write of
the same package (or render cache) removes temp files whose writer is gone.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith import atomic
from ankismith.atomic import write_atomic
from ankismith.cli import main
from tests.helpers import Q_CARD, ROOT

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
NAME = "benchmark-3000.apkg"


def write_corpus(count: int, root: Path) -> None:
    """Write the benchmark deck generator's cards (benchmarks/corpus.py)."""
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    corpus.write_corpus(count, root)


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def _dead_pid() -> int:
    """Return the id of a process that has just exited."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


@pytest.mark.slow
def test_sigkill_while_packaging_keeps_the_previous_package(tmp_path: Path) -> None:
    content, out = tmp_path / "content", tmp_path / "build"
    write_corpus(3000, content)
    first = CliRunner().invoke(main, ["build", str(content), "-o", str(out), "-j", "1"], env=ENV)
    assert first.exit_code == 0, first.output
    previous = (out / NAME).read_bytes()
    # A large media file makes the new package slow to write, so the kill lands mid-write.
    (content / "big.png").write_bytes(os.urandom(32 * 1024 * 1024))
    part = content / "part-00000.md"
    part.write_text(part.read_text().replace("### Answer\n", "### Answer\n\n![big](big.png)\n", 1))
    command = [sys.executable, "-m", "ankismith", "build", str(content), "-o", str(out), "-j", "1"]
    build = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    seen = []
    while build.poll() is None and time.monotonic() < deadline:
        seen = [n for n in os.listdir(out) if n.startswith(f".{NAME}.") and n.endswith(".tmp")]
        if seen:
            build.send_signal(signal.SIGKILL)
            break
    build.wait()
    assert seen, "the build finished before its temp file was seen"
    assert build.returncode == -signal.SIGKILL
    assert (out / NAME).read_bytes() == previous
    assert _temps(out) == seen, "the killed build's temp file is where it was"

    again = CliRunner().invoke(main, ["build", str(content), "-o", str(out), "-j", "1"], env=ENV)
    assert again.exit_code == 0, again.output
    assert _temps(out) == []
    assert (out / NAME).read_bytes() != previous


def test_stale_temps_of_dead_writers_are_removed_by_the_next_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text("name: Test Deck\n")
    (content / "a.md").write_text(Q_CARD)
    out, cache = tmp_path / "build", tmp_path / "build" / ".ankismith-cache"
    cache.mkdir(parents=True)
    dead = _dead_pid()
    stale = [out / f".test-deck.apkg.{dead}.abc123.tmp", cache / f".render.log.{dead}.x_1.tmp"]
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as alive:
        try:
            live = [
                out / f".test-deck.apkg.{alive.pid}.def456.tmp",
                cache / f".render.log.{alive.pid}.y.tmp",
            ]
            other = [out / ".other.apkg.1.abc.tmp", out / f".test-deck.apkg.{dead}.notes.txt"]
            for path in stale + live + other:
                path.write_bytes(b"partial")
            result = CliRunner().invoke(main, ["build", str(content), "-o", str(out)], env=ENV)
            assert result.exit_code == 0, result.output
            assert not any(p.exists() for p in stale), "temp files of dead builds remain"
            assert all(p.exists() for p in live + other), "a file not ours to remove was removed"
        finally:
            alive.kill()


def test_a_failed_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.apkg"
    target.write_bytes(b"previous")

    def fsync(fd: int) -> None:
        raise KeyboardInterrupt  # not an OSError: the temp file must go all the same

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["x.apkg"]
