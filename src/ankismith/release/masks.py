"""Image occlusion notes across releases: mask groups renumbered, and mask changes told. Pure.

The release rule ``mask-renumbered`` reports a card that now asks for another mask group;
``mask_changes`` says what changed in a note's masks, group by group, for ``diff``.

Anki keeps a card's review history with its ordinal, which on an Image Occlusion note is the
cloze number of a mask group. A group is known by its label (the ``Comments`` lines our builds
write, ``c1: Left atrium``), else, in a package made elsewhere, by its masks.
"""

from __future__ import annotations

import msgspec

from ankismith.apkg.contents import NoteInfo, PackageInfo
from ankismith.importing.occlusion import is_occlusion
from ankismith.parse.occlusion import anki_masks, comment_labels
from ankismith.release.rules import Problem
from ankismith.text import visible_text


class MaskGroup(msgspec.Struct, frozen=True):
    """One mask group of a note: its card number, its label, its masks."""

    number: int
    label: str
    """The label the ``Comments`` field gives it; "" when it has none."""
    masks: frozenset[tuple[str, tuple[tuple[str, str], ...]]]
    """Each mask's shape and place (its properties but ``oi``, which says how it is hidden)."""

    def __str__(self) -> str:
        if self.label:
            return f"'{self.label}'"
        shape, place = min(self.masks)
        found = dict(place)
        at = " ".join(_percent(found.get(side, "0")) for side in ("left", "top"))
        more = f" and {len(self.masks) - 1} more" if len(self.masks) > 1 else ""
        return f"the {shape} at {at}{more}"


def _percent(value: str) -> str:
    try:
        return f"{round(float(value) * 100, 2):g}%"
    except ValueError:
        return value


def mask_groups(note: NoteInfo) -> dict[int, MaskGroup]:
    """Return a note's mask groups by card number (its fields in Anki's order)."""
    values = [value for _, value in note.fields] + ["", "", "", "", ""]
    labels = comment_labels(values[4]) or {}
    shapes: dict[int, set[tuple[str, tuple[tuple[str, str], ...]]]] = {}
    for mask in anki_masks(values[0]):
        if mask.shape != "text" and mask.ordinal:
            place = tuple(p for p in mask.properties if p[0] != "oi")
            shapes.setdefault(mask.ordinal, set()).add((mask.shape, place))
    return {n: MaskGroup(n, labels.get(n, ""), frozenset(s)) for n, s in sorted(shapes.items())}


def _changes(
    before: dict[int, MaskGroup], after: dict[int, MaskGroup]
) -> list[tuple[MaskGroup, str]]:
    """Return each released group whose card now asks for another one, or for none, with why."""
    labeled = all(g.label for g in (*before.values(), *after.values()))

    def find(group: MaskGroup, among: dict[int, MaskGroup]) -> MaskGroup | None:
        if labeled:
            return next((g for g in among.values() if g.label == group.label), None)
        return next((g for g in among.values() if g.masks == group.masks), None)

    found = []
    for number, group in before.items():
        now = after.get(number)
        if now is not None and (now.masks == group.masks or (labeled and now.label == group.label)):
            continue
        moved = find(group, after)
        # Gone to a card of its own, new at 0 reviews (another card's line tells the rest).
        fresh = moved is not None and moved.number not in before
        gone = f", {group} is card {moved.number} at 0 reviews" if moved and fresh else ""
        if now is None:
            found.append((group, f"card {number} asked for {group}, now for no mask{gone}"))
        elif labeled or moved is not None or find(now, before) is not None:
            found.append((group, f"card {number} asked for {group}, now for {now}{gone}"))
    return found


def _fix(changes: list[tuple[MaskGroup, str]], after: dict[int, MaskGroup]) -> str:
    """Return how to keep the released numbers: the ``cN`` to write before each moved label."""
    labels = {g.label for g in after.values()}
    keep = [f"'c{g.number}: {g.label}'" for g, _ in changes if g.label and g.label in labels]
    written = f" ({', '.join(keep)})" if keep else ""
    return (
        "Keep each released group's number: write it before the label, at the end of the "
        f"mask's numbers{written}, and a new group takes a number no group had "
        "(docs/format.md#image-occlusion). If the change is meant, accept it for the card's id "
        "in deck.yaml's 'release:'."
    )


