"""ankismith side by side with ankdown and markdown-anki-decks on the same cards.

Installs each peer from PyPI into its own venv under build/peers/ (once), writes the benchmark
deck (corpus.py) in each tool's format, then runs, round after round, each of our measures
right beside each peer's build: our cold build, our rebuild after one edit, our build with
nothing changed and ``check`` after a build, and each peer's build (neither peer keeps a
cache, so every build of theirs is a full one). Each comparison is a ratio taken within one
round, so load from other processes falls on both sides of it alike; the table gives each
ratio's median and its range over the rounds, in wall time and in CPU time (user + system of
the process and its workers, which other processes cannot inflate), with the load average
and each tool's peak memory.
Usage: python benchmarks/peers.py [--cards 1000,10000] [--runs 5] [--work build/peers]
       [--peers ankdown,markdown-anki-decks]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus
from run import CLI, ENV, edit_one_card, load, measure, spread

PEERS = {
    # typer 0.4, which markdown-anki-decks 1.1.1 pins, breaks with click 8.2 and later.
    "markdown-anki-decks": [["markdown-anki-decks==1.1.1", "click<8.2"]],
    # ankdown 0.7.1 reads --config with yaml.load(text), which PyYAML 6 refuses; PyYAML 5.4.1
    # has no wheel for recent Pythons and its setup needs Cython before 3, without isolation.
    "ankdown": [
        ["cython<3.0.0", "wheel"],
        ["--no-build-isolation", "PyYAML<6", "ankdown==0.7.1"],
    ],
}
ANKDOWN_CONFIG = "{dollar: True}"
"""$...$ and $$...$$ read as math (ankdown's default leaves them as text)."""
_CARD = re.compile(
    r"^## (?P<q>.*?)\n.*?### Answer\n\n(?P<a>.*?)\n\n### Explanation\n\n(?P<e>.*?)\n*(?=^## |\Z)",
    re.M | re.S,
)


def install(work: Path, wanted: list[str]) -> dict[str, Path]:
    """Return {peer: its venv's bin folder} for every peer that installs; say why one does not."""
    found = {}
    for name in wanted:
        home = work / name
        ready = home / ".installed"
        if not ready.exists():
            shutil.rmtree(home, ignore_errors=True)
            venv.create(home, with_pip=True)
            for requirements in PEERS[name]:
                done = subprocess.run(
                    [str(home / "bin" / "python"), "-m", "pip", "install", "-q", *requirements],
                    capture_output=True,
                    text=True,
                )
                if done.returncode != 0:
                    print(f"# {name} could not be installed here: {done.stderr.strip()[-400:]}")
                    break
            else:
                ready.touch()
        if ready.exists():
            found[name] = home / "bin"
    return found


def to_ankdown(ours: Path, theirs: Path) -> None:
    """Write each of our card files as ankdown cards: front, ``%``, back; ``---`` between."""
    shutil.rmtree(theirs, ignore_errors=True)
    theirs.mkdir(parents=True)
    for path in sorted(ours.glob("*.md")):
        cards = [
            f"{m['q']}\n\n%\n\n{m['a']}\n\n{m['e']}\n"
            for m in _CARD.finditer(path.read_text(encoding="utf-8"))
        ]
        (theirs / path.name).write_text("\n---\n\n".join(cards), encoding="utf-8")


def to_markdown_anki_decks(ours: Path, theirs: Path) -> None:
    """Copy our card files: its format is ours (a ``## `` question, the rest is the back)."""
    shutil.rmtree(theirs, ignore_errors=True)
    theirs.mkdir(parents=True)
    for path in sorted(ours.glob("*.md")):
        shutil.copyfile(path, theirs / path.name)


Step = tuple[str, Callable[[], None], list[str]]
"""(measure, what to do before, command)."""


def steps(work: Path, content: Path, peers: dict[str, Path]) -> list[Step]:
    """Return one round: each of our measures, and each peer's build, in the order they run."""
    out = work / "ankismith-out"
    build = [*CLI, "build", str(content), "-o", str(out), "--no-progress"]
    round_: list[Step] = [
        ("ankismith cold", lambda: shutil.rmtree(out, ignore_errors=True), build),
    ]
    if "ankdown" in peers:
        to_ankdown(content, work / "ankdown-content")
        package = work / "ankdown.apkg"
        ankdown = [str(peers["ankdown"] / "ankdown"), "-r", str(work / "ankdown-content")]
        ankdown += ["-p", str(package), "--highlight", "--config", ANKDOWN_CONFIG]
        round_.append(("ankdown", lambda: package.unlink(missing_ok=True), ankdown))
    round_.append(("ankismith 1 edit", lambda: edit_one_card(content), build))
    if "markdown-anki-decks" in peers:
        to_markdown_anki_decks(content, work / "mad-content")
        target = work / "mad-out"
        mad = [str(peers["markdown-anki-decks"] / "mdankideck"), str(work / "mad-content")]
        clear = lambda: shutil.rmtree(target, ignore_errors=True) or target.mkdir()  # noqa: E731
        round_.append(("markdown-anki-decks", clear, [*mad, str(target)]))
    round_ += [
        ("ankismith no change", lambda: None, build),
        ("ankismith check", lambda: None, [*CLI, "check", str(content), "-o", str(out)]),
    ]
    return round_


OURS = ("ankismith cold", "ankismith 1 edit", "ankismith no change", "ankismith check")


def main() -> None:
    """Install the peers, write the decks, run the rounds, print the figures and ratios."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cards", default="1000,10000", help="deck sizes, separated by ,")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("build/peers"))
    parser.add_argument("--peers", default=",".join(PEERS), help="peers to run, separated by ,")
    args = parser.parse_args()
    work: Path = args.work.resolve()
    peers = install(work, [p for p in args.peers.split(",") if p])
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"# {platform.python_implementation()} {platform.python_version()}, {cpus} CPUs; "
        f"load {load()} (1/5/15 min) at the start; {args.runs} alternating rounds; "
        f"ankdown run with --highlight --config '{ANKDOWN_CONFIG}'"
    )
    for cards in (int(c) for c in args.cards.split(",")):
        content = work / "ankismith-content"
        shutil.rmtree(content, ignore_errors=True)
        write_corpus(cards, content)
        figures: dict[str, list[tuple[float, float, float]]] = {}
        for _ in range(args.runs):
            for name, before, command in steps(work, content, peers):
                before()
                cwd = work if name == "ankdown" else None  # it writes a scratch file where run
                figures.setdefault(name, []).append(measure(command, ENV, cwd))
        print(f"{'cards':>7} {'tool':<22} {'wall s':>18} {'CPU s':>18} {'peak MiB':>9}")
        for name, values in figures.items():
            walls, times = [v[0] for v in values], [v[1] for v in values]
            print(
                f"{cards:>7} {name:<22} {spread(walls):>18} {spread(times):>18} "
                f"{max(v[2] for v in values):>9.0f}"
            )
        for peer in (p for p in figures if p not in OURS):
            for ours in OURS:
                pairs = list(zip(figures[ours], figures[peer], strict=True))
                walls = [a[0] / b[0] for a, b in pairs]
                times = [a[1] / b[1] for a, b in pairs]
                print(
                    f"{cards:>7} {ours} / {peer}, per round: wall {spread(walls)}, "
                    f"CPU {spread(times)}"
                )
        print(f"# load {load()} after {cards} cards", flush=True)


if __name__ == "__main__":
    main()
