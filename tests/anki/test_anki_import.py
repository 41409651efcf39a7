"""The sample deck imported into the real Anki backend renders every card."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from anki.collection import Collection

from tests.helpers import SAMPLE, release, text
from tests.helpers_anki import import_apkg, open_collection


def source_ids() -> set[str]:
    """Return the card ids written in the sample files, read independently of the parser."""
    ids: set[str] = set()
    for path in sorted(SAMPLE.rglob("*.md")):
        ids |= set(re.findall(r"<!--\s*id:\s*([\w.-]+)", path.read_text(encoding="utf-8")))
    return ids


@pytest.fixture(name="collection", scope="module")
def _collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    tmp = tmp_path_factory.mktemp("anki")
    apkg = release(SAMPLE, tmp, 1700000000, "--strict")
    col = open_collection(tmp / "collection.anki2")
    log = import_apkg(col, apkg)
    assert len(log.new) == len(source_ids())
    yield col
    col.close()


def test_sample_is_big_and_uses_every_note_type(collection: Collection) -> None:
    names = {collection.get_note(n).note_type()["name"] for n in collection.find_notes("")}
    assert names == {
        "ankismith Basic",
        "ankismith Choice",
        "ankismith Cloze",
        "ankismith Reversed",
        "ankismith Type-in",
    }
    assert collection.note_count() >= 30
    assert {collection.get_note(n)["Id"] for n in collection.find_notes("")} == source_ids()


def test_decks_and_description(collection: Collection) -> None:
    settings = yaml.safe_load((SAMPLE / "deck.yaml").read_text(encoding="utf-8"))
    deck = collection.decks.by_name(settings["name"])
    assert deck is not None and "pre-trained language model" in deck["desc"]
    subdecks = {p.name for p in SAMPLE.iterdir() if p.is_dir() and not p.name.startswith("_")}
    used = {collection.decks.name(collection.get_card(c).did) for c in collection.find_cards("")}
    assert used == {settings["name"]} | {f"{settings['name']}::{s}" for s in subdecks}


def expected_cards(note_type: str, fields: dict[str, str]) -> int:
    if note_type == "ankismith Reversed":
        return 2
    if note_type == "ankismith Cloze":
        return len(set(re.findall(r"\{\{c(\d+)::", fields["Text"])))
    return 1


def test_every_card_renders_its_parts(collection: Collection) -> None:
    for nid in collection.find_notes(""):
        note = collection.get_note(nid)
        kind = note.note_type()["name"]
        fields = dict(note.items())
        cards = note.cards()
        assert len(cards) == expected_cards(kind, fields)
        assert fields["Id"] and fields["Source"].endswith(".md")
        explanation = text(fields["Explanation"])
        assert explanation, f"{fields['Id']} has no explanation"
        for card in cards:
            front, back = text(card.question()), text(card.answer())
            assert front and explanation not in front
            assert explanation in back
            if kind in ("ankismith Basic", "ankismith Type-in", "ankismith Choice"):
                assert text(fields["Question"]) in front
            if kind == "ankismith Basic":
                assert text(fields["Answer"]) in back and text(fields["Answer"]) not in front
            if kind == "ankismith Choice":
                # Marks are drawn by CSS on the back wrapper only; the right option is tagged.
                assert 'class="choice right"' in card.answer()
                assert (
                    "kind-choice back" in card.answer()
                    and "kind-choice back" not in card.question()
                )


def test_sample_shows_code_math_and_an_image(collection: Collection) -> None:
    html = " ".join(collection.get_card(c).answer() for c in collection.find_cards(""))
    assert '<div class="highlight"><pre>' in html
    assert re.search(r'<span class="(k|kn|n|nb|o|mi)">', html)
    assert "\\(" in html and "\\[" in html
    images = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert images
    media = Path(collection.media.dir())
    for name in images:
        assert (media / name).is_file()
        assert re.fullmatch(r"[A-Za-z0-9-]+-[0-9a-f]{16}\.\w+", name)
