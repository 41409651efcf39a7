"""Decks made in real Anki, exported in every package format, survive import, build, update."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from anki.collection import Collection
from anki.decks import DeckId

from ankismith.text import has_random_part
from tests.anki.learner import Learner, counts
from tests.anki.roundtrip import (
    REBUILD,
    add,
    add_vocab_type,
    import_cli,
    rendered,
    round_trip,
    second_release,
)
from tests.helpers import release
from tests.helpers_anki import export_apkg, open_collection

PICTURE = "grüße ü.png"
SOUND = "wörter 1.mp3"


def author_deck(col: Collection) -> DeckId:
    """Fill ``col`` with stock and custom notes in subdecks; return the top deck's id."""
    add_vocab_type(col)
    col.media.write_data(PICTURE, b"\x89PNG\r\n\x1a\n picture")
    col.media.write_data(SOUND, b"ID3 sound")
    add(
        col,
        "Basic",
        "Sprachen::Deutsch",
        ["lang::de", "noun"],
        Front="What is <b>bold</b>?<br>A second line with a_b and *stars*",
        Back=f'It has <i>emphasis</i>, H<sub>2</sub>O, &lt;tag&gt; &amp; <img src="{PICTURE}">'
        "<ul><li>one</li><li>two</li></ul>",
    )
    add(col, "Basic (and reversed card)", "Sprachen::Deutsch", ["noun"], Front="Haus", Back="house")
    add(
        col,
        "Cloze",
        "Sprachen::Geo",
        ["geo"],
        Text="{{c1::Paris}} is the capital of {{c2::France::country}}; \\(x^2\\)",
        **{"Back Extra": "Seen from <u>the Seine</u>"},
    )
    add(col, "Basic (type in the answer)", "Sprachen", [], Front="Type 2+2", Back="4")
    add(
        col,
        "Vocab",
        "Sprachen::Deutsch",
        ["vocab"],
        Word="Wörter",
        Meaning="words",
        Example="Viele <b>Wörter</b>",
        Audio=f"[sound:{SOUND}]",
    )
    add(col, "Vocab", "Sprachen::Deutsch", ["vocab"], Word="Baum", Meaning="tree")
    top = col.decks.id("Sprachen")
    assert top is not None
    deck = col.decks.get(top)
    assert deck is not None
    deck["desc"] = "Words in <b>German</b>"
    col.decks.save(deck)
    return top


def review(col: Collection) -> None:
    """Answer every card "Easy" once, as the author studying their own collection."""
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        card.start_timer()
        col.sched.answerCard(card, 4)


@pytest.mark.parametrize("legacy", [False, True], ids=["anki21b", "anki21"])
def test_apkg_round_trip(tmp_path: Path, legacy: bool) -> None:
    (tmp_path / "author").mkdir()
    col = open_collection(tmp_path / "author" / "collection.anki2")
    try:
        original = export_apkg(col, author_deck(col), tmp_path / "original.apkg", legacy=legacy)
    finally:
        col.close()
    trip = round_trip(original, tmp_path)
    try:
        project = trip.content
        settings = yaml.safe_load((project / "deck.yaml").read_text("utf-8"))
        # A new deck id: the name's slug and a part drawn from the GUIDs, so cards added later
        # cannot collide with another deck's.
        deck_id = settings.pop("id")
        assert deck_id.startswith("sprachen-") and has_random_part(deck_id)
        assert settings == {
            "name": "Sprachen",
            "description": "Words in **German**",
            "keep_media_names": True,
        }
        vocab = yaml.safe_load((project / "_notetypes/vocab/notetype.yaml").read_text("utf-8"))
        assert vocab["fields"] == ["Word", "Meaning", "Example", "Audio"]
        assert [t["name"] for t in vocab["templates"]] == ["Recognise", "Recall", "Listen"]
        assert (project / "_notetypes/vocab/listen.front.html").read_text("utf-8") == (
            "{{#Audio}}{{Audio}}{{/Audio}}"
        )
        assert "nightMode" in (project / "_notetypes/vocab/style.css").read_text("utf-8")
        assert (project / "_notetypes/vocab/_seal.png").read_bytes() == b"\x89PNG\r\n\x1a\n seal"
        assert (project / "_media" / PICTURE).read_bytes() == b"\x89PNG\r\n\x1a\n picture"
        german = (project / "Deutsch" / "cards.md").read_text("utf-8")
        assert "tags: lang::de noun; type: basic-imported; guid: " in german
        assert "It has *emphasis*, H<sub>2</sub>O, &lt;tag&gt; &amp; ![](../_media/" in german
        assert "{{c1::Paris}} is the capital of {{c2::France::country}}" in (
            project / "Geo" / "cards.md"
        ).read_text("utf-8")
        second_release(trip, tmp_path, "Seen from", "As seen from")
    finally:
        trip.learner.close()


