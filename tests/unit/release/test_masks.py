"""The mask-renumbered release rule on hand-made image occlusion notes."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from ankismith.apkg.contents import NoteInfo, PackageInfo
from ankismith.notetypes.builtin import note_guid
from ankismith.parse.settings import ReleaseAcceptance
from ankismith.release.accept import judge
from ankismith.release.guard import guard
from ankismith.release.masks import renumbered_masks
from tests.unit.release.occlusion import IO, T1, A, B, C

T2 = 1700086400
GUID = note_guid("deck-q8vz3k", "heart")


def note(groups: list[tuple[int, str, str]], labels: bool = True, mtime: int = T1) -> NoteInfo:
    """Return an occlusion note: (card number, label, rect properties) a group."""
    masks = "".join(
        f"{{{{c{n}::image-occlusion:rect:{place}:oi=1}}}}<br>" for n, _, place in groups
    )
    comments = "<br>".join(f"c{n}: {label}" for n, label, _ in groups) if labels else ""
    fields = (
        ("Occlusion", masks + "{{c0::image-occlusion:text:left=.1:top=.9:text=Apex:scale=1.}}"),
        ("Image", '<img src="heart.png">'),
        ("Header", "The heart"),
        ("Back Extra", ""),
        ("Comments", comments),
    )
    return NoteInfo(GUID, GUID, IO.id, fields, (), ("Deck",), mtime)


def package(path: str, *notes: NoteInfo) -> PackageInfo:
    return PackageInfo(path, notes, (IO,), ("Deck",), ())


def problems(before: NoteInfo, after: NoteInfo) -> list[str]:
    return [str(p) for p in renumbered_masks(package("v1", before), package("v2", after))]


OLD = [(1, "Atrium", A), (2, "Ventricle", B)]
SWAPPED = [(1, "Ventricle", B), (2, "Atrium", A)]


@pytest.mark.parametrize(
    "new",
    [
        [*OLD, (3, "Aorta", C)],  # a new group at the end
        [(1, "Atrium", A), (3, "Aorta", C), (2, "Ventricle", B)],  # inserted with a number
        [(1, "Left atrium", A), (2, "Ventricle", B)],  # label renamed, masks as they were
        [(1, "Atrium", C), (2, "Ventricle", B)],  # a mask moved, its label kept
    ],
)
def test_groups_keeping_their_numbers_pass(new: list[tuple[int, str, str]]) -> None:
    assert problems(note(OLD), note(new, mtime=T2)) == []


def test_a_group_inserted_above_names_each_card_and_the_numbers_to_write() -> None:
    new = [(1, "Aorta", C), (2, "Atrium", A), (3, "Ventricle", B)]
    (problem,) = problems(note(OLD), note(new, mtime=T2))
    assert problem.startswith(
        f"occlusion card 'The heart' (GUID {GUID!r}): card 1 asked for 'Atrium', now for "
        "'Aorta'; card 2 asked for 'Ventricle', now for 'Atrium', 'Ventricle' is card 3 at 0 "
        "reviews. Anki keeps review history with the card number"
    )
    assert "('c1: Atrium', 'c2: Ventricle')" in problem
    assert problem.endswith("[mask-renumbered]")


def test_without_labels_groups_are_known_by_their_masks() -> None:
    swapped = note([(1, "", B), (2, "", A)], labels=False, mtime=T2)
    (problem,) = problems(note(OLD, labels=False), swapped)
    assert problem.startswith(
        f"occlusion card 'The heart' (GUID {GUID!r}): card 1 asked for the rect at 10% 10%, now "
        "for the rect at 50% 50%; card 2 asked for the rect at 50% 50%, now for the rect at 10% "
        "10%. Anki"
    )
    edited = note([(1, "", C), (2, "", B)], labels=False, mtime=T2)
    assert problems(note(OLD, labels=False), edited) == []  # a mask edited in place


def test_a_removed_group_leaves_an_empty_card() -> None:
    (problem,) = problems(note(OLD), note(OLD[:1], mtime=T2))
    assert "card 2 asked for 'Ventricle', now for no mask." in problem


def test_other_note_types_are_not_judged() -> None:
    basic = replace(IO, id=8, cloze=False, templates=(("Card 1", "{{Front}}", ""),))
    old = replace(package("v1", note(OLD)), notetypes=(basic,))
    old = replace(old, notes=(replace(old.notes[0], notetype=8),))
    swapped = replace(note([(1, "Atrium", B), (2, "Ventricle", A)]), notetype=8)
    assert renumbered_masks(old, replace(old, notes=(swapped,))) == []


def test_accepted_by_the_card_id_though_the_package_knows_only_its_guid() -> None:
    old, new = package("v1", note(OLD)), package("v2", note(SWAPPED, mtime=T2))
    acceptance = ReleaseAcceptance("v1", (("mask-renumbered", ("heart",)),), 3, "deck-q8vz3k")
    judged = judge(old, new, acceptance, ["v1"])
    assert (judged.problems, judged.notes) == ((), ())
    assert [p.code for p in judged.accepted] == ["mask-renumbered"]
    other = ReleaseAcceptance("v1", (("mask-renumbered", ("lungs",)),), 3, "deck-q8vz3k")
    judged = judge(old, new, other, ["v1"])
    assert [p.code for p in judged.problems] == ["mask-renumbered"]
    assert judged.notes[0].endswith(
        "but no change of card 'lungs' fails mask-renumbered: remove it from 'accept:'."
    )


def test_a_note_known_by_its_guid_under_a_new_one_is_a_duplicate_unless_the_deck_id_explains() -> (
    None
):
    old = package("v1", note(OLD))
    moved = replace(note(OLD, mtime=T2), key="other", guid="other")
    (problem,) = [str(p) for p in guard(old, package("v2", moved))]
    assert problem.startswith(
        f"card with GUID {GUID!r} is back under the new GUID 'other' with the same content"
    )
    assert problem.endswith("Give it back its released id. [id-renamed]")
    a, b = (NoteInfo(k, f"g-{k}", IO.id, (("Id", k),), (), ("Deck",), T1) for k in "ab")
    both = replace(old, notes=(a, b, old.notes[0]))
    later = (replace(n, guid=n.guid + "2", mtime=T2) for n in (a, b))
    assert [p.code for p in guard(both, replace(both, notes=(*later, moved)))] == [
        "deck-id-changed"
    ]
