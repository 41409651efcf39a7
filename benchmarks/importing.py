"""Print how long ``ankismith import`` and then ``ankismith build`` take on a 10,000-note deck.

The deck is made in real Anki (the ``anki`` package from the test extras): Basic, Cloze and a
custom note type with three fields and two templates, HTML with emphasis, lists, line breaks and
an image every 50 notes, in 20 subdecks; exported as Anki >= 2.1.50 does by default
(``collection.anki21b``). Each figure is the median of several runs of the real command line.
Usage: python benchmarks/importing.py [--notes 10000] [--runs 3] [--work build/bench-import]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import WORDS
from run import CLI

TARGET = 10.0
"""Seconds the import and the build of 10,000 notes may take together."""


def sentence(rng: random.Random, words: int) -> str:
    """Return ``words`` random words."""
    return " ".join(rng.choice(WORDS) for _ in range(words))


def make_deck(notes: int, path: Path) -> None:
    """Write an ``.apkg`` of ``notes`` notes made in real Anki."""
    from anki.collection import Collection, DeckIdLimit, ExportAnkiPackageOptions

    rng = random.Random(19)
    folder = path.parent / "author"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    col = Collection(str(folder / "collection.anki2"))
    try:
        models = col.models
        vocab = models.new("Vocab")
        for name in ("Word", "Meaning", "Example"):
            models.add_field(vocab, models.new_field(name))
        for name, front, back in (
            ("Recognise", "{{Word}}", "{{Meaning}}"),
            ("Recall", "{{Meaning}}", "{{Word}}"),
        ):
            template = models.new_template(name)
            template["qfmt"], template["afmt"] = front, "{{FrontSide}}<hr id=answer>" + back
            models.add_template(vocab, template)
        models.add(vocab)
        col.media.write_data("diagram.png", b"\x89PNG\r\n\x1a\n")
        kinds = [models.by_name("Basic"), models.by_name("Cloze"), models.by_name("Vocab")]
        for number in range(notes):
            model = kinds[number % 3]
            assert model is not None
            note = col.new_note(model)
            words = sentence(rng, 12)
            picture = '<img src="diagram.png">' if number % 50 == 0 else ""
            if model["name"] == "Cloze":
                note["Text"] = f"{words} {{{{c1::{rng.choice(WORDS)}}}}} <b>{sentence(rng, 4)}</b>"
            elif model["name"] == "Vocab":
                note["Word"], note["Meaning"] = f"{words} {number}", f"<i>{sentence(rng, 5)}</i>"
                note["Example"] = f"{sentence(rng, 8)}<br>{sentence(rng, 8)}"
            else:
                note["Front"] = f"{words} {number}?{picture}"
                note["Back"] = f"<ul><li>{sentence(rng, 6)}</li><li>{sentence(rng, 6)}</li></ul>"
            note.tags = [rng.choice(WORDS)]
            deck = col.decks.id(f"Benchmark::Part {number % 20:02d}")
            assert deck is not None
            col.add_note(note, deck)
        top = col.decks.id("Benchmark")
        assert top is not None
        options = ExportAnkiPackageOptions(with_scheduling=False, with_media=True, legacy=False)
        col.export_anki_package(out_path=str(path), options=options, limit=DeckIdLimit(top))
    finally:
        col.close()


def measure(command: list[str], before: Callable[[], None] | None, runs: int) -> list[float]:
    """Return the median wall and CPU seconds and the peak MiB of ``runs`` runs of ``command``.

    CPU time (user + system, worker processes included) is what the machine's load cannot
    inflate; wall time is what the author waits.
    """
    results = []
    for _ in range(runs):
        if before:
            before()
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
        start = time.perf_counter()
        child = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            error = child.stderr.read().decode() if child.stderr else ""
            raise SystemExit(f"{' '.join(command)} failed:\n{error}")
        results.append((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024))
    return [statistics.median(r[i] for r in results) for i in range(3)]


def main() -> None:
    """Make the deck once, then time import and build, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("build/bench-import"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    package, project, out = args.work / "deck.apkg", args.work / "project", args.work / "out"
    make_deck(args.notes, package)
    importing = [*CLI, "import", str(package), "-o", str(project), "--force"]
    build = [*CLI, "build", str(project), "-o", str(out), "--no-progress"]
    print(
        f"# {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, {platform.machine()}, load {os.getloadavg()[0]:.1f}; "
        f"median of {args.runs} runs"
    )
    print(f"{'notes':>8} {'measure':<16} {'seconds':>8} {'CPU s':>8} {'peak MiB':>9}")
    figures = {
        "import": measure(importing, None, args.runs),
        "build (cold)": measure(build, lambda: shutil.rmtree(out, ignore_errors=True), args.runs),
    }
    for name, (seconds, cpu, mib) in figures.items():
        print(f"{args.notes:>8} {name:<16} {seconds:>8.2f} {cpu:>8.2f} {mib:>9.0f}")
    total = sum(seconds for seconds, _, _ in figures.values())
    verdict = "met" if total < TARGET else "MISSED"
    print(
        f"{args.notes:>8} {'import + build':<16} {total:>8.2f}  target < {TARGET:.0f} s: {verdict}"
    )


if __name__ == "__main__":
    main()
