"""One card's page: its name in the site, its HTML (both sides, as Anki's reviewer shows them).

And the key a note's pages are kept under in the site's record. What an update in place
writes (``patch.py``) without the whole site's assembly (``site.py``); pure.
"""

from __future__ import annotations

import hashlib
import html
import re

from ankismith.model import NoteKind
from ankismith.preview.anki_cloze import cloze_only, strip_tags
from ankismith.preview.anki_template import tts_players
from ankismith.preview.cardview import CardView

BACK = "back"
"""The fragment that shows a card's page as its back: ``cards/001-lora-1.html#back``."""
KINDS = frozenset(kind.value for kind in NoteKind)
_TYPE = re.compile(r"\[\[type:((?:cloze:|nc:)?)([^\]]+)\]\]")
_SOUND = re.compile(r"\[sound:([^\]]+)\]")


def card_page_name(index: int, card: CardView) -> str:
    """Return the path of a card's page: note number, card id and card number make it unique.

    The page shows the front; with ``#back`` after it, the back (``BACK``).
    """
    return f"cards/{index:03d}-{card.card_id}-{card.ordinal + 1}.html"


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


def card_page(card: CardView, top: str = "") -> str:
    """Return a card's page, shaped like Anki's reviewer: the card inside ``body.card``.

    It holds both sides, each in a ``#qa`` of its own: the front shows, and the back instead
    when the page's address ends in ``#back`` (CSS ``:target`` in ``frame.css``, so it needs no
    script). ``top`` leads from the site's folder to the one holding the site's script.
    """
    title = html.escape(f"{card.card_id} ({card.template})")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        # Fields name media files bare, as Anki's media folder holds them.
        '<base href="../media/">\n'
        f'<link rel="stylesheet" href="../assets/{stylesheet(card.notetype)}">\n'
        f'<script src="../{top}assets/preview.js" defer></script>\n'
        f'</head>\n<body class="card card{card.ordinal + 1}">\n<i id="{BACK}" hidden></i>\n'
        f'<div id="qa">\n{finish(card, "back")}\n</div>\n'
        f'<div id="qa">\n{finish(card, "front")}\n</div>\n</body>\n</html>\n'
    )


def stylesheet(notetype: str) -> str:
    """Return the asset holding a note type's CSS: ours share one, the author's have their own."""
    return f"card-{notetype}.css" if notetype and notetype not in KINDS else "card.css"


def note_key(frame: str, number: int, digest: str) -> str:
    """Return a note's key in the site: ``frame_key``'s, its number, its ``NoteSource`` digest."""
    return hashlib.blake2b(f"{frame}\0{number}\0{digest}".encode(), digest_size=16).hexdigest()
