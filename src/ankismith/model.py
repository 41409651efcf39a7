"""Frozen values that flow between the build stages."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from typing import Any

import msgspec

from ankismith.text import one_line

Kept = Callable[[str], Mapping[str, Any] | None]
"""Gives the mapping PyYAML read from a YAML text before, without a problem, or None (then the
text is parsed): the cache folder's, cache/settings.py ``KeptYaml``."""


class Location(msgspec.Struct, frozen=True):
    """A place in a content file, printed the way editors jump to: ``path:line[:column]``."""

    path: str
    """Path of the file as the author typed it on the command line (``content/x.md``)."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    column: int = 0
    """1-based column (characters) on that line, where known; 0 otherwise."""

    def __str__(self) -> str:
        path = one_line(self.path)
        if not self.line:
            return path
        return f"{path}:{self.line}:{self.column}" if self.column else f"{path}:{self.line}"

    @property
    def sort_key(self) -> tuple[str, int, int]:
        """Order by file, then line, then column."""
        return (self.path, self.line, self.column)


class SourceFile(msgspec.Struct, frozen=True):
    """A content file read from disk, before parsing."""

    path: str
    """Display path (``content/x.md``), used in messages."""
    relpath: PurePosixPath
    """Path relative to the content directory; decides sort order and the Source field."""
    text: str
    """Decoded text, BOM removed."""


class NoteKind(enum.Enum):
    """Which of our note types a card uses; the value is its name in the authoring format."""

    BASIC = "basic"
    CHOICE = "choice"
    CLOZE = "cloze"
    OCCLUSION = "occlusion"
    REVERSED = "reversed"
    TYPEIN = "typein"


class Choice(msgspec.Struct, frozen=True):
    """One option of a multiple-choice card."""

    correct: bool
    """True for a ``- [x]`` option."""
    text: str
    """Option Markdown."""


class Card(msgspec.Struct, frozen=True):
    """One authored card, its parts still Markdown."""

    location: Location
    """Where the card's ``## `` heading stands."""
    kind: NoteKind | None
    """Which of our note types the card compiles to; None for a custom one (``notetype``)."""
    card_id: str
    """Author's id if given, else one derived from the question."""
    explicit_id: bool
    """True when the author wrote the id; derived ids change when the question does."""
    question: str
    """Question Markdown: the heading text, then any body before the first section."""
    answer: str
    """Answer Markdown (may be empty; the check stage reports that)."""
    explanation: str = ""
    """Explanation Markdown, shown on the back below the answer."""
    hint: str = ""
    """Optional hint Markdown, shown folded on the front."""
    tags: tuple[str, ...] = ()
    """Sorted, de-duplicated Anki tags (deck, file and card tags merged)."""
    deck: str = ""
    """Full Anki deck name the card goes to."""
    source: str = ""
    """Path of the card's file relative to the content directory."""
    choices: tuple[Choice, ...] = ()
    """Options of a multiple-choice card, in source order."""
    shuffle: bool = False
    """Whether a multiple-choice card asks Anki to shuffle its options (needs JavaScript)."""
    meta_line: int = 0
    """Line where the card's metadata comment opens; 0 when it has none."""
    notetype: str = ""
    """The custom note type (folder name under ``_notetypes/``) the card uses; "" for ours."""
    fields: tuple[tuple[str, str], ...] = ()
    """Markdown of a custom note type's fields as (name, text), in the note type's order; for
    an image occlusion card, its five fields (the ``Occlusion`` field's cloze text already
    final, ``parse/occlusion.py``)."""
    guid: str = ""
    """The author's explicit Anki GUID; "" to derive it from the deck id and the card id."""
    report: bool = True
    """Whether the back shows the "Report a mistake" link (with ``repository:``); ``report: off``
    in the card's metadata or its file's front matter hides it."""

    @property
    def type_key(self) -> str:
        """Return the key of the card's note type: the custom one's name, or our kind's value."""
        return self.notetype or (self.kind.value if self.kind else "")


class MediaFile(msgspec.Struct, frozen=True):
    """A media file found in the content tree."""

    relpath: PurePosixPath
    """Path relative to the content directory."""
    data: bytes
    """File contents."""


class CardTemplate(msgspec.Struct, frozen=True):
    """One card template with the text of its two sides."""

    name: str
    """Template (card type) name shown in Anki; part of the frozen schema."""
    front: str
    """Front (question) side, Anki template text."""
    back: str
    """Back (answer) side, Anki template text."""
    front_file: str = ""
    """Display path of the author's file holding the front; "" for ours."""
    back_file: str = ""
    """Display path of the author's file holding the back; "" for ours."""


class NoteTypeDef(msgspec.Struct, frozen=True):
    """A note type with all its text, ready to package: one of ours, or the author's own."""

    key: str
    """What cards name it by in ``type:``: our kind's value, or the folder name."""
    id: int
    """Note type id; Anki matches note types by it."""
    name: str
    """Display name in Anki."""
    fields: tuple[str, ...]
    """Field names, in order: frozen once released."""
    templates: tuple[CardTemplate, ...]
    """Card templates, in order: frozen once released."""
    css: str
    """Stylesheet."""
    cloze: bool = False
    """True for Anki's cloze kind: one card per deletion number."""
    sort_field: int = 0
    """Index of the field Anki's browser sorts by."""
    required: tuple[str, ...] = ()
    """Fields a card must fill (custom note types)."""
    location: Location | None = None
    """Where the author defined it (``notetype.yaml``); None for ours."""
    css_file: str = ""
    """Display path of the author's stylesheet file; "" for ours or none."""
    anki: str = ""
    """An imported note type's own Anki settings (LaTeX, field and template options and ids),
    as JSON, written verbatim; with them the build adds nothing to its CSS. "" for none."""
    settings: str = ""
    """The author's note type's field settings and field and template ids (``notetype.yaml``,
    ``parse/notetype_settings.py``), Anki's keys, as JSON; written over ``anki``. "" for ours."""


class RenderedNote(msgspec.Struct, frozen=True):
    """A card ready for packaging: HTML fields in the note type's field order."""

    notetype: str
    """Key of its note type (``NoteTypeDef.key``)."""
    card_id: str
    """Author id; the GUID derives from it and the deck namespace."""
    fields: tuple[str, ...]
    """Field HTML, in the note type's field order."""
    tags: tuple[str, ...]
    """Anki tags."""
    deck: str
    """Full deck name."""
    guid: str = ""
    """The author's explicit GUID; "" to derive one."""


class BuildReport(msgspec.Struct, frozen=True):
    """What a build produced, for the one-line summary."""

    output: str
    """Path of the written ``.apkg``."""
    cards: int
    """Number of notes written."""
    decks: tuple[str, ...]
    """Deck names, sorted."""
    size: int
    """Package size in bytes."""
    warnings: tuple[str, ...] = ()
    """Warning lines to show the author (``path:line: warning: ... [code]``)."""
    notices: tuple[str, ...] = ()
    """Things the author should know about the build itself."""
    anki_cards: int = 0
    """Number of Anki cards the notes make (a reversed note makes two)."""
    sha256: str = ""
    """SHA-256 of the package, in hex."""
    build_time: int = 0
    """The build time written into the package, in seconds since 1970."""
    rendered: int = 0
    """Cards rendered by this build."""
    reused: int = 0
    """Cards whose rendering came from the render cache."""
    name: str = ""
    """The deck's name (``deck.yaml``'s ``name``): the top of ``decks``, holding cards or not."""
