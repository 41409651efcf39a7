"""deck.yaml's tts: in real Anki: template text only, so learners' note types update in place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anki.collection  # noqa: F401  (first: anki.sound alone imports in a cycle)
import pytest
from anki.sound import TTSTag

from ankismith.apkg import buildtime
from tests.anki.learner import Learner, counts
from tests.helpers import DECK_YAML, WriteTree, release, rich_tree

V1 = buildtime.LAYOUT_CHANGED + 86400
V2 = V1 + 86400


@pytest.fixture(name="learner")
def _learner(tmp_path: Path) -> Iterator[Learner]:
    learner = Learner(tmp_path / "learner")
    yield learner
    learner.close()


def schemas(learner: Learner) -> dict[int, tuple[list[str], list[str]]]:
    learner.col.models._clear_cache()  # the import changed them behind the Python side's back
    return {
        nt["id"]: ([f["name"] for f in nt["flds"]], [t["name"] for t in nt["tmpls"]])
        for nt in learner.col.models.all()
    }


def test_reading_aloud_arrives_as_a_template_update(
    write_tree: WriteTree, tmp_path: Path, learner: Learner
) -> None:
    tree = rich_tree()
    tree["deck.yaml"] = DECK_YAML + "language: de\n"
    learner.install(release(write_tree(tree), tmp_path / "v1", V1))
    learner.review_all()
    before, types, lists = learner.notes(), learner.notetypes(), schemas(learner)

    tree["deck.yaml"] = DECK_YAML + "language: de\ntts: [question, answer]\n"
    log = learner.install(release(write_tree(tree), tmp_path / "v2", V2))
    assert counts(log)[0] == 0 and counts(log)[3] == 0
    assert learner.notetypes() == types and schemas(learner) == lists
    after = learner.notes()
    assert {g: n.cards for g, n in after.items()} == {g: n.cards for g, n in before.items()}

    spoken = 0
    for card_id in learner.col.find_cards(""):
        card = learner.col.get_card(card_id)
        front = [t for t in card.question_av_tags() if isinstance(t, TTSTag)]
        back = [t for t in card.answer_av_tags() if isinstance(t, TTSTag)]
        assert front and all(t.lang == "de_DE" for t in front), card.question()
        spoken += bool(back)
        assert all(t.lang == "de_DE" and t.field_text.strip() for t in back)
    assert spoken  # every card with an answer reads it
