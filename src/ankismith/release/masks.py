"""The release rule over image occlusion notes: a card that now asks for another mask group. Pure.

Anki keeps a card's review history with its ordinal, which on an Image Occlusion note is the
cloze number of a mask group. A group is known by its label (the ``Comments`` lines our builds
write, ``c1: Left atrium``), else, in a package made elsewhere, by its masks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ankismith.apkg.contents import NoteInfo, PackageInfo
from ankismith.importing.occlusion import is_occlusion
from ankismith.parse.occlusion import anki_masks, comment_labels
from ankismith.release.rules import Problem
from ankismith.text import visible_text


@dataclass(frozen=True, slots=True)
class _Group:
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


def _groups(note: NoteInfo) -> dict[int, _Group]:
    """Return a note's mask groups by card number (its fields in Anki's order)."""
    values = [value for _, value in note.fields] + ["", "", "", "", ""]
    labels = comment_labels(values[4]) or {}
    shapes: dict[int, set[tuple[str, tuple[tuple[str, str], ...]]]] = {}
    for mask in anki_masks(values[0]):
        if mask.shape != "text" and mask.ordinal:
            place = tuple(p for p in mask.properties if p[0] != "oi")
            shapes.setdefault(mask.ordinal, set()).add((mask.shape, place))
    return {n: _Group(n, labels.get(n, ""), frozenset(s)) for n, s in sorted(shapes.items())}


def _changes(before: dict[int, _Group], after: dict[int, _Group]) -> list[tuple[_Group, str]]:
    """Return each released group whose card now asks for another one, or for none, with why."""
    labeled = all(g.label for g in (*before.values(), *after.values()))

    def find(group: _Group, among: dict[int, _Group]) -> _Group | None:
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


def _fix(changes: list[tuple[_Group, str]], after: dict[int, _Group]) -> str:
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


def _shown(note: NoteInfo) -> str:
    """Name a note for a message: its id, else (no ``Id`` field) its heading and GUID."""
    if note.key != note.guid:
        return f"'{note.key}'"
    values = [value for _, value in note.fields] + ["", "", ""]
    heading = visible_text(values[2].split("\n")[0])
    return f"'{heading}' (GUID {note.guid!r})" if heading else f"{note.guid!r}"


def renumbered_masks(old: PackageInfo, new: PackageInfo) -> list[Problem]:
    """Report image occlusion notes whose cards now ask for other mask groups, or for none."""
    kinds = [{t.id for t in package.notetypes if is_occlusion(t)} for package in (old, new)]
    after = {n.guid: n for n in new.notes if n.notetype in kinds[1]}
    found = []
    for note in old.notes:
        then = after.get(note.guid)
        if note.notetype not in kinds[0] or then is None:
            continue
        before, now = _groups(note), _groups(then)
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
