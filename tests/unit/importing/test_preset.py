"""A package's deck options preset read back as ``preset:``: only what differs from Anki's."""

from __future__ import annotations

import json

from ankismith.apkg.presets import preset_conf
from ankismith.importing.preset import preset_options
from ankismith.parse.preset import Preset


def test_what_we_write_reads_back_the_same() -> None:
    options = (
        ("learning_steps", (0.5, 10.0, 120.0, 2880.0)),
        ("leech_action", "suspend"),
        ("new_card_order", "random"),
        ("new_per_day", 5),
        ("starting_ease", 2.1),
    )
    conf = preset_conf(Preset("Mine", options), 12, 0)
    found, dropped = preset_options("Mine", json.dumps(conf))
    assert dropped == []
    assert found == {
        "name": "Mine",
        "new_per_day": 5,
        "learning_steps": ["30s", "10m", "2h", "2d"],
        "starting_ease": 2.1,
        "leech_action": "suspend",
        "new_card_order": "random",
    }


def test_anki_defaults_are_left_out_and_refused_values_named() -> None:
    conf = preset_conf(Preset("Mine", ()), 12, 0)
    assert preset_options("Mine", json.dumps(conf)) == ({"name": "Mine"}, [])
    conf["desiredRetention"] = 1.5
    conf["new"] = {**conf["new"], "perDay": "many"}  # type: ignore[dict-item]
    assert preset_options("Mine", json.dumps(conf)) == (
        {"name": "Mine"},
        ["new_per_day", "desired_retention"],
    )
