"""Card labels in the deck's language: shipped translations, placeholders, ``lang`` and ``dir``.

Templates and the label stylesheet hold placeholders, filled at build time: ``[[label:answer]]``
becomes the label's text, ``[[lang]]`` the ``lang`` and ``dir`` attributes. Labels are template
text, so a change reaches learners without a schema change (docs/notetypes.md).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import msgspec

from ankismith.model import Kept

LABEL_KEYS = (
    "answer",
    "explanation",
    "hint",
    "your_answer",
    "right",
    "wrong",
    "reverse_prompt",
    "report",
)
"""Every label a template may use, in the order docs/notetypes.md lists them."""
DEFAULT = "en"
PLACEHOLDER = re.compile(r"\[\[label:([^\]\s]*)\]\]|( ?)\[\[lang\]\]")
# Scripts written right to left (ISO 15924), found by maximising the tag: ar -> ar-Arab-EG.
_RTL_SCRIPTS = frozenset(
    {"Adlm", "Arab", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa", "Yezi"}
)


class Labels(msgspec.Struct, frozen=True):
    """What fills the placeholders of one deck's templates."""

    texts: Mapping[str, str]
    """Text of every label key."""
    language: str = ""
    """The deck's BCP 47 tag; "" when deck.yaml sets none."""
    translation: str = DEFAULT
    """The shipped translation the texts come from (before the author's own)."""

    @property
    def direction(self) -> str:
        """Return ``rtl`` for a language written right to left, else ``ltr``."""
        return "rtl" if self.language and is_rtl(self.language) else "ltr"

    def attributes(self) -> str:
        """Return the ``lang`` and ``dir`` attributes, or '' when the language is not set."""
        if not self.language:
            return ""
        return f'lang="{html.escape(self.language)}" dir="{self.direction}"'


def _folder() -> Path:
    """Return the folder of shipped translations, ``labels/``.

    The package's own folder, not ``importlib.resources``, which takes a while to import.
    """
    return Path(__file__).parent / "labels"


@cache
def languages() -> tuple[str, ...]:
    """Return the language tag of every shipped translation, sorted."""
    names = (entry.name for entry in _folder().iterdir())
    return tuple(sorted(name.removesuffix(".yaml") for name in names if name.endswith(".yaml")))


def translation(tag: str, yamls: Kept | None = None) -> dict[str, str]:
    """Return the shipped translation for ``tag``, read from ``labels/<tag>.yaml``.

    ``yamls`` gives the mapping PyYAML read from the same text before (the cache folder's,
    cache/settings.py), or None: then it is parsed.
    """
    if yamls is None:
        return _parsed(tag)
    data = yamls(_folder().joinpath(f"{tag}.yaml").read_text(encoding="utf-8"))
    if data is None:
        return _parsed(tag)
    return {str(k): str(v) for k, v in data.items()}


@cache
def _parsed(tag: str) -> dict[str, str]:
    """Return the shipped translation for ``tag``, parsed by PyYAML."""
    import yaml  # parsed here: a build with nothing changed reads no translation

    # libyaml's loader where PyYAML has it: a build reads a translation or two, not all of them.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = _folder().joinpath(f"{tag}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=loader)
    return {str(k): str(v) for k, v in data.items()}


def shipped() -> dict[str, dict[str, str]]:
    """Return every shipped translation by language tag."""
    return {tag: translation(tag) for tag in languages()}


# langcodes takes a third of a second to import: only decks that set a language pay for it.


def is_rtl(tag: str) -> bool:
    """Return True when the language of ``tag`` is written right to left."""
    import langcodes

    return langcodes.Language.get(tag).maximize().script in _RTL_SCRIPTS


def valid_tag(tag: str) -> bool:
    """Return True for a well-formed, registered BCP 47 language tag."""
    import langcodes

    return "_" not in tag and langcodes.tag_is_valid(tag)


def translation_for(tag: str) -> str | None:
    """Return the shipped translation closest to ``tag`` (de-AT -> de), or None."""
    if not tag:
        return DEFAULT
    import langcodes

    match = langcodes.closest_supported_match(tag, list(languages()), max_distance=10)
    return match if isinstance(match, str) else None


def deck_labels(language: str, overrides: Mapping[str, str], yamls: Kept | None = None) -> Labels:
    """Return the labels of a deck: the translation for ``language``, the author's own on top.

    ``yamls`` gives the mapping PyYAML read from a translation's text before, or None.
    """
    chosen = translation_for(language) or DEFAULT
    texts = {**translation(DEFAULT, yamls), **translation(chosen, yamls), **overrides}
    return Labels(texts, language, chosen)


def css_string(text: str) -> str:
    """Return ``text`` as the inside of a double-quoted CSS string.

    Quotes, backslashes, controls, ``<`` and ``>`` are CSS escapes: the string cannot
    end, and ``</style`` (which would end Anki's ``<style>`` element) cannot be spelt in it.
    """
    return "".join(f"\\{ord(ch):x} " if ch in '"\\\n\r<>' or ord(ch) < 32 else ch for ch in text)


def fill(text: str, labels: Labels, *, css: bool = False) -> str:
    """Replace the placeholders in template (or, with ``css``, stylesheet) text.

    Unknown placeholders are left as written; ``unknown_placeholders`` reports them.
    """

    def one(match: re.Match[str]) -> str:
        if match.group(1) is None:  # [[lang]], with the space before it
            attributes = labels.attributes()
            return match.group(2) + attributes if attributes else ""
        value = labels.texts.get(match.group(1))
        if value is None:
            return match.group(0)
        return css_string(value) if css else html.escape(value)

    return PLACEHOLDER.sub(one, text)


def unknown_placeholders(text: str) -> list[str]:
    """Return the label keys used in ``text`` that are not labels."""
    return [
        m.group(1)
        for m in PLACEHOLDER.finditer(text)
        if m.group(1) is not None and m.group(1) not in LABEL_KEYS
    ]
