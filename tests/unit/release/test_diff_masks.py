"""diff and release notes tell an image occlusion note's masks group by group, not as cloze text."""

from __future__ import annotations

from ankismith.apkg.contents import NoteInfo, PackageInfo
from ankismith.release.diff import diff_packages
from ankismith.release.diff_format import as_markdown, as_text
from tests.unit.release.occlusion import IO, T1, A, B, C

GUID = "GctuSVt~ir"


def note(
    groups: list[tuple[int, str, str]],
    labels: bool = True,
    header: str = "<p>The heart</p>",
    text: str = "left=.1:top=.9",
    oi: str = ":oi=1",
    guid: str = GUID,
) -> NoteInfo:
    """Return an occlusion note: (card number, label, rect properties) a group."""
    masks = "".join(f"{{{{c{n}::image-occlusion:rect:{place}{oi}}}}}<br>" for n, _, place in groups)
    masks += f"{{{{c0::image-occlusion:text:{text}:text=Apex:scale=1.}}}}"
    comments = "<br>".join(f"c{n}: {label}" for n, label, _ in groups) if labels else ""
    fields = (
        ("Occlusion", masks),
        ("Image", '<img src="heart.png">'),
        ("Header", header),
        ("Back Extra", ""),
        ("Comments", comments),
    )
    return NoteInfo(guid, guid, IO.id, fields, (), ("Deck",), T1)


def package(path: str, *notes: NoteInfo) -> PackageInfo:
    return PackageInfo(path, notes, (IO,), ("Deck",), ())


def text_of(before: NoteInfo, after: NoteInfo) -> str:
    return as_text(diff_packages(package("v1", before), package("v2", after)))


OLD = [(1, "Atrium", A), (2, "Ventricle", B)]


def test_a_moved_mask_and_a_new_group_are_told_by_their_labels() -> None:
    after = note([(1, "Atrium", C), (2, "Ventricle", B), (3, "Aorta", A)])
    shown = text_of(note(OLD), after)
    assert "~ card 'GctuSVt~ir' (The heart):\n    masks: c1 Atrium moved; c3 Aorta added\n" in shown
    assert "image-occlusion" not in shown and "Comments" not in shown


def test_removed_renamed_and_reshaped_groups() -> None:
    after = [(1, "Left atrium", A)]
    assert "masks: c1 Atrium renamed Left atrium; c2 Ventricle removed" in text_of(
        note(OLD), note(after)
    )
    polygon = note(OLD)
    fields = list(polygon.fields)
    fields[0] = (
        "Occlusion",
        fields[0][1].replace(f"rect:{B}", "polygon:left=.5:top=.5:points=.5,.5 .6,.6"),
    )
    reshaped = NoteInfo(GUID, GUID, IO.id, tuple(fields), (), ("Deck",), T1)
    assert "masks: c2 Ventricle reshaped" in text_of(note(OLD), reshaped)


def test_another_group_under_a_card_number_names_both() -> None:
    swapped = [(1, "Ventricle", B), (2, "Atrium", A)]
    assert "masks: c1 Atrium is now Ventricle; c2 Ventricle is now Atrium" in text_of(
        note(OLD), note(swapped)
    )


def test_groups_without_labels_are_named_by_their_place() -> None:
    after = [(1, "", C), (2, "", B)]
    shown = text_of(note(OLD, labels=False), note(after, labels=False))
    assert "masks: c1 the rect at 70% 20% moved" in shown


def test_text_on_the_image_and_the_way_the_front_hides() -> None:
    shown = text_of(note(OLD), note(OLD, text="left=.2:top=.9", oi=""))
    assert "masks: text 'Apex' moved; the front now hides only the mask asked" in shown


def test_the_header_is_diffed_as_text_and_names_the_note() -> None:
    shown = text_of(note(OLD), note(OLD, header="<p>The human heart</p>"))
    assert "~ card 'GctuSVt~ir' (The human heart):\n    Header: The {+human+} heart\n" in shown


def test_added_and_removed_notes_show_their_heading() -> None:
    diff = diff_packages(package("v1", note(OLD)), package("v2", note(OLD, guid="other")))
    shown = as_text(diff)
    assert "+ card 'other': The heart\n- card 'GctuSVt~ir': The heart\n" in shown
    untitled = diff_packages(package("v1"), package("v2", note(OLD, header="")))
    assert "+ card 'GctuSVt~ir': an image occlusion note\n" in as_text(untitled)


def test_release_notes_name_the_note_by_its_heading() -> None:
    after = note([(1, "Atrium", A), (2, "Ventricle", B), (3, "Aorta", C)])
    notes = as_markdown(diff_packages(package("v1", note(OLD)), package("v2", after)))
    assert "- The heart (`GctuSVt~ir`): masks: c3 Aorta added\n" in notes
    assert "image\\-occlusion" not in notes and "\\{\\{c" not in notes
