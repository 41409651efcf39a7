"""The render stage's output: ``RenderedDeck``, everything the package stage needs.

It holds the deck's settings, declared in ``parse/settings.py``, so it lives above that stage
and not among the shared values in ``model.py``.
"""

from __future__ import annotations

import msgspec

from ankismith.model import NoteTypeDef, RenderedNote
from ankismith.parse.settings import DeckSettings


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
