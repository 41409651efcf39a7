"""The preview page's own words (buttons, counts, notes) in the deck's language. Pure.

The language is chosen as for the card labels (``notetypes/labels.py``): ``translation_for``
picks the shipped translation nearest the deck's ``language`` (``fr-CA`` gets French), and the
page carries the deck's ``lang`` and ``dir``. The words live in ``labels/<tag>.yaml``, one file
per language of the card labels, each with the keys of ``labels/en.yaml``; a key a file lacks
is English.

PyYAML is imported only to parse a file whose mapping is not kept: a preview updated in place
(``patch.py``) reads them through the mappings its record keeps by their text
(``kept_words``), so it imports no PyYAML.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from ankismith.model import Kept
from ankismith.notetypes.labels import DEFAULT, Labels, translation_for

# The package's own folder, not importlib.resources: that costs more to import than its use.
_FOLDER = Path(__file__).parent / "labels"


class Chrome(msgspec.Struct, frozen=True):
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


def _text(tag: str) -> str | None:
    """Return the text of ``labels/<tag>.yaml``, or None when there is no such file."""
    entry = _FOLDER / f"{tag}.yaml"
    return entry.read_text(encoding="utf-8") if entry.is_file() else None


@cache
def _parsed(tag: str) -> dict[str, str]:
    """Return the words of ``labels/<tag>.yaml``, parsed by PyYAML; empty when no such file."""
    text = _text(tag)
    if text is None:
        return {}
    import yaml  # here: a preview updated in place reads its words as its record keeps them

    # libyaml's loader where PyYAML has it, as notetypes/labels.py reads its translations.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)
    return {str(k): str(v) for k, v in data.items()}


def _words(tag: str, kept: Kept | None = None) -> dict[str, str]:
    """Return the words of ``labels/<tag>.yaml``; ``kept`` may give the mapping of its text."""
    if kept is None:
        return _parsed(tag)
    text = _text(tag)
    if text is None:
        return {}
    data = kept(text)
    if data is None:
        return _parsed(tag)
    return {str(k): str(v) for k, v in data.items()}


class _Lazy(Mapping[str, str]):
    """The words of ``labels/<tag>.yaml``, read when first asked for (no PyYAML at import)."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __getitem__(self, key: str) -> str:
        return _parsed(self.tag)[key]

    def __iter__(self) -> Iterator[str]:
        return iter(_parsed(self.tag))

    def __len__(self) -> int:
        return len(_parsed(self.tag))


def languages() -> tuple[str, ...]:
    """Return the language tag of every translation of the preview's words, sorted."""
    names = (entry.name for entry in _FOLDER.iterdir())
    return tuple(sorted(n.removesuffix(".yaml") for n in names if n.endswith(".yaml")))


def _chosen(language: str) -> str:
    """Return the tag of the translation of the preview's words for ``language``."""
    return translation_for(language) or DEFAULT


def chrome(language: str, kept: Kept | None = None) -> Chrome:
    """Return the preview's words for a deck whose ``language`` is this BCP 47 tag ("" none).

    ``kept`` gives the mappings read from the words' files before (``kept_words``), or None.
    """
    if not language:
        return ENGLISH if kept is None else Chrome(_words(DEFAULT, kept))
    chosen = _chosen(language)
    labels = Labels({}, language, chosen)
    texts = {**_words(DEFAULT, kept), **_words(chosen, kept)}
    return Chrome(texts, language, labels.direction)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def kept_words(language: str) -> dict[str, dict[str, str]]:
    """Return the mapping of each file ``chrome(language)`` reads, by the digest of its text.

    A preview's record keeps them (``patch.py``); ``keeper`` reads them back.
    """
    tags = dict.fromkeys((DEFAULT, _chosen(language) if language else DEFAULT))
    kept: dict[str, dict[str, str]] = {}
    for tag in tags:
        text = _text(tag)
        if text is not None:
            kept[_digest(text)] = _parsed(tag)
    return kept


def keeper(kept: Mapping[str, Any]) -> Kept:
    """Return what gives the mapping ``kept`` (``kept_words``, as recorded) holds for a text."""

    def find(text: str) -> Mapping[str, Any] | None:
        found = kept.get(_digest(text))
        return found if isinstance(found, dict) else None

    return find


ENGLISH = Chrome(_Lazy(DEFAULT))
"""The words of a deck without ``language``."""
