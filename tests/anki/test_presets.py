"""deck.yaml's preset: in real Anki, imported with and without "Import any deck presets"."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from ankismith.apkg import buildtime
from ankismith.apkg.presets import preset_id
from ankismith.apkg.reader import read_package
from ankismith.release.diff import diff_packages
from tests.helpers import DECK_YAML, WriteTree, release, rich_tree
from tests.helpers_anki import open_collection

V1 = buildtime.LAYOUT_CHANGED + 86400
V2 = V1 + 86400
PRESET = """preset:
  name: Test preset
  new_per_day: 7
  reviews_per_day: 70
  learning_steps: [30s, 10m, 1h]
  relearning_steps: [5m]
  maximum_interval: 3650
  desired_retention: 0.85
  leech_action: suspend
"""


def install(col: Collection, apkg: Path, presets: bool) -> None:
    options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=presets)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options))


def config_of(col: Collection, name: str) -> dict[str, object]:
    deck = col.decks.by_name(name)
    assert deck is not None
    return dict(col.decks.config_dict_for_deck_id(deck["id"]))


def test_the_preset_arrives_only_with_the_import_option_and_is_never_updated(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    tree = rich_tree()
    tree["deck.yaml"] = DECK_YAML + PRESET
    apkg = release(write_tree(tree), tmp_path / "v1", V1)
    ident = preset_id("test-deck-7f3k2q")

    without = open_collection(tmp_path / "without.anki2")
    try:
        install(without, apkg, presets=False)
        assert config_of(without, "Test Deck")["id"] == 1
        assert config_of(without, "Test Deck::Sub")["id"] == 1
        assert all(c["name"] != "Test preset" for c in without.decks.all_config())
    finally:
        without.close()

    col = open_collection(tmp_path / "with.anki2")
    try:
        install(col, apkg, presets=True)
        for deck in ("Test Deck", "Test Deck::Sub"):
            conf = config_of(col, deck)
            assert (conf["id"], conf["name"]) == (ident, "Test preset")
        new, rev, lapse = (dict(conf[k]) for k in ("new", "rev", "lapse"))  # type: ignore[call-overload]
        assert (new["perDay"], rev["perDay"], rev["maxIvl"]) == (7, 70, 3650)
        assert new["delays"] == [0.5, 10.0, 60.0] and lapse["delays"] == [5.0]
        assert lapse["leechAction"] == 0
        assert abs(float(conf["desiredRetention"]) - 0.85) < 1e-6  # type: ignore[arg-type]

        # A later release with other values: Anki keeps the preset it has.
        tree["deck.yaml"] = DECK_YAML + PRESET.replace("new_per_day: 7", "new_per_day: 50")
        later = release(write_tree(tree), tmp_path / "v2", V2)
        install(col, later, presets=True)
        conf = config_of(col, "Test Deck")
        assert conf["id"] == ident and dict(conf["new"])["perDay"] == 7  # type: ignore[call-overload]
        # ... which diff says.
        diff = diff_packages(read_package(apkg), read_package(later))
        assert diff.presets == (("Test preset", "changed"),)
    finally:
        col.close()
