"""Print what several decks cost: a project of N decks against one deck of the same size.

A project (``ankismith.yaml``) of N decks of M cards each (``corpus.py``, each deck its own name
and id) is built cold, then again with nothing changed; one deck of M cards alone (a repository
of one deck) is built with nothing changed too, for comparison; then one answer in one deck of
the project is edited and the project built again, and the cards each deck rendered are printed
from the build's own report (``--format json``: rendered and reused). Each time is the median of
several runs of the real command line.
Usage: python benchmarks/decks.py [--decks 4] [--cards 2500] [--runs 5] [--work build/bench-decks]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus

CLI = [sys.executable, "-m", "ankismith"]
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
ENV.pop("ANKISMITH_CACHE_DIR", None)
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    """Run ``command`` in ``cwd``; return its seconds and its standard output."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{done.stderr}")
    return seconds, done.stdout


def median(command: list[str], cwd: Path, runs: int) -> float:
    """Return the median seconds of ``runs`` runs of ``command``."""
    return statistics.median(timed(command, cwd)[0] for _ in range(runs))


def write_deck(cards: int, folder: Path, key: str) -> None:
    """Write a deck of ``cards`` cards named and keyed after ``key``."""
    write_corpus(cards, folder)
    (folder / "deck.yaml").write_text(f"name: Benchmark {key}\nid: bench-{key}-k3v9tq\n")


def edit_one_card(content: Path) -> None:
    """Change one answer, as an author would between two builds."""
    first = sorted(content.glob("part-*.md"))[0]
    text = first.read_text(encoding="utf-8")
    marker = "\n### Explanation"
    first.write_text(text.replace(marker, " edited" + marker, 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decks", type=int, default=4)
    parser.add_argument("--cards", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("build/bench-decks"))
    args = parser.parse_args()
    work = args.work.resolve()
    shutil.rmtree(work, ignore_errors=True)
    project, single = work / "project", work / "single"
    keys = [f"deck{n}" for n in range(1, args.decks + 1)]
    for key in keys:
        write_deck(args.cards, project / "decks" / key, key)
    listed = "".join(f"  {key}: decks/{key}\n" for key in keys)
    (project / "ankismith.yaml").write_text(f"decks:\n{listed}", encoding="utf-8")
    write_deck(args.cards, single / "content", keys[0])

    build = [*CLI, "build", "--no-progress"]
    print(f"{args.decks} decks of {args.cards} cards; medians of {args.runs} runs")
    cold = []
    for _ in range(args.runs):
        shutil.rmtree(project / "build", ignore_errors=True)
        cold.append(timed(build, project)[0])
    print(f"cold build, every deck:             {statistics.median(cold):7.2f} s")
    timed(build, single)
    every = median(build, project, args.runs)
    one_deck = median([*build, "--deck", keys[0]], project, args.runs)
    alone = median(build, single, args.runs)
    print(f"no change, every deck:              {every:7.2f} s")
    print(f"no change, --deck {keys[0]}:            {one_deck:7.2f} s")
    print(f"no change, one deck alone:          {alone:7.2f} s")
    print(f"every deck / one deck alone:        {every / alone:7.2f} x")

    edited = keys[min(1, len(keys) - 1)]
    edit_one_card(project / "decks" / edited)
    seconds, out = timed([*build, "--format", "json"], project)
    reports = json.loads(out)
    print(f"one edit in {edited}, every deck built: {seconds:7.2f} s")
    for report in reports:
        print(f"  {report['output']}: {report['rendered']} rendered, {report['reused']} reused")


if __name__ == "__main__":
    main()
