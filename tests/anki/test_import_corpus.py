"""Every deck shape of ``shapes.py`` imports, builds with no edit, and updates learners in place.

Each shape is made in real Anki and exported; ``import`` writes its project and says nothing is
left to fix; ``build`` takes the project as it is; the rebuilt package goes over a learner's
collection that reviewed every card (no new, duplicate or conflicting note, no note type copy,
every review kept, the same text on every card), and a new learner gets every card the
original gives, in the same decks.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ankismith.cli import main
from tests.anki import shapes
from tests.anki.learner import Learner, counts
from tests.anki.roundtrip import REBUILD, import_cli, rendered, round_trip
from tests.helpers import release

SHAPES = list(shapes.SHAPES)


def cards_of(learner: Learner) -> dict[tuple[str, int], str]:
    """Return every card's deck, by (note GUID, template ord)."""
    col = learner.col
    out = {}
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        out[(card.note().guid, card.ord)] = col.decks.name(card.did)
    return out


KEPT = ("css", "latexPre", "latexPost", "latexsvg", "sortf", "type", "name")
FIELD_KEPT = ("name", "ord", "font", "size", "rtl", "sticky", "description", "id", "plainText")
TEMPLATE_KEPT = ("name", "ord", "qfmt", "afmt", "bqfmt", "bafmt", "id")


def notetypes_of(learner: Learner) -> dict[int, dict[str, object]]:
    """Return what a learner has of each note type that matters to a deck maintainer."""
    out = {}
    used = {learner.col.get_note(nid).mid for nid in learner.col.find_notes("")}
    for model in learner.col.models.all():
        if model["id"] not in used:
            continue
        kept: dict[str, object] = {key: model.get(key) for key in KEPT}
        kept["flds"] = [{k: f.get(k) for k in FIELD_KEPT} for f in model["flds"]]
        kept["tmpls"] = [{k: t.get(k) for k in TEMPLATE_KEPT} for t in model["tmpls"]]
        out[int(model["id"])] = kept
    return out


def new_learner(apkg: Path, folder: Path) -> Learner:
    """Return a fresh collection that imported ``apkg``."""
    learner = Learner(folder)
    learner.install(apkg)
    return learner


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_builds_as_imported_and_updates_learners(tmp_path: Path, shape: str) -> None:
    original = shapes.make(tmp_path / "author", shape)
    learner = Learner(tmp_path / "learner")
    learner.install(original)
    learner.review_all()
    had = sorted(os.listdir(learner.col.media.dir()))
    trip = round_trip(original, tmp_path, learner)
    # Media keep their names: the learner gets no second copy of any file.
    assert sorted(os.listdir(trip.learner.col.media.dir())) == had
    fresh = new_learner(original, tmp_path / "fresh-original")
    rebuilt = new_learner(trip.apkg, tmp_path / "fresh-rebuilt")
    try:
        assert cards_of(rebuilt) == cards_of(fresh)
        assert rendered(rebuilt) == rendered(fresh)
        # Note types come through verbatim: CSS, LaTeX, sort field, options and ids.
        assert notetypes_of(rebuilt) == notetypes_of(fresh)
        assert trip.log[2] == 0, "duplicate notes"
    finally:
        trip.learner.close()
        fresh.close()
        rebuilt.close()


def test_every_shape_in_one_deck(tmp_path: Path) -> None:
    original = shapes.make(tmp_path / "author", *SHAPES)
    trip = round_trip(original, tmp_path)
    fresh = new_learner(original, tmp_path / "fresh")
    try:
        assert counts(trip.learner.install(trip.apkg))[0] == 0
        assert cards_of(new_learner(trip.apkg, tmp_path / "again")) == cards_of(fresh)
    finally:
        trip.learner.close()
        fresh.close()


def test_scripted_templates_are_listed_in_deck_yaml_and_named(tmp_path: Path) -> None:
    original = shapes.make(tmp_path / "author", "scripted")
    content = tmp_path / "project"
    output = import_cli(original, content)
    settings = yaml.safe_load((content / "deck.yaml").read_text("utf-8"))
    assert settings["scripts"] == ["Strokes"]
    for side in ("front", "back"):
        assert (
            f"{content}/_notetypes/strokes/write.{side}.html:1: warning: template of note type "
            "'Strokes' runs a script; it is kept, and deck.yaml 'scripts' names the note type: "
            "review what it does [import]"
        ) in output
    # The script stays in that note type's templates only, as the deck had it.
    assert "<script>" in (content / "_notetypes/strokes/write.front.html").read_text("utf-8")
    assert "<script" not in (content / "Kanji/cards.md").read_text("utf-8")


def test_each_decision_that_makes_the_project_build_is_written_and_reported_once(
    tmp_path: Path,
) -> None:
    original = shapes.make(tmp_path / "author", "repeated", "absent-media")
    content = tmp_path / "project"
    output = import_cli(original, content)
    text = (content / "deck.yaml").read_text("utf-8")
    lines = text.splitlines()
    line = lines.index("  duplicate-question: warning") + 1
    assert "# The imported deck repeats questions" in text
    assert 'absent_media:\n- "_gone.woff2"\n- "gone-mask.png"' in text
    assert "keep_media_names: true" in lines
    decision = [row for row in output.splitlines() if "'duplicate-question'" in row]
    assert decision == [
        f"{content}/deck.yaml:{line}: warning: 3 questions repeat an earlier one (first at "
        f"{content}/Words/Chapter 2/cards.md:3): 'duplicate-question' is a warning for this "
        "deck [import]"
    ]
    assert "build will refuse" not in output


def test_verify_counts_no_file_the_deck_never_held_as_missing(tmp_path: Path) -> None:
    original = shapes.make(tmp_path / "author", "absent-media")
    content = tmp_path / "project"
    import_cli(original, content)
    apkg = release(content, tmp_path / "rebuilt", REBUILD)
    result = CliRunner().invoke(
        main, ["verify", str(apkg), "--against", str(original), "--content", str(content)]
    )
    assert result.exit_code == 0, result.output
    assert "missing media" not in result.output
