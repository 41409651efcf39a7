"""``push`` and ``pull`` through AnkiConnect into real Anki desktop (one per test session)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.cli import main
from tests.desktop.conftest import KEY, call
from tests.helpers import ROOT, copy_sample, custom_tree, release, write_files

CARD = "Alignment/instruction-tuning.md"


def run(url: str, *args: str | Path, key: str | None = KEY) -> tuple[int, str]:
    env = {"ANKI_CONNECT_KEY": key, "ANKI_CONNECT_URL": None}
    result = CliRunner(env=env).invoke(main, [*map(str, args), "--anki-connect", url])
    return result.exit_code, result.output


def _deck(tmp_path: Path, name: str) -> Path:
    """Copy the sample deck under a deck name and GUID namespace of its own."""
    content = copy_sample(tmp_path / "content")
    settings = content / "deck.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("name: Fine-tuning Vocabulary", f"name: {name}")
    text = text.replace("id: fine-tuning-vocabulary", f"id: {name.lower()}")
    settings.write_text(text, encoding="utf-8")
    return content


def _note(url: str, query: str) -> int:
    found = call(url, "findNotes", query=query)
    assert len(found) == 1, found
    return int(found[0])


def test_push_review_edit_pull_push(anki_desktop: str, tmp_path: Path) -> None:
    url, deck = anki_desktop, "Loop"
    content = _deck(tmp_path, deck)
    build = tmp_path / "build"
    code, out = run(url, "push", content, "-o", build)
    assert code == 0, out
    assert "49 new notes, 0 updated" in out
    cards = call(url, "findCards", query=f'"deck:{deck}"')
    assert call(url, "answerCards", answers=[{"cardId": c, "ease": 4} for c in cards])
    reviews = call(url, "getReviewsOfCards", cards=[str(c) for c in cards])
    models = call(url, "modelNames")

    code, out = run(url, "pull", content, "-o", build)
    assert code == 0, out
    assert "0 fields taken, 0 notes added, changed 0 files" in out

    note = _note(url, f'"deck:{deck}" Id:typein-sft')
    fields = {"Hint": "From <i>Anki</i> desktop"}
    call(url, "updateNoteFields", note={"id": note, "fields": fields})
    code, out = run(url, "pull", content, "-o", build)
    assert code == 0, out
    text = (content / CARD).read_text(encoding="utf-8")
    assert "### Hint\n\nFrom *Anki* desktop\n" in text
    assert run(url, "pull", content, "-o", build)[0] == 0

    code, out = run(url, "push", content, "-o", build)
    assert code == 0, out
    assert "0 new notes" in out
    assert call(url, "modelNames") == models  # no note type copy
    assert call(url, "getReviewsOfCards", cards=[str(c) for c in cards]) == reviews
    assert all(c["type"] == 2 for c in call(url, "cardsInfo", cards=cards))  # still review cards


def test_the_legacy_import_keeps_a_newer_edit_as_file_import_does(
    anki_desktop: str, tmp_path: Path
) -> None:
    """AnkiConnect's importPackage updates a note only from a newer one, as File > Import."""
    url = anki_desktop
    content = _deck(tmp_path, "Mtime")
    preset = call(url, "getDeckConfig", deck="Default")
    preset["new"]["perDay"] = 7
    assert call(url, "saveDeckConfig", config=preset)
    old = release(content, tmp_path / "v1", 1_700_000_000)
    assert call(url, "importPackage", path=str(old.resolve()))
    assert call(url, "getDeckConfig", deck="Default")["new"]["perDay"] == 7  # presets kept
    note = _note(url, '"deck:Mtime" Id:typein-sft')
    call(url, "updateNoteFields", note={"id": note, "fields": {"Hint": "mine"}})
    path = content / CARD
    path.write_text(path.read_text(encoding="utf-8").replace("SFT", "S.F.T."), encoding="utf-8")
    older = release(content, tmp_path / "v2", 1_700_000_100)  # newer than v1, older than the edit
    assert call(url, "importPackage", path=str(older.resolve()))
    info = call(url, "notesInfo", notes=[note])[0]
    assert info["fields"]["Hint"]["value"] == "mine"


