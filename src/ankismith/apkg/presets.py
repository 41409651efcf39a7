"""The deck options preset a package offers (``deck.yaml`` ``preset:``), in the collection.

The preset is a ``dconf`` entry of the collection (schema 11) with an id derived from the deck
id, and every deck of the package names it as its ``conf``. Anki's importer adds it only when
the learner ticks "Import any deck presets", only when no preset of that id exists yet (it never
updates one), and only then points the decks at it; otherwise the decks keep the learner's own
presets. Options left out take Anki's defaults (``DEFAULT_DECK_CONFIG_INNER``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ankismith.notetypes.builtin import stable_id
from ankismith.parse.preset import Preset

_LEECH = {"suspend": 0, "tag": 1}
_ORDER = {"random": 0, "due": 1}


def preset_id(namespace: str) -> int:
    """Return the preset's id, derived from the deck id: the same every build, never 1."""
    return stable_id(f"ankismith/preset/{namespace}")


def _minutes(steps: object) -> list[float]:
    return [float(s) for s in steps] if isinstance(steps, tuple | list) else []


def preset_conf(preset: Preset, ident: int, mtime: int) -> dict[str, object]:
    """Return the preset as Anki's schema-11 ``dconf`` entry, with Anki's defaults filled in."""
    get = preset.get
    return {
        "id": ident,
        "mod": mtime,
        "name": preset.name,
        "usn": -1,
        "maxTaken": get("maximum_answer_seconds", 60),
        "autoplay": get("autoplay", True),
        "timer": 0,
        "replayq": True,
        "dyn": False,
        "new": {
            "bury": get("bury_new_siblings", False),
            "delays": _minutes(get("learning_steps", (1.0, 10.0))),
            "initialFactor": round(float(str(get("starting_ease", 2.5))) * 1000),
            "ints": [get("graduating_interval", 1), get("easy_interval", 4), 0],
            "order": _ORDER[str(get("new_card_order", "due"))],
            "perDay": get("new_per_day", 20),
        },
        "rev": {
            "bury": get("bury_review_siblings", False),
            "ease4": get("easy_bonus", 1.3),
            "ivlFct": get("interval_modifier", 1.0),
            "maxIvl": get("maximum_interval", 36500),
            "perDay": get("reviews_per_day", 200),
            "hardFactor": get("hard_interval", 1.2),
        },
        "lapse": {
            "delays": _minutes(get("relearning_steps", (10.0,))),
            "leechAction": _LEECH[str(get("leech_action", "tag"))],
            "leechFails": get("leech_threshold", 8),
            "minInt": get("minimum_interval", 1),
            "mult": get("new_interval", 0.0),
        },
        "buryInterdayLearning": get("bury_interday_siblings", False),
        "desiredRetention": get("desired_retention", 0.9),
    }


def add_preset(
    conn: sqlite3.Connection, preset: Preset, namespace: str, mtime: int, decks: Iterable[int]
) -> None:
    """Add ``preset`` to the collection's deck options and make it the options of ``decks``."""
    ident = preset_id(namespace)
    (raw_conf, raw_decks) = conn.execute("select dconf, decks from col").fetchone()
    confs, by_id = json.loads(raw_conf), json.loads(raw_decks)
    confs[str(ident)] = preset_conf(preset, ident, mtime)
    for deck_id in decks:
        by_id[str(deck_id)]["conf"] = ident
    conn.execute("update col set dconf = ?, decks = ?", (json.dumps(confs), json.dumps(by_id)))
