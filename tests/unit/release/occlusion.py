"""Anki's stock Image Occlusion note type and a few masks, for hand-made occlusion notes."""

from __future__ import annotations

from ankismith.apkg.contents import NoteTypeInfo

T1 = 1700000000
IO = NoteTypeInfo(
    7,
    "Image Occlusion",
    ("Occlusion", "Image", "Header", "Back Extra", "Comments"),
    (("Image Occlusion", "{{cloze:Occlusion}}<script>anki.imageOcclusion.setup();</script>", ""),),
    "",
    T1,
    cloze=True,
)
A, B, C = "left=.1:top=.1:width=.1:height=.1", "left=.5:top=.5:width=.1:height=.1", "left=.7:top=.2"
