"""The preview's index page: every card with its facts, grouped by deck, searchable; pure."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ankismith.preview.cardview import CardView
from ankismith.text import visible_text

_TYPE = re.compile(r"\[\[type:[^\]]+\]\]|\[sound:[^\]]+\]")
MATH_NOTE = (
    "Formulas show as TeX source, e.g. \\(r \\ll d\\): Anki typesets them with its bundled "
    "MathJax, which a plain browser does not have, and this page loads nothing from the network."
)


def plain(fragment: str) -> str:
    """Return the visible text of a card side on one line, without type-in or sound markers."""
    return visible_text(_TYPE.sub(" ", fragment))


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _anchor(front: str) -> str:
    return front.removeprefix("cards/").removesuffix(".front.html")


def _article(card: CardView, front: str, back: str) -> str:
    question = plain(card.front)
    search = " ".join(
        [
            question,
            plain(card.back),
            card.card_id,
            card.deck,
            card.note_type,
            card.template,
            str(card.location),
            *card.tags,
        ]
    ).lower()
    tags = "".join(f'<span class="pv-tag">#{_e(t)}</span> ' for t in card.tags).strip()
    what = f"{card.note_type} · {card.template}" if card.template != "Card 1" else card.note_type
    return f"""<article class="pv-card" id="{_e(_anchor(front))}" data-deck="{_e(card.deck)}" \
data-tags="{_e(" ".join(card.tags))}" data-search="{_e(search)}">
<h3>{_e(question) or "(empty front)"}</h3>
<p class="pv-meta"><span>{_e(card.deck)}</span><span>{_e(what)}</span>\
<span><code>{_e(str(card.location))}</code></span><span>id <code>{_e(card.card_id)}</code></span>\
{f"<span>{tags}</span>" if tags else ""}</p>
<div class="pv-stage">
<div class="pv-front-side"><p class="pv-side">Front</p>\
<iframe src="{_e(front)}" title="{_e(f"Front of {card.card_id}")}"></iframe></div>
<div class="pv-back-side"><p class="pv-side">Back</p>\
<iframe src="{_e(back)}" title="{_e(f"Back of {card.card_id}")}"></iframe></div>
</div>
<button type="button" class="pv-flip">Show answer</button>
</article>
"""


def _options(label: str, values: Sequence[str]) -> str:
    items = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)
    return f'<option value="">{label}</option>{items}'


def index_page(title: str, cards: Sequence[CardView], pages: Sequence[tuple[str, str]]) -> str:
    """Return index.html; ``pages`` holds each card's (front, back) page paths."""
    decks = sorted({card.deck for card in cards})
    tags = sorted({tag for card in cards for tag in card.tags})
    sections = []
    for deck in decks:
        articles = "".join(
            _article(card, *names)
            for card, names in zip(cards, pages, strict=True)
            if card.deck == deck
        )
        sections.append(f'<section class="pv-deck">\n<h2>{_e(deck)}</h2>\n{articles}</section>\n')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}: card preview</title>
<link rel="stylesheet" href="assets/preview.css">
</head>
<body>
<header class="pv-bar">
<h1>{_e(title)} <span class="pv-count" id="pv-count">{len(cards)} cards</span></h1>
<div class="pv-controls">
<input type="search" id="pv-search" placeholder="Search cards" aria-label="Search cards">
<select id="pv-tag" aria-label="Tag">{_options("All tags", tags)}</select>
<select id="pv-deck" aria-label="Deck">{_options("All decks", decks)}</select>
<button type="button" id="pv-theme" aria-pressed="false">Night mode</button>
<button type="button" id="pv-phone" aria-pressed="false">Phone width</button>
<button type="button" id="pv-answers" aria-pressed="false">All answers</button>
</div>
</header>
<main>
<p class="pv-note">{_e(MATH_NOTE)} Each card shows its front; click it or
<em>Show answer</em> to turn it.</p>
{"".join(sections)}</main>
<script src="assets/preview.js"></script>
</body>
</html>
"""
