"""Our note types and Anki's own Image Occlusion: names, ids, fields, templates, template files.

The field and template lists are a promise to learners: changing them (count, order, names) is a
schema change, and Anki then keeps a copy of the note type and stops updating their notes. Add a
new note type with a new id instead. ``tests/unit/notetypes/test_notetypes.py`` holds the frozen
snapshot.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import msgspec

from ankismith.model import NoteKind


class Template(msgspec.Struct, frozen=True):
    """One card template: a name and the package-data files holding its two sides."""

    name: str
    """Template (card type) name shown in Anki."""
    front: str
    """File under ``templates/`` holding the front (question) side."""
    back: str
    """File under ``templates/`` holding the back (answer) side."""


class NoteType(msgspec.Struct, frozen=True):
    """A note type as learners' Anki will know it, forever."""

    kind: NoteKind
    """Which authoring kind compiles to this note type."""
    name: str
    """Display name in Anki (may change freely; Anki matches by id)."""
    fields: tuple[str, ...]
    """Field names, in order. Frozen once released."""
    templates: tuple[Template, ...]
    """Card templates, in order. Frozen once released."""
    cloze: bool = False
    """True for Anki's cloze kind: one card per deletion number."""

    @property
    def id(self) -> int:
        """Return the note type id, derived from the kind's name, never random."""
        return stable_id(f"ankismith/notetype/{self.kind.value}")


def stable_digest(key: str) -> int:
    """Return the first 64 bits of the SHA-256 of ``key``: the same on every machine and run."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")


class Owner(msgspec.Struct, frozen=True):
    """A deck whose copies of our note types have ids of their own (``note_type_ids: own``).

    Anki's own Image Occlusion note type is never filled otherwise: it keeps its one id.
    """

    namespace: str
    """The deck's ``id``: the copies' ids hang on it, as its GUIDs do, so a variant shares them."""
    deck: str
    """The deck's name, in each copy's name, so that a learner's Anki tells the copies apart."""

    def id(self, kind: NoteKind) -> int:
        """Return the id of this deck's copy of our note type ``kind``."""
        if kind is NoteKind.OCCLUSION:
            return NOTE_TYPES[kind].id
        return stable_id(f"ankismith/notetype/{kind.value}/deck/{self.namespace}")

    def name(self, kind: NoteKind) -> str:
        """Return the name of this deck's copy of our note type ``kind``."""
        if kind is NoteKind.OCCLUSION:
            return NOTE_TYPES[kind].name
        return f"{NOTE_TYPES[kind].name} ({self.deck})"


def stable_id(key: str) -> int:
    """Return a 31-bit id derived from ``key`` with SHA-256, the same on every machine and run."""
    return (1 << 30) + stable_digest(key) % (1 << 30)


_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def note_guid(namespace: str, card_id: str) -> str:
    """Return the note GUID: it depends only on the deck namespace and the author's card id.

    genanki's ``guid_for(namespace, card_id)``, the GUIDs every release so far has shipped
    (a test holds the two equal), computed here so that stages before the package know it.
    """
    number = int.from_bytes(hashlib.sha256(f"{namespace}__{card_id}".encode()).digest()[:8], "big")
    digits: list[str] = []
    while number > 0:
        number, digit = divmod(number, len(_BASE91))
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


OCCLUSION_FIELDS = ("Occlusion", "Image", "Header", "Back Extra", "Comments")
"""The fields of Anki's stock Image Occlusion note type, in Anki's order (English names)."""
OCCLUSION_STOCK_KIND = 6
"""``OriginalStockKind.ImageOcclusion``: how Anki knows an image occlusion note type."""
OCCLUSION_CSS = "occlusion/style.css"
"""Anki's stock Image Occlusion stylesheet, as Anki 23.10 and later write it."""


def occlusion_settings() -> str:
    """Return the Anki settings of the Image Occlusion note type, as JSON ``NoteTypeDef.anki``.

    Each field as Anki creates it, with the tag by which Anki's mask editor finds it (0 to 4,
    ``ImageOcclusionField``) and its protection from deletion; stable field and template ids;
    the original stock kind that makes the note type one of image occlusion.
    """
    prefix = f"ankismith/notetype/{NoteKind.OCCLUSION.value}"
    fields = [
        {
            "name": name,
            "font": "Arial",
            "size": 20,
            "sticky": False,
            "rtl": False,
            "description": "",
            "plainText": False,
            "collapsed": False,
            "excludeFromSearch": False,
            "id": stable_id(f"{prefix}/field/{name}"),
            "tag": tag,
            "preventDeletion": name != "Comments",
        }
        for tag, name in enumerate(OCCLUSION_FIELDS)
    ]
    templates = [{"id": stable_id(f"{prefix}/template/Image Occlusion")}]
    settings = {"fields": fields, "templates": templates, "originalStockKind": OCCLUSION_STOCK_KIND}
    return json.dumps(settings, sort_keys=True)


# Every note type carries Hint, Source and Id: decided up front so none of them ever needs a field
# added later (docs/notetypes.md).
NOTE_TYPES: dict[NoteKind, NoteType] = {
    NoteKind.BASIC: NoteType(
        kind=NoteKind.BASIC,
        name="ankismith Basic",
        fields=("Question", "Answer", "Explanation", "Hint", "Source", "Id"),
        templates=(Template("Card 1", "basic/front.html", "basic/back.html"),),
    ),
    NoteKind.CHOICE: NoteType(
        kind=NoteKind.CHOICE,
        name="ankismith Choice",
        fields=("Question", "Choices", "Answer", "Explanation", "Hint", "Source", "Id"),
        templates=(Template("Card 1", "choice/front.html", "choice/back.html"),),
    ),
    NoteKind.CLOZE: NoteType(
        kind=NoteKind.CLOZE,
        name="ankismith Cloze",
        fields=("Text", "Explanation", "Hint", "Source", "Id"),
        templates=(Template("Cloze", "cloze/front.html", "cloze/back.html"),),
        cloze=True,
    ),
    # Anki's own Image Occlusion note type (rslib image_occlusion/notetype.rs), not ours: its
    # fields, template and CSS are Anki's stock ones, so Anki's mask editor opens its notes.
    NoteKind.OCCLUSION: NoteType(
        kind=NoteKind.OCCLUSION,
        name="ankismith Image Occlusion",
        fields=OCCLUSION_FIELDS,
        templates=(Template("Image Occlusion", "occlusion/front.html", "occlusion/back.html"),),
        cloze=True,
    ),
    NoteKind.REVERSED: NoteType(
        kind=NoteKind.REVERSED,
        name="ankismith Reversed",
        fields=("Front", "Back", "Explanation", "Hint", "Source", "Id"),
        templates=(
            Template("Forward", "reversed/forward-front.html", "reversed/forward-back.html"),
            Template("Reverse", "reversed/reverse-front.html", "reversed/reverse-back.html"),
        ),
    ),
    NoteKind.TYPEIN: NoteType(
        kind=NoteKind.TYPEIN,
        name="ankismith Type-in",
        fields=("Question", "Answer", "Explanation", "Hint", "Source", "Id"),
        templates=(Template("Card 1", "typein/front.html", "typein/back.html"),),
    ),
}


def template_text(name: str) -> str:
    """Return a template or stylesheet shipped as package data under ``templates/``."""
    # The package's own folder: importlib.resources is slow to import.
    return (Path(__file__).parent / "templates" / name).read_text(encoding="utf-8")
