"""The sample deck imported into the real Anki backend renders every card."""

from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner

from ankismith.cli import main
from tests.ankihelp import import_apkg, open_collection, text
from tests.conftest import SAMPLE


def source_cards() -> list[str]:
    """Return the question headings as written in the sample files, read independently."""
    headings = []
    for path in sorted(SAMPLE.rglob("*.md")):
        headings += re.findall(r"^## (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
    return headings


@pytest.fixture(name="collection", scope="module")
def _collection(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("anki")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp)])
    assert result.exit_code == 0, result.output
    col = open_collection(tmp / "collection.anki2")
    log = import_apkg(col, tmp / "fine-tuning-vocabulary.apkg")
    assert len(log.new) == len(source_cards())
    yield col
    col.close()


def test_every_card_imported_into_the_named_deck(collection) -> None:  # type: ignore[no-untyped-def]
    settings = yaml.safe_load((SAMPLE / "deck.yaml").read_text(encoding="utf-8"))
    assert collection.note_count() == len(source_cards())
    assert collection.card_count() == len(source_cards())
    deck = collection.decks.by_name(settings["name"])
    assert deck is not None
    assert "pre-trained language model" in deck["desc"]
    assert {
        collection.decks.name(collection.get_card(c).did) for c in collection.find_cards("")
    } == {settings["name"]}


def test_fields_and_rendered_sides(collection) -> None:  # type: ignore[no-untyped-def]
    questions = {q.replace("*", "") for q in source_cards()}
    seen = set()
    for cid in collection.find_cards(""):
        card = collection.get_card(cid)
        note = card.note()
        assert note.note_type()["name"] == "ankismith Basic"
        question, answer = text(note["Question"]), text(note["Answer"])
        explanation = text(note["Explanation"])
        assert question in questions and answer and explanation
        assert note["Id"] and note["Source"].endswith(".md")
        front, back = text(card.question()), text(card.answer())
        assert question in front and answer not in front
        assert question in back and answer in back and explanation in back
        assert "Answer" in back and "Explanation" in back
        seen.add(question)
    assert seen == questions


def test_tags_from_deck_file_and_card(collection) -> None:  # type: ignore[no-untyped-def]
    note = collection.get_note(collection.find_notes("Id:peft-lora")[0])
    assert {"fine-tuning", "practice", "peft", "lora"} <= set(note.tags)