def occlusion_kinds(package: PackageInfo) -> frozenset[int]:
    """Return the ids of a package's Image Occlusion note types."""
    return frozenset(t.id for t in package.notetypes if is_occlusion(t))


def occlusion_heading(note: NoteInfo) -> str:
    """Return an occlusion note's heading: the first line of its ``Header`` field, as text."""
    values = [value for _, value in note.fields] + ["", "", ""]
    return visible_text(values[2].split("\n")[0])


def _shown(note: NoteInfo) -> str:
    """Name a note for a message: its id, else (no ``Id`` field) its heading and GUID."""
    if note.key != note.guid:
        return f"'{note.key}'"
    heading = occlusion_heading(note)
    return f"'{heading}' (GUID {note.guid!r})" if heading else f"{note.guid!r}"


def _named(group: MaskGroup) -> str:
    return f"c{group.number} {group.label or group}"


def _texts(note: NoteInfo) -> dict[str, frozenset[tuple[tuple[str, str], ...]]]:
    """Return the texts a note writes on its image, each with where it stands."""
    values = [value for _, value in note.fields] + [""]
    found: dict[str, set[tuple[tuple[str, str], ...]]] = {}
    for mask in anki_masks(values[0]):
        if mask.shape == "text":
            place = tuple(p for p in mask.properties if p[0] in ("left", "top", "scale"))
            found.setdefault(mask.get("text"), set()).add(place)
    return {text: frozenset(places) for text, places in found.items()}


def _hides_all(note: NoteInfo) -> bool:
    values = [value for _, value in note.fields] + [""]
    return any(m.get("oi") == "1" for m in anki_masks(values[0]) if m.shape != "text")


def mask_changes(old: NoteInfo, new: NoteInfo) -> tuple[str, ...]:
    """Return what changed in an occlusion note's masks, group by group, in words.

    Each group is named by its card number and label (``c3 Mercury moved``, ``c7 Comet
    added``), a group without a label by where its first mask stands.
    """
    before, after = mask_groups(old), mask_groups(new)
    found = []
    for number in sorted(before.keys() | after.keys()):
        was, now = before.get(number), after.get(number)
        if was is None and now is not None:
            found.append(f"{_named(now)} added")
        elif now is None and was is not None:
            found.append(f"{_named(was)} removed")
        elif was is not None and now is not None:
            relabeled = was.label != now.label
            if relabeled and was.masks != now.masks:
                found.append(f"{_named(was)} is now {now.label or now}")
            elif relabeled:
                found.append(f"{_named(was)} renamed {now.label or now}")
            elif was.masks != now.masks:
                shapes = (sorted(shape for shape, _ in g.masks) for g in (was, now))
                found.append(
                    f"{_named(now)} {'moved' if next(shapes) == next(shapes) else 'reshaped'}"
                )
    texts = _texts(old), _texts(new)
    for text in sorted(texts[0].keys() | texts[1].keys()):
        was_at, now_at = (t.get(text) for t in texts)
        if was_at != now_at:
            what = "added" if was_at is None else "removed" if now_at is None else "moved"
            found.append(f"text '{text}' {what}")
    if _hides_all(old) != _hides_all(new):
        found.append(
            "the front now hides every mask"
            if _hides_all(new)
            else "the front now hides only the mask asked"
        )
    return tuple(found)


def renumbered_masks(old: PackageInfo, new: PackageInfo) -> list[Problem]:
    """Report image occlusion notes whose cards now ask for other mask groups, or for none."""
    kinds = [occlusion_kinds(package) for package in (old, new)]
    after = {n.guid: n for n in new.notes if n.notetype in kinds[1]}
    found = []
    for note in old.notes:
        then = after.get(note.guid)
        if note.notetype not in kinds[0] or then is None:
            continue
        before, now = mask_groups(note), mask_groups(then)
        changes = _changes(before, now)
        if not changes:
            continue
        said = "; ".join(why for _, why in changes)
        shown = _shown(note)
        found.append(
            Problem(
                "mask-renumbered",
                f"occlusion card {shown}: {said}. Anki keeps review history with the card "
                "number, so learners' history goes to other masks (a card left with no mask says "
                f"'No cloze found on card', its history orphaned). {_fix(changes, now)}",
                (note.key,),
                f"Image occlusion card {shown}: its masks changed cards ({said}). Your "
                "review history stays with the card number: reset those cards (Browse > Forget) "
                "to learn them afresh; delete empty ones with Tools > Empty Cards.",
            )
        )
    return found