@pytest.mark.parametrize("legacy", [False, True], ids=["anki21b", "anki21"])
def test_colpkg_round_trip(tmp_path: Path, legacy: bool) -> None:
    """The author migrates a whole collection they study in themselves."""
    learner = Learner(tmp_path / "author")
    author_deck(learner.col)
    review(learner.col)
    original = tmp_path / "collection.colpkg"
    learner.col.export_collection_package(str(original), include_media=True, legacy=legacy)
    learner.col.reopen()
    trip = round_trip(original, tmp_path, learner)
    try:
        second_release(trip, tmp_path, "Type 2+2", "Type 2 + 2")
    finally:
        trip.learner.close()


def crowdanki_export(col: Collection, folder: Path) -> Path:
    """Write ``col``'s notes as CrowdAnki does: deck.json (nested decks) and media/."""
    models = {m["id"]: m for m in col.models.all()}
    uuids = {mid: f"uuid-{index}" for index, mid in enumerate(sorted(models))}

    def deck(name: str) -> dict[str, object]:
        notes = []
        for nid in col.find_notes(f'"deck:{name}" -"deck:{name}::*"'):
            note = col.get_note(nid)
            notes.append(
                {
                    "__type__": "Note",
                    "fields": list(note.fields),
                    "guid": note.guid,
                    "note_model_uuid": uuids[note.mid],
                    "tags": note.tags,
                }
            )
        children = sorted(
            d.name
            for d in col.decks.all_names_and_ids()
            if d.name.startswith(f"{name}::") and d.name.count("::") == name.count("::") + 1
        )
        return {
            "__type__": "Deck",
            "name": name.rsplit("::", 1)[-1],
            "notes": notes,
            "children": [deck(child) for child in children],
        }

    root = deck("Sprachen")
    root["note_models"] = [
        {
            "__type__": "NoteModel",
            "crowdanki_uuid": uuids[mid],
            "name": m["name"],
            "css": m["css"],
            "flds": m["flds"],
            "tmpls": m["tmpls"],
            "type": m["type"],
            "sortf": m["sortf"],
        }
        for mid, m in models.items()
    ]
    root["media_files"] = [PICTURE, SOUND, "_seal.png"]
    (folder / "media").mkdir(parents=True)
    for name in root["media_files"]:
        (folder / "media" / name).write_bytes(Path(col.media.dir(), name).read_bytes())
    (folder / "deck.json").write_text(json.dumps(root), encoding="utf-8")
    return folder


def test_crowdanki_folder(tmp_path: Path) -> None:
    """GUIDs, note types and media come back; a fresh learner sees the same cards."""
    author = Learner(tmp_path / "author")
    try:
        author_deck(author.col)
        shown = rendered(author)
        folder = crowdanki_export(author.col, tmp_path / "crowdanki")
    finally:
        author.close()
    project = tmp_path / "project"
    import_cli(folder, project)
    vocab = yaml.safe_load((project / "_notetypes/vocab/notetype.yaml").read_text("utf-8"))
    assert vocab["key"].startswith("uuid-") and "id" not in vocab
    apkg = release(project, tmp_path / "built", REBUILD)
    learner = Learner(tmp_path / "learner")
    try:
        assert counts(learner.install(apkg))[0] == 6
        assert rendered(learner) == shown
    finally:
        learner.close()