def test_a_custom_note_type_pulls_and_a_changed_one_is_refused(
    anki_desktop: str, tmp_path: Path
) -> None:
    url = anki_desktop
    tree = custom_tree()
    tree["deck.yaml"] = "name: Schema\nid: schema-deck\n"
    content = write_files(tmp_path / "content", tree)
    code, out = run(url, "push", content, "-o", tmp_path / "b")
    assert code == 0, out
    note = _note(url, '"deck:Schema" Capital:Paris')
    fields = {"Language": "French (<b>official</b>)"}
    call(url, "updateNoteFields", note={"id": note, "fields": fields})
    code, out = run(url, "pull", content, "-o", tmp_path / "b")
    assert code == 0, out
    text = (content / "countries.md").read_text(encoding="utf-8")
    assert "### Language\n\nFrench (**official**)\n\n### Notes" in text
    settings = content / "_notetypes" / "country" / "notetype.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("  - Notes\n", "  - Notes\n  - Extra\n"),
        encoding="utf-8",
    )
    code, out = run(url, "push", content, "-o", tmp_path / "b")
    assert code == 1
    assert "changed their fields or templates" in out
    assert "nothing was pushed" in out


def test_each_failure_is_one_line(anki_desktop: str, tmp_path: Path) -> None:
    url = anki_desktop
    content = _deck(tmp_path, "Failures")
    code, out = run("http://127.0.0.1:9", "push", content)
    assert code == 1
    assert out.startswith("Error: http://127.0.0.1:9: nothing answers")
    code, out = run(url, "push", content, key=None)
    assert (code, out.strip()) == (
        1,
        f"Error: {url}: AnkiConnect wants an API key: set ANKI_CONNECT_KEY",
    )
    code, out = run(url, "push", content, key="wrong")
    assert (code, out.strip()) == (
        1,
        f"Error: {url}: AnkiConnect refuses the API key in ANKI_CONNECT_KEY",
    )
    broken = content / "broken.md"
    broken.write_text("## A card\n<!-- id: typein-sft -->\n\n### Answer\n\nDuplicate id.\n")
    code, out = run(url, "push", content, "-o", tmp_path / "b")
    assert code == 1
    assert "nothing was pushed" in out
    broken.unlink()


def test_a_note_open_in_the_browser_is_not_pushed_over(anki_desktop: str, tmp_path: Path) -> None:
    url = anki_desktop
    content = _deck(tmp_path, "Browser")
    assert run(url, "push", content, "-o", tmp_path / "b")[0] == 0
    call(url, "guiBrowse", query='"deck:Browser" Id:typein-sft')
    try:
        deadline = time.monotonic() + 10
        while not call(url, "guiSelectedNotes") and time.monotonic() < deadline:
            time.sleep(0.2)  # the Browser selects its first row a moment after it opens
        assert call(url, "guiSelectedNotes")
        path = content / CARD
        path.write_text(path.read_text(encoding="utf-8").replace("SFT", "S.F.T."), "utf-8")
        code, out = run(url, "push", content, "-o", tmp_path / "b")
        assert code == 1
        assert "Browser has 1 note of this deck selected" in out
        assert "nothing was pushed" in out
    finally:
        call(url, "guiBrowse", query="nid:1")  # selects nothing


def test_push_and_pull_one_deck_of_a_project(
    anki_desktop: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``push --deck`` puts one deck of ``ankismith.yaml`` in, leaving the other's notes alone."""
    url = anki_desktop
    root = Path(shutil.copytree(ROOT / "examples" / "capitals", tmp_path / "capitals"))
    monkeypatch.chdir(root)
    code, out = run(url, "push", "--deck", "asia")
    assert code == 0, out
    assert "2 new notes, 0 updated" in out
    assert call(url, "findNotes", query='"deck:Capitals::Europe"') == []
    asia = sorted(call(url, "findCards", query='"deck:Capitals::Asia"'))
    assert call(url, "answerCards", answers=[{"cardId": c, "ease": 3} for c in asia])
    reviews = call(url, "getReviewsOfCards", cards=[str(c) for c in asia])

    code, out = run(url, "push", "--deck", "europe")
    assert code == 0, out
    assert "3 new notes, 0 updated" in out
    assert len(call(url, "findNotes", query='"deck:Capitals::Europe"')) == 3
    # findCards gives no order: compare the sets of cards.
    assert sorted(call(url, "findCards", query='"deck:Capitals::Asia"')) == asia
    assert call(url, "getReviewsOfCards", cards=[str(c) for c in asia]) == reviews
    # The shared note type is one note type in Anki, shipped alike by both decks.
    assert call(url, "modelNames").count("Capital") == 1

    # An edit in Anki comes back into the one deck's own file.
    note = _note(url, '"deck:Capitals::Asia" Country:Japan')
    call(url, "updateNoteFields", note={"id": note, "fields": {"Capital": "Tōkyō"}})
    code, out = run(url, "pull", "--deck", "asia")
    assert code == 0, out
    assert "Tōkyō" in (root / "decks" / "asia" / "capitals.md").read_text(encoding="utf-8")
    assert "Tōkyō" not in (root / "decks" / "europe" / "capitals.md").read_text(encoding="utf-8")
