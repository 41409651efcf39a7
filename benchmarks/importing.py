"""Print how long ``ankismith import`` and then ``ankismith build`` take on a real deck's shape.

The deck is made in real Anki (the ``anki`` package from the test extras) and exported as Anki
>= 2.1.50 does by default (``collection.anki21b``). Two shapes:

- ``audio`` (the default): 3,600 notes of a language deck with audio, after a public Russian
  deck: ten note types of three to eleven fields and one or two templates each (conditionals,
  ``{{tts}}`` and ``{{type:}}`` among them), a sound on every note (900 files), the same word in
  several chapters, in 24 subdecks. Target: within twice the 4.6 s + 3.8 s measured before the
  import ran the build's checks (16.8 s).
- ``mixed``: 10,000 notes of Basic, Cloze and a custom note type with HTML emphasis, lists,
  line breaks and an image every 50 notes, in 20 subdecks. Target: 10 s.

Each figure is the median of several runs of the real command line.
Usage: python benchmarks/importing.py [--shape audio] [--notes N] [--runs 3]
       [--work build/bench-import]
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
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).parent))
from corpus import WORDS
from run import CLI

if TYPE_CHECKING:
    from anki.collection import Collection

TARGETS = {"audio": 2 * (4.6 + 3.8), "mixed": 10.0}
"""Seconds the import and the build of each shape may take together."""
NOTES = {"audio": 3_600, "mixed": 10_000}


def sentence(rng: random.Random, words: int) -> str:
    """Return ``words`` random words."""
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _author_collection(path: Path) -> Collection:
    """Return a new, empty collection in a fresh folder beside ``path``."""
    from anki.collection import Collection

    folder = path.parent / "author"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Collection(str(folder / "collection.anki2"))


def make_deck(notes: int, path: Path) -> None:
    """Write an ``.apkg`` of ``notes`` notes made in real Anki."""
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    rng = random.Random(19)
    col = _author_collection(path)
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


def make_audio_deck(notes: int, path: Path) -> None:
    """Write an ``.apkg`` of a language deck with audio: ten note types, a sound per note."""
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    rng = random.Random(27)
    col = _author_collection(path)
    try:
        models = col.models
        kinds = []
        for number in range(10):
            model = models.new(f"Russian {number}")
            fields = ["Word", "Meaning", "Audio", "Example", "Gender", "Notes"]
            fields += [f"Extra {n}" for n in range(number % 6)]
            for name in fields:
                models.add_field(model, models.new_field(name))
            templates = [("Recognise", "{{Word}}<br>{{Audio}}", "{{Meaning}}<br>{{Example}}")]
            if number % 2:
                templates.append(
                    (
                        "Recall",
                        "{{#Meaning}}{{Meaning}}{{/Meaning}} {{tts ru_RU:Word}}",
                        "{{type:Word}}<br>{{Audio}}{{#Notes}}<br>{{hint:Notes}}{{/Notes}}",
                    )
                )
            for name, front, back in templates:
                template = models.new_template(name)
                template["qfmt"] = front
                template["afmt"] = "{{FrontSide}}<hr id=answer>" + back
                models.add_template(model, template)
            model["css"] = ".card { font-family: serif; }\n.nightMode .card { color: #eee; }"
            models.add(model)
            kinds.append(models.by_name(f"Russian {number}"))
        for number in range(900):
            col.media.write_data(f"ru_{number:04d}.mp3", b"ID3" + number.to_bytes(4, "big"))
        for number in range(notes):
            model = kinds[number % 10]
            assert model is not None
            note = col.new_note(model)
            word = rng.choice(WORDS) + (str(number) if number % 7 else "")
            note["Word"] = word
            note["Meaning"] = f"<i>{sentence(rng, 4)}</i>"
            note["Audio"] = f"[sound:ru_{number % 900:04d}.mp3]"
            note["Example"] = f"{sentence(rng, 8)}<br><b>{sentence(rng, 3)}</b>"
            note["Gender"] = rng.choice(["m", "f", "n", ""])
            note["Notes"] = sentence(rng, 5) if number % 3 == 0 else ""
            note.tags = [f"chapter{number % 24:02d}"]
            deck = col.decks.id(f"Russian::Chapter {number % 24:02d}")
            assert deck is not None
            col.add_note(note, deck)
        top = col.decks.id("Russian")
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
        # Warnings go to a file: a pipe read only at the end fills up and stalls the child.
        with tempfile.TemporaryFile() as errors:
            start = time.perf_counter()
            child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            if status != 0:
                errors.seek(0)
                raise SystemExit(f"{' '.join(command)} failed:\n{errors.read().decode()}")
        results.append((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024))
    return [statistics.median(r[i] for r in results) for i in range(3)]


def main() -> None:
    """Make the deck once, then time import and build, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=sorted(TARGETS), default="audio")
    parser.add_argument("--notes", type=int, default=0, help="default: the shape's own")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("build/bench-import"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    package, project, out = args.work / "deck.apkg", args.work / "project", args.work / "out"
    notes = args.notes or NOTES[args.shape]
    (make_audio_deck if args.shape == "audio" else make_deck)(notes, package)
    importing = [*CLI, "import", str(package), "-o", str(project), "--force"]
    build = [*CLI, "build", str(project), "-o", str(out), "--no-progress"]
    print(
        f"# {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, {platform.machine()}, load {os.getloadavg()[0]:.1f}; "
        f"median of {args.runs} runs; shape '{args.shape}'"
    )
    print(f"{'notes':>8} {'measure':<16} {'seconds':>8} {'CPU s':>8} {'peak MiB':>9}")
    figures = {
        "import": measure(importing, None, args.runs),
        "build (cold)": measure(build, lambda: shutil.rmtree(out, ignore_errors=True), args.runs),
    }
    for name, (seconds, cpu, mib) in figures.items():
        print(f"{notes:>8} {name:<16} {seconds:>8.2f} {cpu:>8.2f} {mib:>9.0f}")
    total = sum(seconds for seconds, _, _ in figures.values())
    target = TARGETS[args.shape]
    verdict = "met" if total < target else "MISSED"
    print(f"{notes:>8} {'import + build':<16} {total:>8.2f}  target < {target:.1f} s: {verdict}")


if __name__ == "__main__":
    main()
