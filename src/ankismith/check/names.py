"""Tags and deck names a template could print as HTML: refused before they reach Anki. Pure.

Anki prints ``{{Tags}}``, ``{{Deck}}`` and ``{{Subdeck}}`` into a card as they are, without
escaping, so a tag or folder named ``<svg onload=...>`` would run as script in any template
that shows it. Names holding ``<``, ``>``, ``"`` or a backquote are refused everywhere; an
apostrophe as well when a template override prints the name (it can end an attribute value).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ankismith.findings import Finding
from ankismith.model import Card

_ALWAYS = '<>"`'
_PRINTS = re.compile(r"\{\{[^{}]*\b(Tags|Deck|Subdeck)\s*\}\}")


def _printed(templates: Sequence[tuple[str, str]]) -> set[str]:
    """Return which of Tags and Deck (Subdeck counts as Deck) an override prints."""
    found = {m.group(1) for _, text in templates for m in _PRINTS.finditer(text)}
    return {"Deck" if name == "Subdeck" else name for name in found}


def unsafe_names(cards: Sequence[Card], templates: Sequence[tuple[str, str]]) -> list[Finding]:
    """Report each tag and deck name holding characters that a template would print as HTML."""
    printed = _printed(templates)
    first: dict[tuple[str, str], Card] = {}  # each name once, at the first card that has it
    for card in cards:
        for tag in card.tags:
            first.setdefault(("tag", tag), card)
        first.setdefault(("deck name", card.deck), card)
    findings: list[Finding] = []
    for (what, name), card in first.items():
        bad = _ALWAYS + ("'" if ("Tags" if what == "tag" else "Deck") in printed else "")
        chars = "".join(sorted({c for c in name if c in bad}))
        if chars:
            message = (
                f"{what} '{name}' holds {' '.join(chars)}: Anki would print it into cards as "
                "HTML; rename it"
            )
            findings.append(Finding(card.location, message, "unsafe-name"))
    return findings
