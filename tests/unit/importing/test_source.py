"""What ``ankismith import`` reads, as one value: the contents, and CrowdAnki's note type uuids."""

from __future__ import annotations

import json
from pathlib import Path

from ankismith.apkg.reader import read_package
from ankismith.importing.readers import read_source
from ankismith.importing.readers.crowdanki import uuid_id
from ankismith.importing.source import Source
from ankismith.pipeline import build
from tests.helpers import DECK_YAML, EPOCH, LORA_CARD, write_files

MODEL = {
    "crowdanki_uuid": "model-1",
    "name": "Basic",
    "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
    "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
}
DECK = {
    "name": "Top",
    "note_models": [MODEL],
    "notes": [{"guid": "g1", "note_model_uuid": "model-1", "fields": ["Q", "A"], "tags": []}],
    "children": [{"name": "Sub", "notes": []}],
}


def test_an_anki_package_is_its_contents_with_no_uuids(tmp_path: Path) -> None:
    tree = write_files(tmp_path / "content", {"deck.yaml": DECK_YAML, "a.md": LORA_CARD})
    output = build(tree, tmp_path / "d.apkg", {"SOURCE_DATE_EPOCH": str(EPOCH)}).output
    source = read_source(Path(output))
    assert source == Source(read_package(Path(output), keep_media=True))
    assert source.uuids == {} and [n.key for n in source.info.notes] == ["lora"]


def test_a_crowdanki_folder_keeps_each_note_types_uuid_by_its_id(tmp_path: Path) -> None:
    (tmp_path / "deck.json").write_text(json.dumps(DECK), encoding="utf-8")
    source = read_source(tmp_path)
    (notetype,) = source.info.notetypes
    assert source.uuids == {notetype.id: "model-1"} and notetype.id == uuid_id("model-1")
    assert source.info.decks == ("Top", "Top::Sub")
    assert [(n.guid, n.fields, n.decks) for n in source.info.notes] == [
        ("g1", (("Front", "Q"), ("Back", "A")), ("Top",))
    ]
