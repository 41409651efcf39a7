"""The decks of one project side by side in one real Anki collection.

examples/capitals, and two decks in two languages, each with its own copies of our note types
(note_type_ids: own).
"""

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


def _language_deck(root: Path, key: str, name: str, language: str, answer: str) -> None:
    """Write a deck of ``root``'s project in ``language``, with our own note types' copies."""
    folder = root / "decks" / key
    folder.mkdir(parents=True)
    (folder / "deck.yaml").write_text(
        f"name: {name}\nid: geo-{key}-q4z8rw\nlanguage: {language}\nnote_type_ids: own\n",
        encoding="utf-8",
    )
    (folder / "cards.md").write_text(
        f"## Paris?\n<!-- id: paris -->\n\n### Answer\n\n{answer}\n\n"
        "## Berlin\n<!-- id: berlin; type: cloze -->\n\n{{c1::Berlin}} ist/est capitale.\n",
        encoding="utf-8",
    )


def test_decks_in_two_languages_with_note_types_of_their_own_keep_to_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ankismith.model import NoteKind
    from ankismith.notetypes.builtin import NOTE_TYPES, Owner

    root = tmp_path / "geography"
    _language_deck(root, "de", "Geographie", "de", "Frankreich")
    _language_deck(root, "fr", "Géographie", "fr", "France")
    (root / "ankismith.yaml").write_text("decks:\n  de: decks/de\n  fr: decks/fr\n", "utf-8")
    monkeypatch.chdir(root)
    build(root, 1700000000)
    (tmp_path / "col").mkdir()
    col = open_collection(tmp_path / "col" / "collection.anki2")
    try:
        log = import_apkg(col, root / "build" / "de.apkg")
        assert len(log.new) == 2 and not log.conflicting
        german = {m["id"]: m for m in col.models.all() if m["name"].startswith("ankismith")}
        log = import_apkg(col, root / "build" / "fr.apkg")
        assert len(log.new) == 2
        assert not log.conflicting and not log.updated and not log.duplicate
        ours = {m["id"]: m for m in col.models.all() if m["name"].startswith("ankismith")}
        # Four note types: basic and cloze, a copy per deck, none of them the shared ids.
        expected = {
            Owner(f"geo-{key}-q4z8rw", name).id(kind): f"{NOTE_TYPES[kind].name} ({name})"
            for key, name in (("de", "Geographie"), ("fr", "Géographie"))
            for kind in (NoteKind.BASIC, NoteKind.CLOZE)
        }
        assert {i: m["name"] for i, m in ours.items()} == expected
        # The French import left the German note types exactly as they were.
        assert {i: ours[i] for i in german} == german
        for deck, label, lang in (("Geographie", "Antwort", "de"), ("Géographie", "Réponse", "fr")):
            notes = col.find_notes(f'"deck:{deck}"')
            assert len(notes) == 2
            assert {col.get_note(n).mid for n in notes} <= {
                i for i, name in expected.items() if name.endswith(f"({deck})")
            }
            (basic,) = col.find_cards(f'"deck:{deck}" Paris')
            answer = col.get_card(basic).answer()
            assert f">{label}<" in answer and f'lang="{lang}"' in answer
            other = {"Antwort": "Réponse", "Réponse": "Antwort"}[label]
            assert f">{other}<" not in answer

        # A later release of one deck updates its own note types, never the other's.
        cards = root / "decks" / "fr" / "cards.md"
        cards.write_text(cards.read_text(encoding="utf-8").replace("France", "La France"))
        build(root, 1800000000, "--deck", "fr")
        log = import_apkg(col, root / "build" / "fr.apkg")
        assert len(log.updated) == 2 and not log.new and not log.conflicting
        assert col.find_notes('"deck:Géographie" "La France"')
        after = {m["id"]: m for m in col.models.all() if m["name"].startswith("ankismith")}
        assert {i: after[i] for i in german} == german
        assert col.note_count() == 4
    finally:
        col.close()


def test_without_note_types_of_their_own_the_deck_imported_last_restyles_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Why the project refuses it: built one folder at a time, past the clash check.
    root = tmp_path / "geography"
    _language_deck(root, "de", "Geographie", "de", "Frankreich")
    _language_deck(root, "fr", "Géographie", "fr", "France")
    for key in ("de", "fr"):
        settings = root / "decks" / key / "deck.yaml"
        settings.write_text(settings.read_text().replace("note_type_ids: own\n", ""))
    monkeypatch.chdir(root)
    for key, epoch in (("de", 1700000000), ("fr", 1800000000)):  # the French one released later
        build(root, epoch, f"decks/{key}", "-o", f"build/{key}.apkg")
    (tmp_path / "col").mkdir()
    col = open_collection(tmp_path / "col" / "collection.anki2")
    try:
        import_apkg(col, root / "build" / "de.apkg")
        (german,) = col.find_cards('"deck:Geographie" Paris')
        assert ">Antwort<" in col.get_card(german).answer()
        import_apkg(col, root / "build" / "fr.apkg")
        assert ">Réponse<" in col.get_card(german).answer()  # the French labels, on German cards
    finally:
        col.close()
