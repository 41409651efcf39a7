"""Learners keep their review history across releases: every kind of edit, in real Anki.

Each test builds a release with the CLI, imports it into one learner's collection, reviews every
card, then builds and imports the next release, as a learner would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ankismith.apkg import buildtime
from ankismith.notetypes import assemble
from ankismith.notetypes import css as stylesheet
from tests.anki.learner import Learner, NoteState, counts
from tests.helpers import SAMPLE, WriteTree, release, sha256

# After the time ankismith's own templates last changed, as any release built today is.
V1 = buildtime.LAYOUT_CHANGED + 86400
V2 = V1 + 86400

CARDS = {
    "basics.md": (
        "# Basics\n\n"
        "## What is LoRA?\n<!-- id: lora -->\n\n### Answer\n\nLow-rank adaptation.\n\n"
        "## What is an epoch?\n<!-- id: epoch; tags: training -->\n\n### Answer\n\nOne pass over the data.\n"
    ),
    "more.md": (
        "## Overfitting\n<!-- id: overfitting; type: reversed -->\n\n### Answer\n\n"
        "Fitting the training examples too closely.\n"
    ),
}


@pytest.fixture(name="learner")
def _learner(tmp_path: Path) -> Iterator[Learner]:
    learner = Learner(tmp_path / "learner")
    yield learner
    learner.close()


def first_release(learner: Learner, write_tree: WriteTree, tmp_path: Path) -> dict[str, NoteState]:
    """Install release 1 of CARDS, review every card, return the learner's notes."""
    content = write_tree(CARDS)
    log = learner.install(release(content, tmp_path / "v1", V1))
    assert counts(log) == (3, 0, 0, 0)
    learner.review_all()
    notes = learner.notes()
    assert all(
        card.type == 2 and card.ivl > 0 and card.revlog == 1
        for n in notes.values()
        for card in n.cards
    )
    return notes


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def by_id(notes: dict[str, NoteState], card_id: str) -> NoteState:
    return next(n for n in notes.values() if n.fields["Id"] == card_id)


def test_edited_answer_updates_the_note_in_place_and_keeps_reviews(
    learner: Learner, write_tree: WriteTree, tmp_path: Path
) -> None:
    before = first_release(learner, write_tree, tmp_path)
    edit(
        tmp_path / "content" / "basics.md",
        "One pass over the data.",
        "One full pass over the training data.",
    )
    log = learner.install(release(tmp_path / "content", tmp_path / "v2", V2))
    after = learner.notes()
    assert counts(log) == (0, 3, 0, 0)
    assert after.keys() == before.keys()
    epoch = by_id(after, "epoch")
    assert "One full pass over the training data." in epoch.fields["Answer"]
    assert epoch.note_id == by_id(before, "epoch").note_id
    assert {g: n.cards for g, n in after.items()} == {g: n.cards for g, n in before.items()}


@pytest.mark.parametrize("changed", ["basic/front.html", "style.css"])
def test_changed_template_or_css_updates_the_note_type_without_a_copy(
    learner: Learner,
    write_tree: WriteTree,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    changed: str,
) -> None:
    before = first_release(learner, write_tree, tmp_path)
    notetypes = learner.notetypes()
    original = assemble.template_text
    # A new ankismith version: its templates changed after release 1, and nothing was committed.
    monkeypatch.setattr(buildtime, "LAYOUT_CHANGED", V2)
    # Templates are read for the package in two places: the sides, and the stylesheet.
    for module in (assemble, stylesheet):
        monkeypatch.setattr(
            module,
            "template_text",
            lambda name: original(name) + ("<!-- v2 -->" if name == changed else ""),
        )
    log = learner.install(release(tmp_path / "content", tmp_path / "v2", V1))
    assert counts(log) == (0, 0, 3, 0)
    assert learner.notetypes() == notetypes
    # Rendered by the backend: what the learner sees, not the Python side's note type cache.
    card = learner.col.get_card(by_id(learner.notes(), "lora").cards[0].card_id)
    css, front = card.question().split("</style>", 1)
    assert ("<!-- v2 -->" in css, "<!-- v2 -->" in front) == (
        changed == "style.css",
        changed == "basic/front.html",
    )
    assert {g: n.cards for g, n in learner.notes().items()} == {
        g: n.cards for g, n in before.items()
    }


