"""The render stage's output: ``RenderedDeck``, everything the package stage needs.

And ``CardRender``, one card's rendering, computed or cached: reading it from the render cache
needs no renderer (a preview after a build imports none).

It holds the deck's settings, declared in ``parse/settings.py``, so it lives above that stage
and not among the shared values in ``model.py``.
"""

from __future__ import annotations

import msgspec

from ankismith.findings import Finding
from ankismith.model import Location, NoteTypeDef, RenderedNote
from ankismith.parse.settings import DeckSettings

UNPLACED = Location("", 0)
"""Where a render problem stands until the deck stage places it."""


class CardRender(msgspec.Struct, frozen=True):
    """What rendering one card produced: the same whether computed now or taken from a cache."""

    fields: tuple[str, ...]
    """Field HTML in the note type's order."""
    problems: tuple[Finding, ...] = ()
    """Media problems, each with its reference as ``subject``; ``UNPLACED`` until the deck stage
    finds the reference's line (a cached rendering serves a card wherever it has moved)."""
    used: tuple[tuple[str, str], ...] = ()
    """Bundled media as (packaged name, path relative to the content directory)."""


class RenderedDeck(msgspec.Struct, frozen=True):
    """Everything the package stage needs, with no Markdown left in it."""

    settings: DeckSettings
    """Deck settings."""
    description_html: str
    """Deck description rendered to HTML."""
    notes: tuple[RenderedNote, ...]
    """Notes in source order."""
    timestamp: int
    """Build time in seconds: note and note type mtime, zip entry dates."""
    media: tuple[tuple[str, bytes], ...] = ()
    """Media to bundle, as (content-hashed name, bytes), sorted by name."""
    templates: tuple[tuple[str, str], ...] = ()
    """Author overrides of template files, as (name under templates/, text)."""
    notetypes: tuple[NoteTypeDef, ...] = ()
    """The note types the notes use, with their final template text and CSS."""
