"""Anki's Image Occlusion notes read back as mask lines that build the same card numbers."""

from __future__ import annotations

from ankismith.importing.occlusion import occlusion_note
from ankismith.parse.occlusion import groups, read_occlusion

RECT = "image-occlusion:rect:left=.1:top=.2:width=.3:height=.1"
ELLIPSE = "image-occlusion:ellipse:left=.5:top=.5:rx=.1:ry=.05"
TEXT = "image-occlusion:text:left=.45:top=.92:text=Apex:scale=1."


def fields(occlusion: str, comments: str = "") -> list[tuple[str, str]]:
    names = ("Occlusion", "Image", "Header", "Back Extra", "Comments")
    return list(zip(names, (occlusion, "<img src=a.png>", "H", "", comments), strict=True))


def rebuilt(lines: tuple[str, ...]) -> dict[str, int]:
    found, problems = read_occlusion(list(enumerate(lines, start=1)))
    assert problems == []
    return groups(found.masks)


def test_numbers_in_order_are_left_unwritten() -> None:
    note = occlusion_note(fields(f"{{{{c1::{RECT}}}}}<br>{{{{c2::{ELLIPSE}}}}}"))
    assert note.masks == (
        "- rect 10% 20% 30% 10%: Group 1",
        "- ellipse 50% 50% 20% 10%: Group 2",
    )


def test_numbers_out_of_order_or_with_gaps_are_written_so_cards_keep_them() -> None:
    occlusion = f"{{{{c3::{RECT}}}}}<br>{{{{c0::{TEXT}}}}}<br>{{{{c1::{ELLIPSE}}}}}<br>{{{{c3::{ELLIPSE}}}}}"
    note = occlusion_note(fields(occlusion, "c1: Aorta<br>c3: Atrium"))
    assert note.masks == (
        "- rect 10% 20% 30% 10% c3: Atrium",
        "- text 45% 92%: Apex",
        "- ellipse 50% 50% 20% 10% c1: Aorta",
        "- ellipse 50% 50% 20% 10%: Atrium",
    )
    assert rebuilt(note.masks) == {"Atrium": 3, "Aorta": 1}
