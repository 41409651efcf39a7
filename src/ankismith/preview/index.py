"""The preview's index page: every card with its facts, grouped by deck, searchable; pure.

Its own words (buttons, counts, notes) are in the deck's language (``chrome.py``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ankismith.order import deck_key
from ankismith.preview.cardview import CardView
from ankismith.preview.chrome import ENGLISH, Chrome
from ankismith.text import visible_text

_TYPE = re.compile(r"\[\[type:[^\]]+\]\]|\[sound:[^\]]+\]|\[anki:tts[^\]]*\].*?\[/anki:tts\]", re.S)
TEX_EXAMPLE = "\\(r \\ll d\\)"


def plain(fragment: str) -> str:
    """Return the visible text of a card side on one line, without type-in, sound or tts."""
    return visible_text(_TYPE.sub(" ", fragment))


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _anchor(page: str) -> str:
    return page.removeprefix("cards/").removesuffix(".html")


def article(card: CardView, page: str, words: Chrome) -> str:
    """Return a card's entry in the index: its facts, its two sides framed, a flip button.

    ``page`` is the path of its page: the front as it is, the back at ``#back``.
    """
    front, back = page, f"{page}#back"
    front_text = plain(card.front)
    # The title is most often the front itself: its text is taken once.
    question = plain(card.title) if card.title and card.title != card.front else front_text
    search = " ".join(
        [
            front_text,
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
    return f"""<article class="pv-card" id="{_e(_anchor(page))}" data-deck="{_e(card.deck)}" \
data-tags="{_e(" ".join(card.tags))}" data-search="{_e(search)}">
<h3>{_e(question) or _e(words("empty_front"))}</h3>
<p class="pv-meta"><span>{_e(card.deck)}</span><span>{_e(what)}</span>\
<span><code>{_e(str(card.location))}</code></span><span>id <code>{_e(card.card_id)}</code></span>\
{f"<span>{tags}</span>" if tags else ""}</p>
<div class="pv-stage">
<div class="pv-front-side"><p class="pv-side">{_e(words("front"))}</p>\
<iframe src="{_e(front)}" title="{_e(words("front_of", id=card.card_id))}"></iframe></div>
<div class="pv-back-side"><p class="pv-side">{_e(words("back"))}</p>\
<iframe src="{_e(back)}" title="{_e(words("back_of", id=card.card_id))}"></iframe></div>
</div>
<button type="button" class="pv-flip">{_e(words("show_answer"))}</button>
</article>
"""


def _options(label: str, values: Sequence[str]) -> str:
    items = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)
    return f'<option value="">{_e(label)}</option>{items}'


def index_page(
    title: str,
    cards: Sequence[CardView],
    pages: Sequence[str],
    words: Chrome = ENGLISH,
    *,
    nav: str = "",
    top: str = "",
) -> str:
    """Return index.html; ``pages`` holds each card's page path.

    ``nav`` is the deck switcher of a project's site (``project.switcher``), and ``top`` the
    path to the folder holding the page's own stylesheet and script.

    Cards are listed as they come (``build_site`` gives them in Anki's order), under their
    decks in Anki's order; ``words`` are the page's own, in the deck's language.
    """
    listed = [
        (card.deck, card.tags, article(card, page, words))
        for card, page in zip(cards, pages, strict=True)
    ]
    notes = len({(card.location, card.card_id) for card in cards})
    return index_text(title, listed, notes, words, nav=nav, top=top)[0]


def index_text(
    title: str,
    cards: Sequence[tuple[str, Sequence[str], str]],
    notes: int,
    words: Chrome = ENGLISH,
    *,
    nav: str = "",
    top: str = "",
) -> tuple[str, list[tuple[int, int]], int]:
    """Return index.html from each card's (deck, tags, entry), where each entry stands, its head.

    ``notes`` is the number of notes the cards come from; the rest is as ``index_page`` takes
    it. The spans, parallel to ``cards``, are (start, end) in the page's text: an entry can be
    taken from there by a later run that finds its card unchanged. The head is the length of
    the text before the first deck (``index_head``).
    """
    decks = sorted({deck for deck, _, _ in cards}, key=deck_key)
    tags = sorted({tag for _, card_tags, _ in cards for tag in card_tags})
    by_deck: dict[str, list[int]] = {}
    for n, (deck, _, _) in enumerate(cards):
        by_deck.setdefault(deck, []).append(n)
    head = index_head(title, decks, tags, len(cards), notes, words, nav=nav, top=top)
    parts = [head]
    at = len(head)
    spans = [(0, 0)] * len(cards)
    for deck in decks:
        opening = f'<section class="pv-deck">\n<h2>{_e(deck)}</h2>\n'
        parts.append(opening)
        at += len(opening)
        for n in by_deck[deck]:
            entry = cards[n][2]
            parts.append(entry)
            spans[n] = (at, at + len(entry))
            at += len(entry)
        parts.append("</section>\n")
        at += len("</section>\n")
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts), spans, len(head)


def index_head(
    title: str,
    decks: Sequence[str],
    tags: Sequence[str],
    cards: int,
    notes: int,
    words: Chrome = ENGLISH,
    *,
    nav: str = "",
    top: str = "",
) -> str:
    """Return the index's text up to its first deck: the bar with its counts, tags and decks.

    ``decks`` and ``tags`` are sorted as the index lists them; the rest is as ``index_page``
    takes it. A later run that changes no deck's cards but a few may write only this anew.
    """
    counts = {
        "count-all": words("cards", n="{n}"),
        "count-one": words("card", n="{n}"),
        "count-shown": words("cards_shown", n="{n}", shown="{shown}"),
        "show-answer": words("show_answer"),
        "show-question": words("show_question"),
    }
    data = " ".join(f'data-{key}="{_e(value)}"' for key, value in counts.items())
    search = _e(words("search"))
    show = f"<em>{_e(words('show_answer'))}</em>"
    turn = _e(words("turn_note", show_answer="\0")).replace("\0", show)
    head = f"""<!DOCTYPE html>
<html lang="{_e(words.language)}" dir="{words.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(words("title", deck=title))}</title>
<link rel="stylesheet" href="{top}assets/preview.css">
<script src="{top}assets/preview.js" defer></script>
</head>
<body {data}>
<header class="pv-bar">{nav}
<h1>{_e(title)} <span class="pv-count" id="pv-count">{_e(words.count(cards, "card"))}</span> \
<span class="pv-count">({_e(words.count(notes, "note"))})</span></h1>
<div class="pv-controls">
<input type="search" id="pv-search" placeholder="{search}" aria-label="{search}">
<select id="pv-tag" aria-label="{_e(words("tag"))}">{_options(words("all_tags"), tags)}</select>
<select id="pv-deck" aria-label="{_e(words("deck"))}">{_options(words("all_decks"), decks)}</select>
<button type="button" id="pv-theme" aria-pressed="false">{_e(words("night"))}</button>
<button type="button" id="pv-phone" aria-pressed="false">{_e(words("phone"))}</button>
<button type="button" id="pv-answers" aria-pressed="false">{_e(words("answers"))}</button>
</div>
</header>
<main>
<p class="pv-note">{_e(words("math_note", tex=TEX_EXAMPLE))} {turn}</p>
"""
    return head
