"""Each import format detects its own paths; a path none detects is refused naming them all."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from ankismith.errors import PackageError
from ankismith.importing.readers import READERS, apkg, crowdanki, read_source, reader_for


def test_a_folder_with_deck_json_is_crowdanki(tmp_path: Path) -> None:
    (tmp_path / "deck.json").write_text("{}", encoding="utf-8")
    assert reader_for(tmp_path) is crowdanki


@pytest.mark.parametrize("name", ["deck.apkg", "all.colpkg", "OLD.APKG"])
def test_a_file_named_as_a_package_is_read_as_one_whatever_it_holds(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_text("not a zip", encoding="utf-8")
    assert reader_for(path) is apkg
    with pytest.raises(PackageError, match=r"not a zip archive, so not an \.apkg"):
        read_source(path)


def test_a_zip_under_another_name_is_read_as_a_package(tmp_path: Path) -> None:
    path = tmp_path / "deck.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("media", "{}")
    assert reader_for(path) is apkg
    with pytest.raises(PackageError, match=r"no collection\.anki2 inside"):
        read_source(path)


def test_what_no_reader_detects_is_refused_naming_every_format(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("Q: what?", encoding="utf-8")
    empty = tmp_path / "folder"
    empty.mkdir()
    named = tmp_path / "folder.apkg"  # a folder, whatever its name
    named.mkdir()
    for path in (text, empty, named):
        with pytest.raises(PackageError) as caught:
            read_source(path)
        assert caught.value.message == (
            f"{path}: not a deck ankismith can import: it reads a CrowdAnki export folder "
            "(with deck.json) or an Anki package (.apkg or .colpkg)"
        )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_detecting_never_opens_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert not any(reader.detect(fifo) for reader in READERS)  # would block if it read


def _crowdanki(folder: Path, deck: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.json").write_text(json.dumps(deck), encoding="utf-8")
    return folder


DECK = {
    "name": "D",
    "note_models": [
        {
            "crowdanki_uuid": "u1",
            "name": "B",
            "flds": [{"name": "Front", "ord": 0}],
            "tmpls": [{"name": "C", "ord": 0, "qfmt": "{{Front}}", "afmt": ""}],
        }
    ],
    "media_files": ["a.png"],
    "notes": [{"fields": ["q"], "guid": "g", "note_model_uuid": "u1", "tags": []}],
}


def test_a_crowdanki_media_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.png").write_bytes(b"secret")
    folder = _crowdanki(tmp_path / "deck", DECK)
    os.symlink(outside, folder / "media")
    with pytest.raises(PackageError, match="media: is a symbolic link"):
        read_source(folder)


def test_a_crowdanki_media_file_that_is_a_link_or_a_fifo_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(b"secret")
    linked = _crowdanki(tmp_path / "linked", DECK)
    (linked / "media").mkdir()
    os.symlink(tmp_path / "secret.png", linked / "media" / "a.png")
    with pytest.raises(PackageError, match=r"a\.png: is a symbolic link"):
        read_source(linked)
    piped = _crowdanki(tmp_path / "piped", DECK)
    (piped / "media").mkdir()
    os.mkfifo(piped / "media" / "a.png")
    with pytest.raises(PackageError, match=r"a\.png: is not a regular file"):
        read_source(piped)


def test_a_deck_json_that_is_a_fifo_or_a_link_is_refused_at_once(tmp_path: Path) -> None:
    piped = tmp_path / "piped"
    piped.mkdir()
    os.mkfifo(piped / "deck.json")
    assert reader_for(piped) is crowdanki
    with pytest.raises(PackageError, match=r"deck\.json: is not a regular file"):
        read_source(piped)
    linked = tmp_path / "linked"
    linked.mkdir()
    os.symlink(_crowdanki(tmp_path / "real", DECK) / "deck.json", linked / "deck.json")
    with pytest.raises(PackageError, match=r"deck\.json: is a symbolic link"):
        read_source(linked)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        (json.dumps(DECK).replace('"ord": 0}]', '"ord": 1e999}]', 1), "a number out of range"),
        (json.dumps(DECK).replace('"crowdanki_uuid"', '"mod": 1e999, "crowdanki_uuid"'), "range"),
        ("[1, 2]", "holds no deck object"),
    ],
)
def test_a_hostile_deck_json_is_one_line_error(tmp_path: Path, text: str, message: str) -> None:
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.json").write_text(text, encoding="utf-8")
    with pytest.raises(PackageError, match=message) as caught:
        read_source(folder)
    assert "\n" not in str(caught.value)


def test_subdecks_nested_thousands_deep_are_refused(tmp_path: Path) -> None:
    opening = '{"name": "c", "children": ['
    text = json.dumps(DECK)[:-1] + ', "children": [' + opening * 3000 + "]}" * 3001 + "]}"
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.json").write_text(text, encoding="utf-8")
    with pytest.raises(PackageError, match="nested"):
        read_source(folder)


def test_subdecks_nested_past_the_limit_are_refused_by_name(tmp_path: Path) -> None:
    deck: dict[str, object] = dict(DECK)
    inner = deck
    for number in range(150):
        child: dict[str, object] = {"name": f"c{number}"}
        inner["children"] = [child]
        inner = child
    with pytest.raises(PackageError, match=r"decks nested more than 100 deep \('children'\)"):
        read_source(_crowdanki(tmp_path / "deck", deck))


def test_a_crowdanki_note_whose_note_type_is_missing_is_read_for_the_import_to_report(
    tmp_path: Path,
) -> None:
    lost = {"fields": ["q2"], "guid": "g2", "note_model_uuid": "gone", "tags": []}
    deck = {**DECK, "notes": [*DECK["notes"], lost]}  # type: ignore[list-item]
    info = read_source(_crowdanki(tmp_path / "deck", deck)).info
    assert [(n.guid, n.notetype == 0, n.fields) for n in info.notes] == [
        ("g", False, (("Front", "q"),)),
        ("g2", True, (("Field 1", "q2"),)),
    ]
