"""``preset:`` in deck.yaml: the deck options preset the package offers learners. Pure.

Each key is one of Anki's deck options (``DeckConfig``), with the bounds Anki keeps it in
(``rslib/src/deckconfig/mod.rs``, ``ensure_deck_config_values_valid``: a value outside them is
silently reset to Anki's default, so here it is an error). ``apkg/presets.py`` writes it.
"""

from __future__ import annotations

import re

import msgspec

from ankismith.findings import Finding
from ankismith.parse.frontmatter import unknown_key
from ankismith.parse.options import Reading


class PresetKey(msgspec.Struct, frozen=True):
    """One option of a preset: its kind and bounds, and what it means."""

    kind: str
    """``int``, ``number``, ``bool``, ``steps`` or a choice as ``a|b``."""
    low: float = 0
    """Least value (for numbers; for steps, in minutes, exclusive)."""
    high: float = 0
    """Greatest value."""
    meaning: str = ""
    """What it sets, for docs and the JSON Schema."""


DAYS = 36_500
PRESET_KEYS: dict[str, PresetKey] = {
    "new_per_day": PresetKey("int", 0, 9999, "New cards a day (Anki: 20)."),
    "reviews_per_day": PresetKey("int", 0, 9999, "Reviews a day (Anki: 200)."),
    "learning_steps": PresetKey("steps", 0, DAYS * 1440, "Learning steps (Anki: [1m, 10m])."),
    "relearning_steps": PresetKey("steps", 0, DAYS * 1440, "Relearning steps (Anki: [10m])."),
    "graduating_interval": PresetKey("int", 1, DAYS, "Days after the last step (Anki: 1)."),
    "easy_interval": PresetKey("int", 1, DAYS, "Days after Easy on a new card (Anki: 4)."),
    "maximum_interval": PresetKey("int", 1, DAYS, "Longest interval in days (Anki: 36500)."),
    "minimum_interval": PresetKey("int", 1, DAYS, "Shortest interval after a lapse (Anki: 1)."),
    "starting_ease": PresetKey("number", 1.31, 5.0, "SM-2 starting ease (Anki: 2.5)."),
    "easy_bonus": PresetKey("number", 1.0, 5.0, "SM-2 easy bonus (Anki: 1.3)."),
    "interval_modifier": PresetKey("number", 0.5, 2.0, "SM-2 interval modifier (Anki: 1)."),
    "hard_interval": PresetKey("number", 0.5, 1.3, "SM-2 hard interval (Anki: 1.2)."),
    "new_interval": PresetKey("number", 0.0, 1.0, "SM-2 interval kept after a lapse (Anki: 0)."),
    "desired_retention": PresetKey("number", 0.7, 0.99, "FSRS desired retention (Anki: 0.9)."),
    "leech_threshold": PresetKey("int", 1, 9999, "Lapses that make a leech (Anki: 8)."),
    "leech_action": PresetKey("tag|suspend", meaning="Tag or suspend leeches (Anki: tag)."),
    "bury_new_siblings": PresetKey("bool", meaning="Bury new siblings (Anki: false)."),
    "bury_review_siblings": PresetKey("bool", meaning="Bury review siblings (Anki: false)."),
    "bury_interday_siblings": PresetKey(
        "bool", meaning="Bury interday learning siblings (Anki: false)."
    ),
    "new_card_order": PresetKey("due|random", meaning="Insertion order (Anki: due)."),
    "autoplay": PresetKey("bool", meaning="Play audio and text to speech at once (Anki: true)."),
    "maximum_answer_seconds": PresetKey("int", 1, 9999, "Answer time counted (Anki: 60)."),
}
"""Every key of ``preset:`` besides ``name``, in the order the docs list them."""

_STEP = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*([smhd])$")
_MINUTES = {"s": 1 / 60, "m": 1.0, "h": 60.0, "d": 1440.0}
MAX_NAME = 200


class Preset(msgspec.Struct, frozen=True):
    """A deck options preset, its options as written (steps in minutes)."""

    name: str
    """The preset's name in Anki's deck options."""
    options: tuple[tuple[str, object], ...]
    """(key of ``PRESET_KEYS``, value), sorted by key; the keys left out keep Anki's default."""

    def get(self, key: str, default: object = None) -> object:
        """Return one option's value, or ``default`` when it is left out."""
        return dict(self.options).get(key, default)


def _step(value: object) -> float | None:
    """Return a step (``30s``, ``10m``, ``1h``, ``2d``, or minutes as a number) in minutes."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    match = _STEP.fullmatch(str(value).strip())
    return float(match.group(1)) * _MINUTES[match.group(2)] if match else None


def _value(key: str, value: object) -> tuple[object, str | None]:
    """Return an option's value read, or what is wrong with it."""
    spec = PRESET_KEYS[key]
    low, high = spec.low, spec.high
    if spec.kind == "bool":
        return (value, None) if isinstance(value, bool) else (None, f"'{key}' is true or false")
    if "|" in spec.kind:
        choices = spec.kind.split("|")
        if value not in choices:
            return None, f"'{key}' is {' or '.join(choices)}"
        return value, None
    if spec.kind == "steps":
        items = value if isinstance(value, list) else [value]
        steps = [_step(item) for item in items]
        if not all(s is not None and low < s <= high for s in steps):
            return None, (
                f"'{key}' lists steps such as [1m, 10m, 1d] (s, m, h or d; more than 0, at most "
                f"{DAYS} days)"
            )
        return tuple(s for s in steps if s is not None), None
    whole = spec.kind == "int"
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (whole and not isinstance(value, int))
        or not low <= value <= high
    ):
        what = "a whole number" if whole else "a number"
        bounds = f"{low:g} to {high:g}"
        return None, f"'{key}' is {what} from {bounds}; Anki resets anything else to its default"
    return value, None


def preset_value(key: str, value: object) -> tuple[object, str | None]:
    """Return an option's value as ``preset:`` reads it (steps in minutes), or what is wrong."""
    return _value(key, value)


def read_preset(value: object, r: Reading) -> tuple[Preset | None, list[Finding]]:
    """Read ``preset:``, each problem at its key's line."""
    if value is None:
        return None, []
    where = r.at("preset")
    if not isinstance(value, dict):
        message = "'preset' maps deck options to values, such as {new_per_day: 10}"
        return None, [Finding(where, message)]
    found: list[Finding] = []
    name = value.get("name", r.values.get("name"))
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        message = f"preset: 'name' is the preset's name in Anki, a text of 1 to {MAX_NAME}"
        found.append(Finding(r.at("name", where.line), message))
    options: list[tuple[str, object]] = []
    for key, item in value.items():
        key = str(key)
        if key == "name":
            continue
        if key not in PRESET_KEYS:
            message = "preset: " + unknown_key(key, ("name", *PRESET_KEYS))
            found.append(Finding(r.at(key, where.line), message, "unknown-key"))
            continue
        read, problem = _value(key, item)
        if problem:
            found.append(Finding(r.at(key, where.line), f"preset: {problem}"))
        else:
            options.append((key, read))
    if found or not isinstance(name, str):
        return None, found
    return Preset(name.strip(), tuple(sorted(options))), []
