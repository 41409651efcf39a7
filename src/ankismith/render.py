"""Render cards' Markdown to the HTML Anki fields hold: pure, one configured Markdown reused."""

from __future__ import annotations

import html
from collections.abc import Sequence

import markdown

from ankismith.model import Card, DeckSettings, NoteKind, RenderedDeck, RenderedNote

EXTENSIONS = ("fenced_code", "tables", "sane_lists")


class Renderer:
    """One Python-Markdown instance, configured once and ``reset()`` between conversions."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
        # Anki fields are HTML. Raw HTML in the source is shown as text, so `Vec<String>` or a
        # stray `<b>` never vanishes on a learner's phone; Markdown is the only markup.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")

    def html(self, text: str) -> str:
        """Return the HTML for one piece of Markdown ('' for empty text)."""
        if not text.strip():
            return ""
        return self._md.reset().convert(text)


def render_card(card: Card, renderer: Renderer) -> RenderedNote:
    """Render one card into its note type's fields."""
    fields_by_kind = {
        NoteKind.BASIC: (
            renderer.html(card.question),
            renderer.html(card.answer),
            renderer.html(card.explanation),
            renderer.html(card.hint),
            html.escape(card.source),
            html.escape(card.card_id),
        ),
    }
    return RenderedNote(
        kind=card.kind,
        card_id=card.card_id,
        fields=fields_by_kind[card.kind],
        tags=card.tags,
        deck=card.deck,
    )


def render_deck(settings: DeckSettings, cards: Sequence[Card], timestamp: int) -> RenderedDeck:
    """Render every card and the deck description."""
    renderer = Renderer()
    return RenderedDeck(
        settings=settings,
        description_html=renderer.html(settings.description),
        notes=tuple(render_card(card, renderer) for card in cards),
        timestamp=timestamp,
    )
