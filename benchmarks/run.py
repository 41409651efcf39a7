"""Print build, rebuild and check times and peak memory for decks of 1k, 10k and 100k cards.

Each figure is the median of several runs of the real command line, in a child process whose
CPU time (user + system, its worker processes included) and peak memory are read from the
kernel. The measures of a size run in turn, round after round (cold, one edit, no change,
check, -j 1, -j 2, ...), so load from other processes on a shared machine falls on all of
them alike; the load average is printed before and after. The floor is genanki alone writing
the same rendered notes. ``--baseline SRC`` also times another ankismith source tree (such as
an older release's ``src``) building the same deck cold and after the same edit, in the same
rounds, and prints the ratio of each pair (ours / baseline).
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


def measure(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, float, float]:
    """Run ``command``; return (wall seconds, CPU seconds, peak MiB) of the child and its workers.

    CPU time is user + system time of the child and every process it waited for; the peak is
    the largest resident set among them.
    """
    start = time.perf_counter()
    child = subprocess.Popen(
        command, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(
            f"{' '.join(command)} failed:\n{child.stderr.read().decode() if child.stderr else ''}"
        )
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def load() -> str:
    """Return the load averages over 1, 5 and 15 minutes, as the kernel gives them."""
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


def spread(values: list[float]) -> str:
    """Return 'median (min-max)' of ``values``."""
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


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


Figures = dict[str, list[tuple[float, float, float]]]
"""{measure: [(wall s, CPU s, peak MiB) of each run, in round order]}."""


def bench(
    size: int, runs: int, work: Path, baseline: Path | None, only: set[str] | None = None
) -> Figures:
    """Return every run's figures, by measure, for a deck of ``size`` cards."""
    content = work / f"content-{size}"
    shutil.rmtree(content, ignore_errors=True)
    write_corpus(size, content)
    figures: Figures = {}
    if baseline is not None:  # the baseline's first rebuild after an edit needs a build before
        _, _, command, env = next(
            s for s in steps(content, work / f"{size}", baseline) if s[0] == "baseline 1 edit"
        )
        measure(command, env)
    for _ in range(runs):
        for name, before, command, env in steps(content, work / f"{size}", baseline):
            if only and name not in only:
                continue
            before()
            figures.setdefault(name, []).append(measure(command, env))
    return figures


PAIRS = (("cold build", "baseline cold"), ("warm, 1 edit", "baseline 1 edit"))
"""Measures compared run by run, each with the one its round ran beside it."""


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
        f"{platform.machine()}; load {load()} (1/5/15 min) at the start; median (min-max) of "
        f"{args.runs} alternating rounds (100k: 1 round)"
    )
    print(f"{'cards':>8} {'measure':<16} {'wall s':>18} {'CPU s':>18} {'peak MiB':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        runs = 1 if size >= 100_000 else args.runs
        only = set(args.only.split(";")) if args.only else None
        figures = bench(size, runs, args.work, args.baseline, only)
        for name, values in figures.items():
            walls, cpus_ = [v[0] for v in values], [v[1] for v in values]
            print(
                f"{size:>8} {name:<16} {spread(walls):>18} {spread(cpus_):>18} "
                f"{max(v[2] for v in values):>9.0f}",
                flush=True,
            )
        for ours, theirs in PAIRS:
            if ours in figures and theirs in figures:
                pairs = zip(figures[ours], figures[theirs], strict=True)
                walls, cpus_ = zip(*((a[0] / b[0], a[1] / b[1]) for a, b in pairs), strict=True)
                print(
                    f"{size:>8} {ours} / {theirs}, per round: wall {spread(list(walls))}, "
                    f"CPU {spread(list(cpus_))}"
                )
    print(f"# load {load()} at the end")


if __name__ == "__main__":
    main()
