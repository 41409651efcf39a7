"""Each import format detects its own paths; a path none detects is refused naming them all."""

from __future__ import annotations

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
