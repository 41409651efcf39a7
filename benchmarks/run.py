"""Print build, rebuild and check times and peak memory for decks of 1k, 10k and 100k cards.

Each figure is the median of several runs of the real command line, in a child process whose
peak memory is read from the kernel. The floor is genanki alone writing the same rendered notes.
Usage: python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 3] [--work build/bench]
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus

CLI = [sys.executable, "-m", "ankismith"]
FLOOR = [sys.executable, str(Path(__file__).parent / "floor.py")]


def measure(command: list[str]) -> tuple[float, float]:
    """Run ``command``; return (seconds, peak memory in MiB) of that child alone."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(
            f"{' '.join(command)} failed:\n{child.stderr.read().decode() if child.stderr else ''}"
        )
    return seconds, usage.ru_maxrss / 1024


def median_of(runs: int, command: list[str], before: object = None) -> tuple[float, float]:
    """Return the median time and the largest peak memory over ``runs`` runs."""
    results = []
    for _ in range(runs):
        if callable(before):
            before()
        results.append(measure(command))
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def edit_one_card(content: Path) -> None:
    """Change one answer, as an author would between two builds."""
    first = sorted(content.glob("part-*.md"))[0]
    text = first.read_text(encoding="utf-8")
    marker = "\n### Explanation"
    first.write_text(text.replace(marker, " edited" + marker, 1), encoding="utf-8")


def bench(size: int, runs: int, work: Path) -> dict[str, tuple[float, float]]:
    """Return {measure: (median seconds, peak MiB)} for a deck of ``size`` cards."""
    content, out = work / f"content-{size}", work / f"out-{size}"
    shutil.rmtree(content, ignore_errors=True)
    write_corpus(size, content)
    build = [*CLI, "build", str(content), "-o", str(out), "--no-progress"]
    figures = {
        "cold build": median_of(runs, build, lambda: shutil.rmtree(out, ignore_errors=True)),
        "warm, 1 edit": median_of(runs, build, lambda: edit_one_card(content)),
        "check": median_of(runs, [*CLI, "check", str(content), "-o", str(out)]),
        "floor": median_of(runs, [*FLOOR, str(out), str(work / "floor.apkg")]),
    }
    return figures


def main() -> None:
    """Parse arguments, run every size, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("build/bench"))
    args = parser.parse_args()
    print(
        f"# {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, {platform.machine()}; median of {args.runs} runs (100k: 1 run)"
    )
    print(f"{'cards':>8} {'measure':<14} {'seconds':>8} {'peak MiB':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        runs = 1 if size >= 100_000 else args.runs
        for name, (seconds, mib) in bench(size, runs, args.work).items():
            print(f"{size:>8} {name:<14} {seconds:>8.2f} {mib:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
