"""The preview page's own words (buttons, counts, notes) in the deck's language. Pure.

The language is chosen as for the card labels (``notetypes/labels.py``): ``translation_for``
picks the shipped translation nearest the deck's ``language`` (``fr-CA`` gets French), and the
page carries the deck's ``lang`` and ``dir``. The words live in ``labels/<tag>.yaml``, one file
per language of the card labels, each with the keys of ``labels/en.yaml``; a key a file lacks
is English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ankismith.notetypes.labels import DEFAULT, Labels, translation_for

# The package's own folder, not importlib.resources: that costs more to import than its use.
_FOLDER = Path(__file__).parent / "labels"


@dataclass(frozen=True, slots=True)
class Chrome:
    """The words of one preview, and the ``lang`` and ``dir`` of its page."""

    texts: Mapping[str, str]
    """Text of every key, ``{name}`` standing for a value."""
    language: str = DEFAULT
    """The page's ``lang``."""
    direction: str = "ltr"
    """The page's ``dir``."""

    def __call__(self, key: str, **values: object) -> str:
        """Return the text of ``key`` with its values filled in (plain text, not escaped)."""
        text = self.texts[key]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def count(self, n: int, what: str) -> str:
        """Return ``n`` notes or cards (``what``: ``note`` or ``card``): '1 note', '64 cards'."""
        return self(what if n == 1 else what + "s", n=n)


@cache
def _words(tag: str) -> dict[str, str]:
    """Return the words of ``labels/<tag>.yaml``; empty when there is no such file."""
    entry = _FOLDER / f"{tag}.yaml"
    if not entry.is_file():
        return {}
    # libyaml's loader where PyYAML has it, as notetypes/labels.py reads its translations.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(entry.read_text(encoding="utf-8"), Loader=loader)
    return {str(k): str(v) for k, v in data.items()}


def languages() -> tuple[str, ...]:
    """Return the language tag of every translation of the preview's words, sorted."""
    names = (entry.name for entry in _FOLDER.iterdir())
    return tuple(sorted(n.removesuffix(".yaml") for n in names if n.endswith(".yaml")))


def chrome(language: str) -> Chrome:
    """Return the preview's words for a deck whose ``language`` is this BCP 47 tag ("" none)."""
    if not language:
        return ENGLISH
    chosen = translation_for(language) or DEFAULT
    labels = Labels({}, language, chosen)
    return Chrome({**_words(DEFAULT), **_words(chosen)}, language, labels.direction)


ENGLISH = Chrome(_words(DEFAULT))
"""The words of a deck without ``language``."""
