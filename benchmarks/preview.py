"""Measure ``ankismith preview`` beside a no-change build of the same cards; print the figures.

A deck of N generated cards (benchmarks/corpus.py, 10,000 by default) is built once. Then, in
alternating rounds, each run a fresh process: a no-change build as the full command runs it
(``ANKISMITH_NO_QUICK=1``: the reference every ratio is to), the same no-change build answered
before the command loads (``quick/``, as a user gets it; printed for comparison), a preview
with no site in place (its own cache cold: only the build's renderings to reuse), the same
preview again (warm), and a preview after one card was edited and built. Each figure is the
median over the rounds of the wall time and of the CPU time (user + system) of the process,
taken with ``os.wait4``, so a busy machine shows in wall time more than in CPU time. Then the
site's size: bytes, files and space on disk.

Usage: python benchmarks/preview.py [N] [ROUNDS]   (run from the repository root)
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus


def timed(*args: str, cwd: Path, quick: bool = True) -> tuple[float, float]:
    """Run ``ankismith ARGS`` in ``cwd``; return its wall and CPU (user + system) seconds.

    Without ``quick``, ``ANKISMITH_NO_QUICK=1``: the command runs its full path.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "ANKISMITH_CACHE_DIR": ""}
    env.pop("ANKISMITH_NO_QUICK", None)
    if not quick:
        env["ANKISMITH_NO_QUICK"] = "1"
    start = time.perf_counter()
    command = [sys.executable, "-m", "ankismith", *args]
    proc = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ankismith {' '.join(args)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def site_size(site: Path) -> tuple[int, int, int]:
    """Return the site's bytes, number of files, and bytes on disk (whole blocks)."""
    files = [p for p in site.rglob("*") if p.is_file()]
    stats = [p.stat() for p in files]
    return sum(s.st_size for s in stats), len(files), sum(s.st_blocks * 512 for s in stats)


def edit_one_card(content: Path, round_: int) -> None:
    """Change the answer of the first card of the first file."""
    path = next(iter(sorted(content.glob("part-*.md"))))
    text = path.read_text(encoding="utf-8")
    marker = "### Answer\n\n"
    at = text.index(marker) + len(marker)
    path.write_text(f"{text[:at]}Edit {round_}. {text[at:]}", encoding="utf-8")


def main() -> None:
    """Print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    work = Path(tempfile.mkdtemp(prefix="ankismith-preview-bench-"))
    try:
        content = work / "content"
        write_corpus(count, content)
        site = work / "build" / "preview"
        timed("build", "content", "-o", "build", cwd=work)
        runs: dict[str, list[tuple[float, float]]] = {}

        def measure(
            name: str, *args: str, before: Callable[[], None] | None = None, quick: bool = True
        ) -> None:
            if before is not None:
                before()
            runs.setdefault(name, []).append(timed(*args, cwd=work, quick=quick))

        build = ("build", "content", "-o", "build")
        preview = ("preview", "content", "-o", "build/preview")
        for round_ in range(rounds):
            measure("no-change build", *build, quick=False)
            measure("no-change build, quick", *build)
            measure("preview, cold", *preview, before=lambda: shutil.rmtree(site, True))
            measure("preview, warm", *preview)
            edit_one_card(content, round_)
            timed(*build, cwd=work)
            measure("preview, one edit built", *preview)
        base_wall, base_cpu = (
            statistics.median(x) for x in zip(*runs["no-change build"], strict=True)
        )
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{count} cards, {rounds} alternating rounds, load average {load:.2f}")
        print("x build: to the no-change build's full path (ANKISMITH_NO_QUICK=1);")
        print("'no-change build, quick': the same build answered by quick/, as users get it")
        print(f"{'median of':<26}{'wall s':>8}{'cpu s':>8}{'x build wall':>14}{'x build cpu':>13}")
        for name, values in runs.items():
            wall, cpu = (statistics.median(x) for x in zip(*values, strict=True))
            print(
                f"{name:<26}{wall:8.2f}{cpu:8.2f}{wall / base_wall:13.2f}x{cpu / base_cpu:12.2f}x"
            )
        size, files, disk = site_size(site)
        print(f"site: {size / 2**20:.1f} MiB in {files} files, {disk / 2**20:.1f} MiB on disk")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
