"""The decks of one project (examples/capitals) side by side in one real Anki collection."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.cli import main
from ankismith.parse.notetypes import custom_id
from tests.helpers import ROOT
from tests.helpers_anki import import_apkg, open_collection

EXAMPLE = ROOT / "examples" / "capitals"


def build(root: Path, epoch: int, *options: str) -> None:
    """Build the project at ``root`` (the working directory) at build time ``epoch``."""
    env = {"SOURCE_DATE_EPOCH": str(epoch), "ANKISMITH_CACHE_DIR": ""}
    result = CliRunner().invoke(main, ["build", *options], env=env)
    assert result.exit_code == 0, result.output


def test_two_decks_import_side_by_side_and_updates_keep_to_their_own_deck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "capitals"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.chdir(root)
    build(root, 1700000000)
    (tmp_path / "col").mkdir()
    col = open_collection(tmp_path / "col" / "collection.anki2")
    try:
        for name in ("europe", "asia"):
            log = import_apkg(col, root / "build" / f"{name}.apkg")
            assert len(log.new) == {"europe": 3, "asia": 2}[name]
            assert not log.conflicting and not log.updated and not log.duplicate
        europe = col.decks.id_for_name("Capitals::Europe")
        asia = col.decks.id_for_name("Capitals::Asia")
        assert europe and asia and europe != asia
        in_europe = sorted(col.find_notes("deck:Capitals::Europe"))
        in_asia = sorted(col.find_notes("deck:Capitals::Asia"))
        assert len(in_europe) == 3 and len(in_asia) == 2
        # One shared note type, not a copy per deck.
        capital = col.models.get(custom_id("capital-v1"))  # type: ignore[arg-type]
        assert capital is not None
        assert [m["name"] for m in col.models.all() if m["name"].startswith("Capital")] == [
            "Capital"
        ]
        assert {col.get_note(n).mid for n in in_europe + in_asia} == {capital["id"]}
        asia_before = {n: (col.get_note(n).fields, col.get_note(n).mod) for n in in_asia}

        # A later release of one deck updates its notes and leaves the other's alone.
        card = root / "decks" / "europe" / "capitals.md"
        card.write_text(card.read_text(encoding="utf-8").replace("Lisbon", "Lisboa"), "utf-8")
        build(root, 1800000000, "--deck", "europe")
        log = import_apkg(col, root / "build" / "europe.apkg")
        assert len(log.updated) == 3 and not log.new and not log.conflicting
        assert {n: (col.get_note(n).fields, col.get_note(n).mod) for n in in_asia} == asia_before
        assert sorted(col.find_notes("deck:Capitals::Asia")) == in_asia
        assert sorted(col.find_notes("deck:Capitals::Europe")) == in_europe
        assert col.find_notes("Lisboa") and not col.find_notes("Tokyo deck:Capitals::Europe")
        assert col.note_count() == 5
    finally:
        col.close()


def test_verify_reads_the_settings_of_the_deck_a_package_is_named_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "capitals"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.chdir(root)
    build(root, 1700000000)
    runner = CliRunner()
    for name in ("europe", "asia"):
        result = runner.invoke(main, ["verify", f"build/{name}.apkg"])
        assert result.exit_code == 0, result.output
    shutil.copy(root / "build" / "asia.apkg", root / "release.apkg")
    unnamed = runner.invoke(main, ["verify", "release.apkg"])
    assert unnamed.exit_code == 1
    assert "ankismith.yaml: several decks (europe, asia): name one with --deck" in unnamed.output
    named = runner.invoke(main, ["verify", "release.apkg", "--deck", "asia"])
    assert named.exit_code == 0, named.output


def test_a_learner_moving_from_core_to_the_extended_variant_keeps_every_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "variants"
    root.mkdir()
    shutil.copytree(EXAMPLE / "shared", root / "shared")
    europe = (EXAMPLE / "decks" / "europe" / "capitals.md").read_text(encoding="utf-8")
    first, more = europe.split("## Portugal")
    settings = "name: Capitals\nid: capitals-k3v9qd\ntype: capital\n"
    (root / "decks" / "core").mkdir(parents=True)
    (root / "decks" / "core" / "deck.yaml").write_text(settings, encoding="utf-8")
    (root / "decks" / "core" / "capitals.md").write_text(first, encoding="utf-8")
    (root / "decks" / "extended").mkdir()
    (root / "decks" / "extended" / "deck.yaml").write_text(
        settings + "extends: ../core\n", encoding="utf-8"
    )
    (root / "decks" / "extended" / "more.md").write_text("## Portugal" + more, encoding="utf-8")
    (root / "ankismith.yaml").write_text(
        "decks:\n  core: decks/core\n  extended: decks/extended\nshared: shared\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    build(root, 1700000000)
    (tmp_path / "col").mkdir()
    col = open_collection(tmp_path / "col" / "collection.anki2")
    try:
        assert len(import_apkg(col, root / "build" / "core.apkg").new) == 2
        cards = sorted(col.find_cards(""))
        for card_id in cards:
            card = col.get_card(card_id)
            card.start_timer()
            col.sched.answerCard(card, 3)
        assert col.db is not None
        reviews = col.db.all("select cid, ease from revlog order by cid")
        due = {c: (col.get_card(c).ivl, col.get_card(c).due) for c in cards}

        log = import_apkg(col, root / "build" / "extended.apkg")
        assert len(log.new) == 1 and not log.conflicting and not log.updated
        assert len(log.duplicate) == 2  # core's two notes, matched by GUID, unchanged
        assert col.note_count() == 3 and col.card_count() == 3
        assert col.db.all("select cid, ease from revlog order by cid") == reviews
        assert {c: (col.get_card(c).ivl, col.get_card(c).due) for c in cards} == due
        assert len(col.find_cards('"deck:Capitals"')) == 3
        assert col.find_notes("Lisbon") and col.find_notes("Paris")
    finally:
        col.close()


def test_verify_against_reports_a_card_moved_to_another_deck_of_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ankismith.apkg.reader import read_package

    root = tmp_path / "capitals"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.chdir(root)
    build(root, 1700000000, "--deck", "europe")
    released = (root / "build" / "europe.apkg").rename(root / "v1-europe.apkg")
    guid = {dict(n.fields)["Country"]: n.guid for n in read_package(released).notes}["Portugal"]
    europe = root / "decks" / "europe" / "capitals.md"
    text = europe.read_text(encoding="utf-8")
    europe.write_text(text[: text.index("## Portugal")], encoding="utf-8")
    asia = root / "decks" / "asia" / "capitals.md"
    asia.write_text(
        asia.read_text(encoding="utf-8")
        + f'\n## Portugal\n<!-- id: portugal; guid: "{guid}" -->\n\n### Capital\n\nLisbon\n',
        encoding="utf-8",
    )
    build(root, 1800000000)
    result = CliRunner().invoke(
        main, ["verify", "build/europe.apkg", "--against", "v1-europe.apkg"]
    )
    assert result.exit_code == 1, result.output
    assert "moved to deck 'asia' of the project with its GUID" in result.output
    assert "[left-deck]" in result.output
