"""The static preview site: every card's two sides as pages, and an index to find them; pure."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from ankismith.model import NoteKind
from ankismith.order import anki_order
from ankismith.preview.anki_cloze import cloze_only, strip_tags
from ankismith.preview.anki_template import tts_players
from ankismith.preview.cardview import CardView
from ankismith.preview.chrome import ENGLISH, Chrome
from ankismith.preview.index import index_page

MARKER = ".ankismith-preview"
"""File at the root of every preview site: only such a directory is ever replaced."""
ASSETS = ("preview.css", "preview.js")
"""The page's own stylesheet and the one script of every page, card pages included."""
FRAME_CSS = "frame.css"
"""What a plain browser lacks from Anki: added at the end of every card stylesheet."""
KINDS = frozenset(kind.value for kind in NoteKind)
_TYPE = re.compile(r"\[\[type:((?:cloze:|nc:)?)([^\]]+)\]\]")
_SOUND = re.compile(r"\[sound:([^\]]+)\]")


@dataclass(frozen=True, slots=True)
class Site:
    """Every file of the site, by path relative to its root, sorted."""

    files: tuple[tuple[str, bytes], ...]
    """(relative path, bytes)."""
    cards: int
    """Number of Anki cards shown."""
    notes: int = 0
    """Number of notes they come from (cards as written: one per ``## `` heading)."""


def card_page_name(index: int, card: CardView, side: str) -> str:
    """Return the path of one side's page: note number, card id and card number make it unique."""
    return f"cards/{index:03d}-{card.card_id}-{card.ordinal + 1}.{side}.html"


def _expected(card: CardView, prefix: str, name: str) -> str:
    value = dict(card.fields).get(name, "")
    if prefix == "cloze:":
        value = cloze_only(value, card.ordinal + 1, question=False)
    return html.escape(html.unescape(strip_tags(value)).strip(), quote=False)


def finish(card: CardView, side: str) -> str:
    """Do what Anki's reviewer does after rendering: a type-in box, a player per sound."""

    def typed(match: re.Match[str]) -> str:
        if side == "front":
            return '<input type="text" id="typeans" autocomplete="off" aria-label="Your answer">'
        return f'<code id="typeans">{_expected(card, match.group(1), match.group(2))}</code>'

    def sound(match: re.Match[str]) -> str:
        src = html.escape(match.group(1))
        return f'<audio class="sound-player" controls preload="none" src="{src}"></audio>'

    text = card.front if side == "front" else card.back
    return tts_players(_SOUND.sub(sound, _TYPE.sub(typed, text)))


def card_page(card: CardView, side: str, top: str = "") -> str:
    """Return one side as a page shaped like Anki's reviewer: the card inside ``body.card``.

    ``top`` leads from the site's folder to the one holding the site's script.
    """
    title = html.escape(f"{card.card_id} ({card.template}), {side}")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        # Fields name media files bare, as Anki's media folder holds them.
        '<base href="../media/">\n'
        f'<link rel="stylesheet" href="../assets/{stylesheet(card.notetype)}">\n'
        f'<script src="../{top}assets/preview.js" defer></script>\n'
        f'</head>\n<body class="card card{card.ordinal + 1}">\n<div id="qa">\n'
        f"{finish(card, side)}\n</div>\n</body>\n</html>\n"
    )


def stylesheet(notetype: str) -> str:
    """Return the asset holding a note type's CSS: ours share one, the author's have their own."""
    return f"card-{notetype}.css" if notetype and notetype not in KINDS else "card.css"


def _asset(name: str) -> bytes:
    return resources.files("ankismith.preview").joinpath("assets").joinpath(name).read_bytes()


def build_site(
    title: str,
    cards: Sequence[CardView],
    css: str,
    media: Mapping[str, bytes],
    custom_css: Mapping[str, str] | None = None,
    words: Chrome = ENGLISH,
    nav: str = "",
    top: str = "",
) -> Site:
    """Return the whole site for ``cards``, with ``css`` as the stylesheet of our note types.

    ``cards`` come in file order; the site numbers and lists them in Anki's order (a top
    deck's own cards first: ``order.anki_order``). ``custom_css`` holds the stylesheet of each
    of the author's note types, by name; ``words`` are the page's own, in the deck's language.
    Each card stylesheet ends with what a plain browser lacks from Anki (``frame.css``).
    ``nav`` is the deck switcher of a project's site, and ``top`` the path from the index to the
    folder holding the page's own ``assets/`` (``../`` there).
    """
    cards = anki_order(cards, lambda card: card.deck)
    files: dict[str, bytes] = {MARKER: b"Written by 'ankismith preview'; replaced on every run.\n"}
    frame = _asset(FRAME_CSS)
    files["assets/card.css"] = css.encode() + b"\n" + frame
    for key, text in (custom_css or {}).items():
        files[f"assets/{stylesheet(key)}"] = text.encode() + b"\n" + frame
    files.update({f"assets/{name}": _asset(name) for name in ASSETS})
    files.update({f"media/{name}": data for name, data in media.items()})
    notes: dict[tuple[str, str], int] = {}
    pages = []
    for card in cards:
        index = notes.setdefault((card.location.path, card.card_id), len(notes) + 1)
        names = (card_page_name(index, card, "front"), card_page_name(index, card, "back"))
        for name, side in zip(names, ("front", "back"), strict=True):
            files[name] = card_page(card, side, top).encode()
        pages.append(names)
    files["index.html"] = index_page(title, cards, pages, words, nav=nav, top=top).encode()
    return Site(tuple(sorted(files.items())), len(cards), len(notes))
