"""``ankismith push`` and ``pull`` against a closed collection, with the real Anki backend."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner

from ankismith.cli import main
from ankismith.importing.cards import guid_value
from ankismith.sync.record import record_path
from tests.helpers import copy_sample, custom_tree, write_files
from tests.helpers_anki import open_collection

CARD = "Alignment/instruction-tuning.md"


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def _new_collection(path: Path) -> Path:
    open_collection(path).close()
    return path


def _review(col: Collection) -> int:
    """Answer every card once (Easy); return how many review log entries there are."""
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        card.start_timer()
        col.sched.answerCard(card, 4)
    assert col.db is not None
    return int(col.db.scalar("select count() from revlog"))


def _edit(collection: Path, query: str, **fields: str) -> None:
    col = open_collection(collection)
    try:
        note = col.get_note(col.find_notes(query)[0])
        for name, value in fields.items():
            note[name] = value
        col.update_note(note)
    finally:
        col.close()


@pytest.fixture(name="pushed")
def _pushed(tmp_path: Path) -> tuple[Path, Path]:
    """Push the sample deck into a new collection; return (content, collection)."""
    content = copy_sample(tmp_path / "content")
    collection = _new_collection(tmp_path / "collection.anki2")
    code, out = run("push", content, "--collection", collection, "-o", tmp_path / "build")
    assert code == 0, out
    assert "49 new notes, 0 updated, 0 unchanged" in out
    return content, collection


def test_pull_right_after_push_changes_nothing(pushed: tuple[Path, Path]) -> None:
    content, collection = pushed
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    code, out = run("pull", content, "--collection", collection, "-o", content.parent / "build")
    assert code == 0, out
    assert "0 fields taken, 0 notes added, changed 0 files, 0 conflicts" in out
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before
    assert record_path(content) == content.parent / ".ankismith" / "content.push.json"


def test_an_edit_in_anki_comes_back_into_its_section_alone(pushed: tuple[Path, Path]) -> None:
    content, collection = pushed
    build = content.parent / "build"
    col = open_collection(collection)
    reviews = _review(col)
    notetypes = len(col.models.all_names_and_ids())
    col.close()
    _edit(collection, "Id:typein-sft", Explanation="<p>Supervised fine-tuning, <b>first</b>.</p>")
    path = content / CARD
    old = path.read_text(encoding="utf-8")

    code, out = run("pull", content, "--collection", collection, "--dry-run", "-o", build)
    assert code == 0, out
    assert "+Supervised fine-tuning, **first**." in out
    assert path.read_text(encoding="utf-8") == old  # a dry run writes nothing

    code, out = run("pull", content, "--collection", collection, "-o", build)
    assert code == 0, out
    new = path.read_text(encoding="utf-8")
    # Only the Explanation section's text changed: every other line stayed as it was.
    start = old.index("## What is the usual abbreviation")
    section = old.index("### Explanation", start) + len("### Explanation\n\n")
    end = old.index("\n\n## ", section)
    assert new == old[:section] + "Supervised fine-tuning, **first**." + old[end:]
    assert run("check", content)[0] == 0
    code, out = run("pull", content, "--collection", collection, "-o", build)
    assert "0 fields taken, 0 notes added, changed 0 files" in out

    time.sleep(1)  # the Markdown written is newer than Anki's edit
    path.touch()
    code, out = run("push", content, "--collection", collection, "-o", build)
    assert code == 0, out
    assert "0 new notes" in out
    col = open_collection(collection)
    try:
        assert len(col.models.all_names_and_ids()) == notetypes  # no note type copy
        assert col.db is not None
        assert col.db.scalar("select count() from revlog") == reviews
        assert col.db.scalar("select count() from cards where type = 0") == 0  # none new again
        note = col.get_note(col.find_notes("Id:typein-sft")[0])
        assert "<strong>first</strong>" in note["Explanation"]
    finally:
        col.close()


def test_an_edit_on_both_sides_is_a_conflict_that_keeps_the_markdown(
    pushed: tuple[Path, Path],
) -> None:
    content, collection = pushed
    build = content.parent / "build"
    _edit(collection, "Id:typein-sft", Question="Edited in Anki?")
    path = content / CARD
    mine = path.read_text(encoding="utf-8").replace(
        "## What is the usual abbreviation", "## What is the common abbreviation"
    )
    path.write_text(mine, encoding="utf-8")
    code, out = run("pull", content, "--collection", collection, "-o", build)
    assert code == 1
    line = mine.split("\n").index(next(x for x in mine.split("\n") if "common abbrev" in x)) + 1
    assert f"{path}:{line}: conflict in Question of card 'typein-sft'" in out
    assert "    Edited in Anki?" in out
    assert path.read_text(encoding="utf-8") == mine
    code, out = run("push", content, "--collection", collection, "-o", build)
    assert code == 1
    assert "edited in Anki since the last push; pull first" in out
    assert "nothing was pushed" in out

    code, out = run("pull", content, "--collection", collection, "--prefer", "anki", "-o", build)
    assert code == 0, out
    assert "## Edited in Anki?\n" in path.read_text(encoding="utf-8")


def test_tags_follow_anki_and_deleted_notes_are_reported(pushed: tuple[Path, Path]) -> None:
    content, collection = pushed
    col = open_collection(collection)
    note = col.get_note(col.find_notes("Id:typein-sft")[0])
    note.tags = [t for t in note.tags if t != "sft"] + ["studied"]
    col.update_note(note)
    col.remove_notes([col.find_notes("Id:cloze-sft-loss-mask")[0]])
    moved = col.decks.id("Elsewhere")
    assert moved is not None
    col.set_deck(col.find_cards("Id:lora-what-trains"), moved)
    col.close()
    code, out = run("pull", content, "--collection", collection, "-o", content.parent / "build")
    assert code == 0, out
    text = (content / CARD).read_text(encoding="utf-8")
    assert "<!-- id: typein-sft; type: typein; tags: studied -->" in text
    assert "card 'cloze-sft-loss-mask' was deleted in Anki" in out
    assert "<!-- id: cloze-sft-loss-mask" in text
    assert "card 'lora-what-trains' was moved in Anki to Elsewhere; it stays in" in out


def test_crlf_files_keep_their_line_endings(tmp_path: Path) -> None:
    content = copy_sample(tmp_path / "content")
    path = content / CARD
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    collection = _new_collection(tmp_path / "c.anki2")
    assert run("push", content, "--collection", collection, "-o", tmp_path / "b")[0] == 0
    _edit(collection, "Id:typein-sft", Hint="A <i>hint</i> from Anki")
    code, out = run("pull", content, "--collection", collection, "-o", tmp_path / "b")
    assert code == 0, out
    data = path.read_bytes()
    assert b"### Hint\r\n\r\nA *hint* from Anki\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_a_custom_note_type_is_pulled_field_by_field(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", custom_tree())
    collection = _new_collection(tmp_path / "c.anki2")
    code, out = run("push", content, "--collection", collection, "-o", tmp_path / "b")
    assert code == 0, out
    _edit(collection, "Capital:Paris", Language="French (<b>official</b>)")
    code, out = run("pull", content, "--collection", collection, "-o", tmp_path / "b")
    assert code == 0, out
    text = (content / "countries.md").read_text(encoding="utf-8")
    assert "### Language\n\nFrench (**official**)\n\n### Notes" in text
    assert run("check", content)[0] == 0


def test_a_collection_open_in_anki_is_refused(tmp_path: Path) -> None:
    content = copy_sample(tmp_path / "content")
    collection = _new_collection(tmp_path / "c.anki2")
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from anki.collection import Collection; "
            "c = Collection(sys.argv[1]); print('open', flush=True); time.sleep(60)",
            str(collection),
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
            code, out = run("push", content, "--collection", collection, "-o", tmp_path / "b")
        finally:
            holder.kill()
    assert code == 1
    assert "the collection is open in a running Anki (it is locked)" in out
    assert "Traceback" not in out
    assert not record_path(content).exists()


def test_pull_without_a_push_says_so(tmp_path: Path) -> None:
    content = copy_sample(tmp_path / "content")
    collection = _new_collection(tmp_path / "c.anki2")
    code, out = run("pull", content, "--collection", collection)
    assert code == 1
    assert "no push recorded" in out


def test_a_note_added_in_anki_becomes_a_card_with_its_guid(pushed: tuple[Path, Path]) -> None:
    content, collection = pushed
    build = content.parent / "build"
    col = open_collection(collection)
    model = col.models.by_name("ankismith Basic")
    assert model is not None
    note = col.new_note(model)
    note["Question"] = "What does <b>RLHF</b> stand for?"
    note["Answer"] = "Reinforcement learning from human feedback."
    note.tags = ["added"]
    deck = col.decks.id_for_name("Fine-tuning Vocabulary::Alignment")
    assert deck is not None
    col.add_note(note, deck)
    guid = note.guid
    col.close()
    code, out = run("pull", content, "--collection", collection, "-o", build)
    assert code == 0, out
    assert "1 note added" in out
    added = (content / "Alignment" / "from-anki.md").read_text(encoding="utf-8")
    assert added.startswith("## What does **RLHF** stand for?\n<!-- id: what-does-rlhf-stand-for;")
    assert f"guid: {guid_value(guid)}" in added
    assert run("check", content)[0] == 0
    code, out = run("pull", content, "--collection", collection, "-o", build)
    assert "0 notes added, changed 0 files" in out
    code, out = run("push", content, "--collection", collection, "-o", build)
    assert code == 0, out
    assert "0 new notes" in out


def test_a_running_and_a_closed_anki_cannot_both_be_named(tmp_path: Path) -> None:
    code, out = run("push", tmp_path, "--collection", tmp_path / "c.anki2", "--anki-connect")
    assert (code, out.strip().splitlines()[-1][:40]) == (
        1,
        "Error: --anki-connect reaches a running ",
    )


def test_a_pull_that_would_fail_check_writes_nothing(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", custom_tree())
    collection = _new_collection(tmp_path / "c.anki2")
    assert run("push", content, "--collection", collection, "-o", tmp_path / "b")[0] == 0
    before = (content / "countries.md").read_bytes()
    _edit(collection, "Capital:Paris", Capital="")  # a required field, emptied in Anki
    code, out = run("pull", content, "--collection", collection, "-o", tmp_path / "b")
    assert code == 1
    assert "needs field 'Capital'" in out
    assert "the pull would make the deck fail check; nothing was written." in out
    assert (content / "countries.md").read_bytes() == before


def test_an_explanation_edited_in_anki_comes_back_without_the_report_link(
    tmp_path: Path,
) -> None:
    content = copy_sample(tmp_path / "content")
    with (content / "deck.yaml").open("a", encoding="utf-8") as file:
        file.write("repository: https://github.com/you/deck\n")
    collection = _new_collection(tmp_path / "collection.anki2")
    build = tmp_path / "build"
    code, out = run("push", content, "--collection", collection, "-o", build)
    assert code == 0, out
    col = open_collection(collection)
    try:
        note = col.get_note(col.find_notes("Id:typein-sft")[0])
        pushed = note["Explanation"]
    finally:
        col.close()
    assert 'class="report"' in pushed
    edited = pushed.replace("</section>", "<p>Added in <b>Anki</b>.</p></section>")
    _edit(collection, "Id:typein-sft", Explanation=edited)
    code, out = run("pull", content, "--collection", collection, "-o", build)
    assert code == 0, out
    text = (content / CARD).read_text(encoding="utf-8")
    assert "Added in **Anki**." in text
    assert "Report a mistake" not in text and "issues/new" not in text


def test_push_and_pull_one_deck_of_a_project_with_its_shared_note_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from tests.helpers import ROOT

    root = tmp_path / "capitals"
    shutil.copytree(ROOT / "examples" / "capitals", root)
    monkeypatch.chdir(root)
    collection = _new_collection(tmp_path / "collection.anki2")
    code, out = run("push", "--collection", collection)
    assert code == 1 and "several decks (europe, asia): name one with --deck" in out, out
    code, out = run("push", "--deck", "europe", "--collection", collection)
    assert code == 0, out
    assert "3 new notes, 0 updated, 0 unchanged" in out
    code, out = run("push", "--deck", "asia", "--collection", collection)
    assert code == 0, out
    assert "2 new notes, 0 updated, 0 unchanged" in out
    col = open_collection(collection)
    try:
        assert len(col.find_notes("deck:Capitals::Europe")) == 3
        assert len(col.find_notes("deck:Capitals::Asia")) == 2
        assert [m["name"] for m in col.models.all() if m["name"].startswith("Capital")] == [
            "Capital"
        ]
    finally:
        col.close()
    _edit(collection, "Country:France", Capital="Paris, on the Seine")
    code, out = run("pull", "--deck", "asia", "--collection", collection)
    assert code == 0 and "0 fields taken" in out, out
    code, out = run("pull", "--deck", "europe", "--collection", collection)
    assert code == 0, out
    assert "1 field taken, 0 notes added, changed 1 file, 0 conflicts" in out
    assert "Paris, on the Seine" in (root / "decks" / "europe" / "capitals.md").read_text()
    code, out = run("push", "--deck", "europe", "--collection", collection)
    assert code == 0 and "0 new notes" in out, out


def test_a_push_of_a_variant_carries_an_edit_made_in_the_deck_it_extends(
    tmp_path: Path,
) -> None:
    core, extended = tmp_path / "core", tmp_path / "extended"
    write_files(
        core,
        {
            "deck.yaml": "name: Variants\nid: variants-k3v9qd\n",
            "basics.md": "## What is 2 + 2?\n<!-- id: sum -->\n\n### Answer\n\n4\n",
        },
    )
    write_files(
        extended,
        {
            "deck.yaml": "name: Variants\nid: variants-k3v9qd\nextends: ../core\n",
            "more.md": "## What is 3 + 3?\n<!-- id: more -->\n\n### Answer\n\n6\n",
        },
    )
    collection = _new_collection(tmp_path / "collection.anki2")
    build = tmp_path / "build"
    code, out = run("push", extended, "--collection", collection, "-o", build)
    assert code == 0 and "2 new notes, 0 updated" in out, out
    time.sleep(1)  # the edit is newer than the push
    (core / "basics.md").write_text(
        "## What is 2 + 2?\n<!-- id: sum -->\n\n### Answer\n\nfour\n", encoding="utf-8"
    )
    code, out = run("push", extended, "--collection", collection, "-o", build)
    assert code == 0 and "0 new notes" in out, out
    col = open_collection(collection)
    try:
        assert col.note_count() == 2
        assert col.find_notes("four") and not col.find_notes("Answer:4")
    finally:
        col.close()
