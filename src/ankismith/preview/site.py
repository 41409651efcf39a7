"""The static preview site: a page per card with its two sides, and an index to find them; pure.

Each note's pages and index entries can come from the site in place: ``assemble_site`` takes
the entries an earlier site recorded (``CardEntry``, by note key) and makes only the notes whose
key it does not find.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import msgspec

from ankismith.order import anki_order
from ankismith.preview.cardview import CardView
from ankismith.preview.chrome import ENGLISH, Chrome
from ankismith.preview.index import article, index_text
from ankismith.preview.page import card_page, card_page_name, note_key, stylesheet
from ankismith.preview.record import MARKER

PLACEHOLDER = b"Written by 'ankismith preview'; replaced on every run.\n"
"""The marker's text as a site is assembled; the record of the run replaces it when written."""
ASSETS = ("preview.css", "preview.js")
"""The page's own stylesheet and the one script of every page, card pages included."""
FRAME_CSS = "frame.css"
"""What a plain browser lacks from Anki: added at the end of every card stylesheet."""


class Site(msgspec.Struct, frozen=True):
    """Every file of the site, by path relative to its root, sorted."""

    files: tuple[tuple[str, bytes], ...]
    """(relative path, bytes)."""
    cards: int
    """Number of Anki cards shown."""
    notes: int = 0
    """Number of notes they come from (cards as written: one per ``## `` heading)."""
    kept: tuple[str, ...] = ()
    """Pages the site in place holds already, left out of ``files``: to link, not to write."""
    entries: tuple[tuple[str, tuple[CardEntry, ...]], ...] = ()
    """Each note's key and its cards' entries: what the next site may take from this one."""
    head: int = 0
    """Length of the index's head, the text before its first deck (``index.index_head``)."""


class CardEntry(msgspec.Struct, frozen=True):
    """One card as the site holds it: its two pages and its entry in its deck's index."""

    page: str
    """Path of its page."""
    index: str
    """Path of the index holding its entry."""
    start: int
    """Where its entry starts in that index's text (in characters)."""
    end: int
    """Where its entry ends."""
    deck: str
    """Its full deck name."""
    tags: tuple[str, ...]
    """Its note's tags."""


class NoteSource(msgspec.Struct, frozen=True):
    """One note as ``assemble_site`` takes it: its deck, a digest of it, and how to make it."""

    deck: str
    """The note's full deck name: where Anki's order puts it."""
    digest: str
    """A digest of everything its cards are made from (its own fields, tags, place...)."""
    cards: Callable[[], Sequence[CardView]]
    """Makes the note's cards (both sides rendered), when the site in place lacks them."""


def _asset(name: str) -> bytes:
    return (Path(__file__).parent / "assets" / name).read_bytes()


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
    grouped: dict[tuple[str, str], list[CardView]] = {}
    for card in cards:
        grouped.setdefault((str(card.location), card.card_id), []).append(card)
    notes = [
        NoteSource(group[0].deck, f"{n}", _given(group)) for n, group in enumerate(grouped.values())
    ]
    return assemble_site(title, notes, css, media, custom_css, words, nav, top)


def _given(cards: Sequence[CardView]) -> Callable[[], Sequence[CardView]]:
    return lambda: cards


def assemble_site(
    title: str,
    notes: Sequence[NoteSource],
    css: str,
    media: Mapping[str, bytes],
    custom_css: Mapping[str, str] | None = None,
    words: Chrome = ENGLISH,
    nav: str = "",
    top: str = "",
    reuse: Mapping[str, tuple[tuple[CardEntry, ...], str]] | None = None,
    folder: str = "",
) -> Site:
    """Return the whole site for ``notes`` (in file order), as ``build_site`` does.

    ``reuse`` holds what the site in place recorded: by note key, its cards' entries and the
    text of the index holding them. A note whose key is there is neither made nor written
    again: its pages are ``kept`` and its index entries are copied. A note's key is a digest
    of its ``digest``, its number in the site and the page's frame (``top``, ``words``).
    ``folder`` is where this site stands in the whole one (``asia/``): the paths ``reuse``
    holds start with it, those of the site returned do not.
    """
    reuse = reuse or {}
    files: dict[str, bytes] = {MARKER: PLACEHOLDER}
    frame = _asset(FRAME_CSS)
    files["assets/card.css"] = css.encode() + b"\n" + frame
    for key, text in (custom_css or {}).items():
        files[f"assets/{stylesheet(key)}"] = text.encode() + b"\n" + frame
    files.update({f"assets/{name}": _asset(name) for name in ASSETS})
    files.update({f"media/{name}": data for name, data in media.items()})
    framing = frame_key(top, words)
    kept: list[str] = []
    keys: list[str] = []
    cards: list[tuple[str, str, tuple[str, ...], str]] = []  # page, deck, tags, entry
    sizes: list[int] = []
    for number, note in enumerate(anki_order(notes, lambda note: note.deck), start=1):
        key = note_key(framing, number, note.digest)
        if (found := reuse.get(key)) is not None:
            entries, text = found
            for entry in entries:
                page = entry.page.removeprefix(folder)
                kept.append(page)
                cards.append((page, entry.deck, entry.tags, text[entry.start : entry.end]))
            size = len(entries)
        else:
            size = 0
            for card in note.cards():
                page = card_page_name(number, card)
                files[page] = card_page(card, top).encode()
                cards.append((page, card.deck, card.tags, article(card, page, words)))
                size += 1
        keys.append(key)
        sizes.append(size)
    listed = [(deck, tags, text) for _, deck, tags, text in cards]
    notes_shown = sum(1 for size in sizes if size)
    text, spans, head = index_text(title, listed, notes_shown, words, nav=nav, top=top)
    files["index.html"] = text.encode()
    built: list[tuple[str, tuple[CardEntry, ...]]] = []
    at = 0
    for key, size in zip(keys, sizes, strict=True):
        built.append(
            (
                key,
                tuple(
                    CardEntry(page, "index.html", start, end, deck, tags)
                    for (page, deck, tags, _), (start, end) in zip(
                        cards[at : at + size], spans[at : at + size], strict=True
                    )
                ),
            )
        )
        at += size
    shown = len(cards)
    return Site(tuple(sorted(files.items())), shown, notes_shown, tuple(kept), tuple(built), head)


def frame_key(top: str, words: Chrome) -> str:
    """Return a digest of what frames every page of a deck: the path to the top, the words."""
    frame = repr((top, words.language, sorted(words.texts.items())))
    return hashlib.blake2b(frame.encode(), digest_size=16).hexdigest()
