"""Anki's Image Occlusion notes read back as Markdown: the image and a list of masks.

A note type is Anki's Image Occlusion one when it is a cloze note type whose template calls
``anki.imageOcclusion.setup()`` (the stock template, in any language: field names are
translated, the call is not). Its fields stand in Anki's order: occlusions, image, header,
back extra, comments (``rslib/src/image_occlusion/notetype.rs``).
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from ankismith.apkg.contents import NoteTypeInfo
from ankismith.parse.occlusion import anki_masks, comment_labels, mask_line

SETUP = "anki.imageOcclusion.setup()"
"""What the stock template's script calls: how an Image Occlusion note type is known."""


def is_occlusion(notetype: NoteTypeInfo) -> bool:
    """Return True for Anki's own Image Occlusion note type (or ours, which is the same)."""
    return (
        notetype.cloze
        and len(notetype.fields) >= 4
        and any(SETUP in front for _, front, _ in notetype.templates)
    )


class OcclusionNote(msgspec.Struct, frozen=True):
    """An Image Occlusion note's parts, ready to write as a card."""

    header: str
    """The ``Header`` field's HTML: the card's heading (and any text below it)."""
    image: str
    """The ``Image`` field's HTML."""
    masks: tuple[str, ...]
    """The masks as lines of the Markdown list."""
    occlude: str
    """``all`` when the masks hide every group on the front (``oi=1``), else ``one``."""
    back_extra: str
    """The ``Back Extra`` field's HTML."""
    dropped: str
    """Text of ``Comments`` that no label holds (a note made in Anki): "" for none."""


def occlusion_note(fields: Sequence[tuple[str, str]]) -> OcclusionNote:
    """Return an Image Occlusion note's parts from its fields, in Anki's order.

    Groups take their labels from the ``Comments`` lines our builds write (``c1: Left
    atrium``); a note made in Anki has none, and its groups are named ``Group 1``, ...
    """
    values = [value for _, value in fields] + [""] * 5
    occlusions, image, header, back_extra, comments = values[:5]
    read = comment_labels(comments)
    labels = read or {}
    masks = anki_masks(occlusions)
    asked = [mask for mask in masks if mask.shape != "text" and mask.ordinal]
    occlude = "all" if any(mask.get("oi") == "1" for mask in asked) else "one"
    # Written in order, groups would be numbered as they first appear: when that is not how
    # the note numbers them (a gap, another order), each group's first mask says its number.
    order = list(dict.fromkeys(mask.ordinal for mask in asked))
    numbered = order != list(range(1, len(order) + 1))
    written: list[str] = []
    seen: set[int] = set()
    for mask in masks:
        label = labels.get(mask.ordinal) or f"Group {mask.ordinal}"
        first = mask.shape != "text" and mask.ordinal and mask.ordinal not in seen
        seen.add(mask.ordinal)
        written.append(mask_line(mask, label, mask.ordinal if numbered and first else 0))
    return OcclusionNote(
        header, image, tuple(written), occlude, back_extra, "" if read is not None else comments
    )
