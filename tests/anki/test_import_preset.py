"""``import`` writes the package's deck options preset as ``preset:``; a rebuild ships it again."""

from __future__ import annotations

from pathlib import Path

import yaml
from anki.collection import Collection, DeckIdLimit, ExportAnkiPackageOptions

from ankismith.importing.preset import PLACES
from tests.anki.roundtrip import add, import_cli
from tests.anki.test_presets import config_of, install
from tests.helpers import release
from tests.helpers_anki import open_collection

REBUILD = 1800000000


def _at(conf: object, place: tuple[str, ...]) -> object:
    for part in place:
        conf = conf[int(part)] if isinstance(conf, list) else dict(conf)[part]  # type: ignore[call-overload]
    return conf


def physics(tmp: Path, custom: bool = True) -> tuple[Path, dict[str, object]]:
    """Export a deck of Anki, with its own preset when ``custom``; return it and the preset."""
    col: Collection = open_collection(tmp / "author.anki2")
    try:
        deck = col.decks.id("Physics")
        assert deck is not None
        col.decks.id("Physics::Waves")
        add(col, "Basic", "Physics", [], Front="What is a joule?", Back="A unit of energy")
        add(col, "Basic", "Physics::Waves", [], Front="What is a hertz?", Back="One per second")
        if custom:
            conf = col.decks.get_config(col.decks.add_config_returning_id("Physics preset"))
            assert conf is not None
            conf["new"]["perDay"] = 7
            conf["new"]["delays"] = [0.5, 30.0, 1440.0]
            conf["new"]["initialFactor"] = 2300
            conf["new"]["bury"] = True
            conf["lapse"]["leechAction"] = 0
            conf["rev"]["maxIvl"] = 3650
            conf["desiredRetention"] = 0.85
            col.decks.update_config(conf)
            for name in ("Physics", "Physics::Waves"):
                found = col.decks.by_name(name)
                assert found is not None
                found["conf"] = conf["id"]
                col.decks.save(found)
        options = ExportAnkiPackageOptions(
            with_scheduling=False, with_media=True, legacy=True, with_deck_configs=True
        )
        apkg = tmp / "physics.apkg"
        col.export_anki_package(out_path=str(apkg), options=options, limit=DeckIdLimit(deck))
        return apkg, config_of(col, "Physics")
    finally:
        col.close()


def test_a_deck_preset_comes_back_as_preset_and_ships_again(tmp_path: Path) -> None:
    apkg, original = physics(tmp_path)
    import_cli(apkg, tmp_path / "project")
    text = (tmp_path / "project" / "deck.yaml").read_text(encoding="utf-8")
    assert 'tick "Import any deck presets"' in text
    assert yaml.safe_load(text)["preset"] == {
        "name": "Physics preset",
        "new_per_day": 7,
        "learning_steps": ["30s", "30m", "1d"],
        "maximum_interval": 3650,
        "starting_ease": 2.3,
        "desired_retention": 0.85,
        "leech_action": "suspend",
        "bury_new_siblings": True,
    }
    rebuilt = release(tmp_path / "project", tmp_path / "rebuilt", REBUILD)
    learner = open_collection(tmp_path / "learner.anki2")
    try:
        install(learner, rebuilt, presets=True)
        for deck in ("Physics", "Physics::Waves"):
            shipped = config_of(learner, deck)
            assert shipped["name"] == "Physics preset"
            for key, place in PLACES.items():
                assert _at(shipped, place) == _at(original, place), key
    finally:
        learner.close()


def test_a_deck_on_the_default_preset_writes_none(tmp_path: Path) -> None:
    apkg, _ = physics(tmp_path, custom=False)
    import_cli(apkg, tmp_path / "project")
    assert "preset" not in (tmp_path / "project" / "deck.yaml").read_text(encoding="utf-8")