def test_added_card_is_one_new_note_and_the_others_are_untouched(
    learner: Learner, write_tree: WriteTree, tmp_path: Path
) -> None:
    before = first_release(learner, write_tree, tmp_path)
    edit(
        tmp_path / "content" / "basics.md",
        "# Basics\n",
        "# Basics\n\n## What is PEFT?\n<!-- id: peft -->\n### Answer\nTraining few parameters.\n",
    )
    log = learner.install(release(tmp_path / "content", tmp_path / "v2", V2))
    after = learner.notes()
    assert counts(log) == (1, 3, 0, 0)
    assert [after[guid].fields["Id"] for guid in after.keys() - before.keys()] == ["peft"]
    assert by_id(after, "peft").cards[0].type == 0
    for guid, note in before.items():
        assert after[guid].fields == note.fields and after[guid].cards == note.cards


def test_removed_card_stays_with_the_learner_and_nothing_is_duplicated(
    learner: Learner, write_tree: WriteTree, tmp_path: Path
) -> None:
    before = first_release(learner, write_tree, tmp_path)
    (tmp_path / "content" / "more.md").unlink()
    log = learner.install(release(tmp_path / "content", tmp_path / "v2", V2))
    after = learner.notes()
    assert counts(log) == (0, 2, 0, 0)
    assert after == before
    assert [card.type for card in by_id(after, "overfitting").cards] == [2, 2]


@pytest.mark.parametrize("move", ["card to another file", "file renamed"])
def test_moved_card_is_the_same_note_updated(
    learner: Learner, write_tree: WriteTree, tmp_path: Path, move: str
) -> None:
    before = first_release(learner, write_tree, tmp_path)
    content = tmp_path / "content"
    if move == "file renamed":
        (content / "lora").mkdir()
        (content / "more.md").rename(content / "lora" / "renamed.md")
        expected = "lora/renamed.md"
    else:
        moved_text = (content / "more.md").read_text()
        (content / "more.md").unlink()
        edit(content / "basics.md", "# Basics\n", "# Basics\n\n" + moved_text + "\n")
        expected = "basics.md"
    log = learner.install(release(content, tmp_path / "v2", V2))
    after = learner.notes()
    assert counts(log) == (0, 3, 0, 0)
    assert after.keys() == before.keys()
    moved = by_id(after, "overfitting")
    assert moved.fields["Source"] == expected
    assert moved.note_id == by_id(before, "overfitting").note_id
    assert moved.cards == by_id(before, "overfitting").cards


def test_older_build_time_is_skipped_by_anki(
    learner: Learner, write_tree: WriteTree, tmp_path: Path
) -> None:
    before = first_release(learner, write_tree, tmp_path)
    edit(
        tmp_path / "content" / "basics.md", "Low-rank adaptation.", "Changed, but built too early."
    )
    log = learner.install(release(tmp_path / "content", tmp_path / "old", V1 - 86400))
    assert counts(log) == (0, 0, 3, 0)
    assert learner.notes() == before


def test_same_commit_builds_the_same_bytes_whatever_the_machine(tmp_path: Path) -> None:
    here = release(SAMPLE, tmp_path / "here", V1)
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(V1),
        "TZ": "Pacific/Kiritimati",
        "PYTHONHASHSEED": "12345",
    }
    out = tmp_path / "there" / "deck.apkg"
    command = f"umask 077 && exec '{sys.executable}' -m ankismith build '{SAMPLE}' -o '{out}'"
    subprocess.run(["sh", "-c", command], env=env, check=True, capture_output=True)
    assert sha256(out) == sha256(here)
