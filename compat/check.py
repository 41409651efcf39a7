"""Import decks into the Anki backend of this Python, render every card, answer each once.

Runs inside one of the venvs `compat/run.py` makes, with one released `anki` package, so it
imports nothing from ankismith and keeps to Python 3.9. Usage: ``python check.py DECK.apkg...``.
Prints one line per package; exits 1 on any error or blank side.
"""

from __future__ import annotations

import re
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from anki.collection import Collection

# How the backend reports a template it cannot render, across versions.
TEMPLATE_ERRORS = re.compile(
    r"template error|there is no field called|unknown field|no such field|invalid template"
    r"|missing '}}'|found '{{/",
    re.IGNORECASE,
)


def import_package(col: Collection, package: Path) -> None:
    """Import ``package`` the way this version's Anki desktop does."""
    if hasattr(col, "import_anki_package"):  # 2.1.55 and later: the backend's importer
        import anki.collection

        if not hasattr(anki.collection, "ImportAnkiPackageOptions"):  # up to 2.1.66: a path
            col.import_anki_package(str(package))
            return
        options = anki.collection.ImportAnkiPackageOptions(with_scheduling=True)
        request = anki.collection.ImportAnkiPackageRequest(
            package_path=str(package), options=options
        )
        col.import_anki_package(request)
    else:  # 2.1.50 to 2.1.54: the Python importer
        from anki.importing.apkg import AnkiPackageImporter

        AnkiPackageImporter(col, str(package)).run()


def visible(html: str) -> str:
    """Return what a side shows as text; an image or a sound counts as something."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S | re.I)
    media = " [media] " if re.search(r"<img\b|\[anki:play|\[sound:", html) else " "
    return " ".join((re.sub(r"<[^>]+>", " ", html) + media).split())


def answer_once(col: Collection, card_id: int) -> None:
    """Grade a card Good, as a learner pressing the button."""
    card = col.get_card(card_id)
    card.start_timer()
    if hasattr(col.sched, "build_answer"):  # the v3 scheduler (23.10 and later)
        from anki.scheduler.v3 import CardAnswer

        states = col._backend.get_scheduling_states(card.id)
        answer = col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD)
        col.sched.answer_card(answer)
    else:  # the v1 and v2 schedulers: fill the queues, then answer
        col.sched.reset()
        col.sched.answerCard(card, 3)


def is_occlusion(note: object) -> bool:
    """Return True for a note of Anki's own Image Occlusion note type (its stock fields)."""
    return [name for name, _ in note.items()][:2] == ["Occlusion", "Image"]  # type: ignore[attr-defined]


def occlusion_shows(question: str) -> str:
    """Return what this version shows of an image occlusion card, in words.

    The stock template calls ``anki.imageOcclusion.setup()``, which Anki's reviewer defines
    from 23.10 on; it draws the ``<div data-shape=...>`` the backend makes of each mask.
    Before, the script finds no such function and the card shows Anki's own line "Error
    loading image occlusion. Is your Anki version up to date?" above the unmasked image
    (2.1.66's backend already makes the shapes, for a reviewer function of another name).
    """
    from anki.buildinfo import version

    major, minor = (int(part) for part in version.split(".")[:2])
    if (major, minor) >= (23, 10) and "data-shape=" in question:
        return "the masks, drawn by Anki's reviewer over the image"
    return "the image without masks, and Anki's line asking to update Anki"


def check(package: Path, folder: Path) -> list[str]:
    """Return the problems found with one package in a new collection under ``folder``."""
    problems: list[str] = []
    occluded: set[str] = set()
    col = Collection(str(folder / "collection.anki2"))
    try:
        import_package(col, package)
        card_ids = list(col.find_cards(""))
        if not card_ids:
            return [f"{package.name}: no cards imported"]
        for card_id in card_ids:
            card = col.get_card(card_id)
            note = card.note()
            # Our note types carry the author's id; the author's own may not: then the GUID.
            label = dict(note.items()).get("Id", note.guid)
            name = f"{package.name}: card {label} ({card.template()['name']})"
            for side, html in (("front", card.question()), ("back", card.answer())):
                if not visible(html):
                    problems.append(f"{name}: blank {side}")
                if TEMPLATE_ERRORS.search(html):
                    problems.append(f"{name}: {side} shows a template error")
                # Anki's own Image Occlusion note type keeps Anki's stock stylesheet.
                if ".ankismith" not in html and not is_occlusion(note):
                    problems.append(f"{name}: {side} lacks the note type stylesheet")
            if is_occlusion(note):
                occluded.add(occlusion_shows(card.question()))
            answer_once(col, card_id)
            if col.get_card(card_id).reps != 1:
                problems.append(f"{name}: answering did not record a review")
        print(f"  {package.name}: {len(card_ids)} cards rendered and answered")
        for shows in sorted(occluded):
            print(f"  {package.name}: image occlusion cards show {shows}")
    finally:
        col.close()
    return problems


def main(packages: list[str]) -> int:
    """Check every package; print the problems; return the exit code."""
    import anki.lang

    anki.lang.set_lang("en")  # the importers of 2.1.5x log with translated strings
    problems: list[str] = []
    for package in packages:
        with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(1) as worker:
            try:
                # Off the main thread, where some versions print a stack for each slow call.
                problems += worker.submit(check, Path(package), Path(tmp)).result()
            except Exception as error:  # any failure of the backend is a finding, not a crash
                problems.append(f"{Path(package).name}: {type(error).__name__}: {error}")
    for problem in problems:
        print(f"  FAIL {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
