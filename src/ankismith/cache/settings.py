"""YAML parsed once and kept by its text, so a rebuild of the same settings needs no PyYAML.

PyYAML takes 15 ms to import. ``settings.json`` holds the mappings PyYAML read, without a YAML
problem, from the YAML texts the last build read (its ``deck.yaml``, the shipped translations
of its labels), each under the digest of its text, stamped with the code version and PyYAML's.
Only plain values are kept (text, whole numbers, finite decimals, booleans, null, lists and
mappings keyed by text), which JSON gives back exactly; a text holding a date, a set or bytes
is parsed each time. What a mapping's keys then mean, their findings and lines, is worked out
from the mapping and the text as on the full path (``parse/settings.py`` ``load_settings``).
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

from ankismith.cache.folder import code_version, library_version, read_json, write_json
from ankismith.parse.frontmatter import load_yaml_mapping

SETTINGS_FILE = "settings.json"


class KeptYaml:
    """The mappings kept in a cache folder, asked for by text; a build saves them as it ends."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.kept: dict[str, Any] | None = None
        self.asked: dict[str, str] = {}
        """The texts asked for, by digest."""

    def __call__(self, text: str) -> dict[str, Any] | None:
        """Return the mapping kept for ``text``, or None: the caller parses it with PyYAML."""
        if self.kept is None:
            found = read_json(self.folder / SETTINGS_FILE, _stamp())
            self.kept = found if isinstance(found, dict) else {}
        digest = _digest(text)
        self.asked[digest] = text
        mapping = self.kept.get(digest)
        return mapping if isinstance(mapping, dict) else None

    def save(self) -> None:
        """Keep the mappings of the texts asked for, parsing those not kept yet.

        Nothing is written when every text asked for was kept. A text with a YAML problem or a
        value JSON cannot hold exactly is kept as None: it is parsed each time.
        """
        kept = self.kept or {}
        if not self.asked or all(digest in kept for digest in self.asked):
            return
        mappings: dict[str, Any] = {}
        for digest, text in self.asked.items():
            if digest in kept:
                mappings[digest] = kept[digest]
                continue
            mapping, problems = load_yaml_mapping(text, SETTINGS_FILE, 1)
            # None: parsed each time, as on the full path (and not parsed again here).
            mappings[digest] = mapping if not problems and _plain(mapping) else None
        write_json(self.folder / SETTINGS_FILE, _stamp(), mappings)


def _stamp() -> str:
    """Return the version the kept mappings were parsed under: our code's and PyYAML's."""
    return f"{code_version()} pyyaml {library_version('PyYAML')}"


def _digest(text: str) -> str:
    """Return the digest the mapping of ``text`` is kept under."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _plain(value: Any) -> bool:
    """Return whether ``value`` comes back from JSON exactly as PyYAML gave it."""
    if value is None or isinstance(value, (str, bool)):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**64
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    return False
