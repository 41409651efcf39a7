"""The deck options preset of an imported package, as ``deck.yaml``'s ``preset:``. Pure.

A package exported with its deck presets holds, besides Anki's default (id 1), the preset its
decks use, as a schema-11 ``dconf`` entry (``apkg/contents.py`` reads it). Its options come back
as the keys of ``preset:`` (``parse/preset.py``), only those that differ from Anki's defaults,
read where ``apkg/presets.py`` writes them, so a rebuild ships the same values.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ankismith.apkg.presets import preset_conf
from ankismith.parse.preset import PRESET_KEYS, Preset, preset_value

PLACES: dict[str, tuple[str, ...]] = {
    "new_per_day": ("new", "perDay"),
    "reviews_per_day": ("rev", "perDay"),
    "learning_steps": ("new", "delays"),
    "relearning_steps": ("lapse", "delays"),
    "graduating_interval": ("new", "ints", "0"),
    "easy_interval": ("new", "ints", "1"),
    "maximum_interval": ("rev", "maxIvl"),
    "minimum_interval": ("lapse", "minInt"),
    "starting_ease": ("new", "initialFactor"),
    "easy_bonus": ("rev", "ease4"),
    "interval_modifier": ("rev", "ivlFct"),
    "hard_interval": ("rev", "hardFactor"),
    "new_interval": ("lapse", "mult"),
    "desired_retention": ("desiredRetention",),
    "leech_threshold": ("lapse", "leechFails"),
    "leech_action": ("lapse", "leechAction"),
    "bury_new_siblings": ("new", "bury"),
    "bury_review_siblings": ("rev", "bury"),
    "bury_interday_siblings": ("buryInterdayLearning",),
    "new_card_order": ("new", "order"),
    "autoplay": ("autoplay",),
    "maximum_answer_seconds": ("maxTaken",),
}
"""Where Anki's ``dconf`` entry keeps each key of ``preset:`` (``apkg/presets.py``)."""

_STEP_UNITS = ((1440.0, "d"), (60.0, "h"), (1.0, "m"), (1 / 60, "s"))


def _at(conf: object, place: Sequence[str]) -> object:
    for part in place:
        if isinstance(conf, list) and part.isdigit() and int(part) < len(conf):
            conf = conf[int(part)]
        elif isinstance(conf, dict):
            conf = conf.get(part)
        else:
            return None
    return conf


def _step(minutes: float) -> str | float:
    """Return a step as written in ``preset:``: ``30s``, ``10m``, ``1h``, ``2d``, else minutes."""
    for size, unit in _STEP_UNITS:
        count = minutes / size
        if count >= 1 and abs(count - round(count)) < 1e-9:
            return f"{round(count)}{unit}"
    return minutes


_CHOICES = {"leech_action": ("suspend", "tag"), "new_card_order": ("random", "due")}
"""The choices Anki keeps as numbers, in the order of their numbers."""


def _read(key: str, value: object) -> object:
    """Return a ``dconf`` value as ``preset:`` writes it; None when it is no such value."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if key in _CHOICES:
        names = _CHOICES[key]
        return names[value] if isinstance(value, int) and 0 <= value < len(names) else None
    if key == "starting_ease":
        return value / 1000 if number and isinstance(value, int | float) else None
    if key.endswith("_steps"):
        if isinstance(value, list) and all(isinstance(s, int | float) for s in value):
            return [_step(float(s)) for s in value]
        return None
    return value


def preset_options(name: str, raw: str) -> tuple[dict[str, object], list[str]]:
    """Return a package preset (its options as JSON) as ``preset:``, and the options left out.

    Only options that differ from Anki's defaults are kept; one Anki would refuse (a package
    not made by Anki) is left out and named.
    """
    conf = json.loads(raw)
    defaults = preset_conf(Preset(name, ()), 0, 0)
    found: dict[str, object] = {"name": name}
    dropped: list[str] = []
    for key in PRESET_KEYS:
        place = PLACES[key]
        value = _at(conf, place)
        if value is None or value == _at(defaults, place):
            continue
        shown = _read(key, value)
        if shown is None or preset_value(key, shown)[1] is not None:
            dropped.append(key)
            continue
        found[key] = shown
    return found, dropped
