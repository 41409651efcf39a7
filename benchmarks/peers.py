"""ankismith side by side with ankdown and markdown-anki-decks on the same cards.

Installs each peer from PyPI into its own venv under build/peers/ (once), writes the benchmark
deck in each tool's format, then times, round after round so that load from other processes
falls on all alike: our cold build, our rebuild after one edit, and each peer's build (neither
peer has a cache, so every build of theirs is a full one). Prints medians, peak memory and our
time as a ratio to each peer's.
Usage: python benchmarks/peers.py [--cards 10000] [--runs 5] [--work build/peers]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus
from run import CLI, edit_one_card, measure

PEERS = {
    # typer 0.4, which markdown-anki-decks 1.1.1 pins, breaks with click 8.2 and later.
    "markdown-anki-decks": ["markdown-anki-decks==1.1.1", "click<8.2"],
    "ankdown": ["ankdown==0.7.1"],
}
_CARD = re.compile(
    r"^## (?P<q>.*?)\n.*?### Answer\n\n(?P<a>.*?)\n\n### Explanation\n\n(?P<e>.*?)\n*(?=^## |\Z)",
    re.M | re.S,
)


def install(work: Path) -> dict[str, Path]:
    """Return {peer: its venv's bin folder} for every peer that installs; say why one does not."""
    found = {}
    for name, requirements in PEERS.items():
        home = work / name
        ready = home / ".installed"
        if not ready.exists():
            shutil.rmtree(home, ignore_errors=True)
            venv.create(home, with_pip=True)
            done = subprocess.run(
                [str(home / "bin" / "python"), "-m", "pip", "install", "--quiet", *requirements],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                print(f"# {name} could not be installed here: {done.stderr.strip()[-400:]}")
                continue
            ready.touch()
        found[name] = home / "bin"
    return found


def to_ankdown(ours: Path, theirs: Path) -> None:
    """Write each of our card files as ankdown cards: front, ``%``, back; ``---`` between."""
    theirs.mkdir(parents=True, exist_ok=True)
    for path in sorted(ours.glob("*.md")):
        cards = [
            f"{m['q']}\n\n%\n\n{m['a']}\n\n{m['e']}\n"
            for m in _CARD.finditer(path.read_text(encoding="utf-8"))
        ]
        (theirs / path.name).write_text("\n---\n\n".join(cards), encoding="utf-8")


def to_markdown_anki_decks(ours: Path, theirs: Path) -> None:
    """Copy our card files: its format is ours (a ``## `` question, the rest is the back)."""
    theirs.mkdir(parents=True, exist_ok=True)
    for path in sorted(ours.glob("*.md")):
        shutil.copyfile(path, theirs / path.name)


def main() -> None:
    """Install the peers, write the decks, time the rounds, print the table and ratios."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("build/peers"))
    args = parser.parse_args()
    work: Path = args.work.resolve()
    peers = install(work)
    content = work / "ankismith-content"
    shutil.rmtree(content, ignore_errors=True)
    write_corpus(args.cards, content)
    out = work / "ankismith-out"
    commands: dict[str, tuple[object, list[str]]] = {
        "ankismith cold": (lambda: shutil.rmtree(out, ignore_errors=True), []),
        "ankismith 1 edit": (lambda: edit_one_card(content), []),
    }
    build = [*CLI, "build", str(content), "-o", str(out), "--no-progress"]
    if "ankdown" in peers:
        to_ankdown(content, work / "ankdown-content")
        commands["ankdown"] = (
            None,
            [
                str(peers["ankdown"] / "ankdown"),
                "-r",
                str(work / "ankdown-content"),
                "-p",
                str(work / "ankdown.apkg"),
            ],
        )  # no --config: ankdown 0.7.1 calls yaml.load() as PyYAML 6 no longer allows
    if "markdown-anki-decks" in peers:
        to_markdown_anki_decks(content, work / "mad-content")
        (work / "mad-out").mkdir(exist_ok=True)
        commands["markdown-anki-decks"] = (
            None,
            [
                str(peers["markdown-anki-decks"] / "mdankideck"),
                str(work / "mad-content"),
                str(work / "mad-out"),
            ],
        )
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
    for _ in range(args.runs):
        for name, (before, command) in commands.items():
            if callable(before):
                before()
            seconds, mib = measure(command or build)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], mib)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"# {args.cards} cards; {platform.python_implementation()} {platform.python_version()}, "
        f"{cpus} CPUs, load {os.getloadavg()[0]:.1f}; median of {args.runs} alternating runs"
    )
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{'tool':<22} {'median s':>9} {'min s':>7} {'max s':>7} {'peak MiB':>9}")
    for name, values in times.items():
        print(
            f"{name:<22} {medians[name]:>9.2f} {min(values):>7.2f} {max(values):>7.2f} "
            f"{peaks[name]:>9.0f}"
        )
    for peer in (p for p in commands if not p.startswith("ankismith")):
        for ours in ("ankismith cold", "ankismith 1 edit"):
            ratio = medians[ours] / medians[peer]
            print(f"{ours} / {peer} build: {ratio:.2f}")


if __name__ == "__main__":
    main()
