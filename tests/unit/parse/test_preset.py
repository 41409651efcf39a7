"""deck.yaml's preset: read with Anki's bounds, each problem at its line; and as Anki's dconf."""

from __future__ import annotations

import pytest

from ankismith.apkg.presets import preset_conf, preset_id
from ankismith.parse.preset import Preset
from ankismith.parse.settings import load_settings

HEAD = "name: Capitals\nid: capitals-7f3k2q\n"


def read(text: str) -> tuple[Preset | None, list[str]]:
    settings, found = load_settings(HEAD + text, "deck.yaml")
    return (settings.preset if settings else None), [f"{f.location}: {f.message}" for f in found]


def test_a_preset_is_read_and_written_with_anki_s_defaults_for_what_it_leaves_out() -> None:
    preset, found = read(
        "preset:\n  new_per_day: 5\n  learning_steps: [30s, 10m, 1h, 1d]\n"
        "  desired_retention: 0.85\n  leech_action: suspend\n  bury_new_siblings: true\n"
    )
    assert found == [] and preset is not None
    assert preset.name == "Capitals"  # the deck's name
    conf = preset_conf(preset, 42, 1700000000)
    assert conf["new"] == {
        "bury": True,
        "delays": [0.5, 10.0, 60.0, 1440.0],
        "initialFactor": 2500,
        "ints": [1, 4, 0],
        "order": 1,
        "perDay": 5,
    }
    assert conf["rev"] == {
        "bury": False,
        "ease4": 1.3,
        "ivlFct": 1.0,
        "maxIvl": 36500,
        "perDay": 200,
        "hardFactor": 1.2,
    }
    assert conf["lapse"] == {
        "delays": [10.0],
        "leechAction": 0,
        "leechFails": 8,
        "minInt": 1,
        "mult": 0.0,
    }
    assert (conf["desiredRetention"], conf["name"], conf["id"]) == (0.85, "Capitals", 42)


def test_the_preset_id_is_derived_from_the_deck_id() -> None:
    assert preset_id("capitals-7f3k2q") == preset_id("capitals-7f3k2q") != preset_id("other")
    assert preset_id("capitals-7f3k2q") > 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("preset:\n  new_per_day: -1\n", "deck.yaml:4: preset: 'new_per_day' is a whole number"),
        ("preset:\n  new_per_day: 2.5\n", "deck.yaml:4: preset: 'new_per_day' is a whole number"),
        ("preset:\n  desired_retention: 0.995\n", "deck.yaml:4: preset: 'desired_retention' is"),
        ("preset:\n  desired_retention: 0.6\n", "deck.yaml:4: preset: 'desired_retention' is"),
        ("preset:\n  name: x\n  maximum_interval: 0\n", "deck.yaml:5: preset: 'maximum_interval'"),
        ("preset:\n  learning_steps: [0m]\n", "deck.yaml:4: preset: 'learning_steps' lists"),
        ("preset:\n  learning_steps: [10 minutes]\n", "deck.yaml:4: preset: 'learning_steps'"),
        ("preset:\n  leech_action: delete\n", "deck.yaml:4: preset: 'leech_action' is tag or"),
        ("preset:\n  autoplay: sometimes\n", "deck.yaml:4: preset: 'autoplay' is true or false"),
        ("preset:\n  new_per_dya: 3\n", "deck.yaml:4: preset: unknown key 'new_per_dya'"),
        ("preset:\n  name: ''\n", "deck.yaml:4: preset: 'name' is the preset's name"),
        ("preset: 20\n", "deck.yaml:3: 'preset' maps deck options to values"),
    ],
)
def test_values_anki_would_refuse_are_errors_at_their_line(text: str, expected: str) -> None:
    preset, found = read(text)
    assert preset is None and any(f.startswith(expected) for f in found), found
