"""Print build, rebuild and check times and peak memory for decks of 1k, 10k and 100k cards.

Each figure is the median of several runs of the real command line, in a child process whose
peak memory is read from the kernel. The measures of a size run in turn, round after round
(cold, one edit, no change, check, -j 1, -j 2, ...), so load from other processes on a shared
machine falls on all of them alike. The floor is genanki alone writing the same rendered notes.
``--baseline SRC`` also times another ankismith source tree (such as an older release's
``src``) building the same deck cold, alternating with ours.
Usage: python benchmarks/run.py [--sizes 1000,10000] [--runs 3] [--work build/bench]
       [--baseline DIR] [--only "warm, 1 edit;no change"]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus

CLI = [sys.executable, "-m", "ankismith"]
FLOOR = [sys.executable, str(Path(__file__).parent / "floor.py")]
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
ENV.pop("ANKISMITH_CACHE_DIR", None)
# Python caches compiled modules on an author's machine; a shell that turns that off would
# time the compiling of every module on every run.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run ``command``; return (seconds, peak memory in MiB) of that child and its workers."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(
            f"{' '.join(command)} failed:\n{child.stderr.read().decode() if child.stderr else ''}"
        )
    return seconds, usage.ru_maxrss / 1024


def edit_one_card(content: Path) -> None:
    """Change one answer, as an author would between two builds."""
    first = sorted(content.glob("part-*.md"))[0]
    text = first.read_text(encoding="utf-8")
    marker = "\n### Explanation"
    first.write_text(text.replace(marker, " edited" + marker, 1), encoding="utf-8")


Step = tuple[str, Callable[[], None], list[str], dict[str, str] | None]
"""(measure, what to do before, command, environment or None for the default)."""


def steps(content: Path, work: Path, baseline: Path | None) -> list[Step]:
    """Return one round of measures, in the order they run."""
    out = work / "out"

    def build(target: Path, *options: str) -> list[str]:
        return [*CLI, "build", str(content), "-o", str(target), "--no-progress", *options]

    def clear(*targets: Path) -> Callable[[], None]:
        return lambda: [shutil.rmtree(t, ignore_errors=True) for t in targets] and None

    round_: list[Step] = [
        ("cold build", clear(out), build(out), None),
        ("warm, 1 edit", lambda: edit_one_card(content), build(out), None),
        ("no change", lambda: None, build(out), None),
        ("check", lambda: None, [*CLI, "check", str(content), "-o", str(out)], None),
        ("cold -j 1", clear(work / "j1"), build(work / "j1", "-j", "1"), None),
        ("cold -j 2", clear(work / "j2"), build(work / "j2", "-j", "2"), None),
        ("floor", lambda: None, [*FLOOR, str(out), str(work / "floor.apkg")], None),
        # How slow the machine is right now: Python starting and exiting, nothing else.
        ("python -c pass", lambda: None, [sys.executable, "-c", "pass"], None),
    ]
    if baseline is not None:
        env = {**ENV, "PYTHONPATH": str(baseline)}
        round_.insert(1, ("baseline cold", clear(work / "base"), build(work / "base"), env))
        # The same edit as ours, rebuilt by the baseline from its own previous build.
        round_.insert(3, ("baseline 1 edit", lambda: None, build(work / "base-warm"), env))
    return round_


def bench(
    size: int, runs: int, work: Path, baseline: Path | None, only: set[str] | None = None
) -> dict[str, list[float]]:
    """Return {measure: [seconds of each run..., peak MiB]} for a deck of ``size`` cards."""
    content = work / f"content-{size}"
    shutil.rmtree(content, ignore_errors=True)
    write_corpus(size, content)
    times: dict[str, list[float]] = {}
    peaks: dict[str, float] = {}
    for _ in range(runs):
        for name, before, command, env in steps(content, work / f"{size}", baseline):
            if only and name not in only:
                continue
            before()
            seconds, mib = measure(command, env)
            times.setdefault(name, []).append(seconds)
            peaks[name] = max(peaks.get(name, 0.0), mib)
    return {name: [*values, peaks[name]] for name, values in times.items()}


def main() -> None:
    """Parse arguments, run every size, print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("build/bench"))
    parser.add_argument("--baseline", type=Path, help="another ankismith src tree to compare")
    parser.add_argument("--only", help="measures to run, separated by ; (default: all)")
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"# {platform.python_implementation()} {platform.python_version()}, {cpus} CPUs, "
        f"{platform.machine()}, load {os.getloadavg()[0]:.1f}; median of {args.runs} "
        "alternating runs (100k: 1 run)"
    )
    print(f"{'cards':>8} {'measure':<14} {'median s':>9} {'min s':>7} {'max s':>7} {'peak MiB':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        runs = 1 if size >= 100_000 else args.runs
        only = set(args.only.split(";")) if args.only else None
        for name, figures in bench(size, runs, args.work, args.baseline, only).items():
            seconds, mib = figures[:-1], figures[-1]
            print(
                f"{size:>8} {name:<14} {statistics.median(seconds):>9.2f} {min(seconds):>7.2f} "
                f"{max(seconds):>7.2f} {mib:>9.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
