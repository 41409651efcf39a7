"""Compare two releases: cards by their ``Id``, note types by id, decks by name. Pure.

An image occlusion note's masks are told group by group (``c3 Mercury moved``), not as the
cloze text that holds them.
"""

from __future__ import annotations

import difflib

import msgspec

from ankismith.apkg.contents import NoteInfo, NoteTypeInfo, PackageInfo
from ankismith.parse.occlusion import comment_labels
from ankismith.release.masks import mask_changes, occlusion_heading, occlusion_kinds
from ankismith.render.report import without_report
from ankismith.sanitize.active import scripts_in
from ankismith.text import visible_text

# Words of unchanged text kept around each change in a field diff.
CONTEXT = 4
WORD_PAIRS = 1_000_000
"""Most (old words x new words) compared word by word after the common start and end are
set aside; the matcher's time grows with that product. Past it, the middle is shown whole."""


class FieldChange(msgspec.Struct, frozen=True):
    """One changed field of a card, as visible text."""

    name: str
    """Field name, or ``tags`` / ``deck``."""
    pieces: tuple[tuple[str, str], ...]
    """The diff as (kind, words): kind is ``=`` kept, ``-`` removed, ``+`` added, ``…`` elided."""


class CardChange(msgspec.Struct, frozen=True):
    """A card present in both releases whose content differs."""

    key: str
    """The card's ``Id``."""
    fields: tuple[FieldChange, ...]
    """What changed, in field order."""
    title: str = ""
    """An image occlusion note's heading (it has no ``Id``): what names it to people."""


class DeckDiff(msgspec.Struct, frozen=True):
    """Everything that differs between two releases."""

    old: str
    """The earlier release, as given."""
    new: str
    """The later release, as given."""
    added: tuple[NoteInfo, ...]
    """Cards only in ``new``."""
    removed: tuple[NoteInfo, ...]
    """Cards only in ``old``."""
    changed: tuple[CardChange, ...]
    """Cards in both whose fields, tags or deck differ."""
    notetypes: tuple[tuple[str, tuple[str, ...]], ...]
    """(note type name, what changed), for note types added, removed or changed."""
    decks_added: tuple[str, ...]
    """Deck names only in ``new``."""
    decks_removed: tuple[str, ...]
    """Deck names only in ``old``."""
    decks_renamed: tuple[tuple[str, str], ...]
    """(old name, new name): a deck gone whose cards went to a new deck."""
    presets: tuple[tuple[str, str], ...] = ()
    """(name, ``added``, ``changed`` or ``removed``) of each deck options preset that differs."""
    titles: tuple[tuple[str, str], ...] = ()
    """(key, heading) of each image occlusion note added or removed: its field holds masks."""

    @property
    def empty(self) -> bool:
        """Return True when the releases do not differ in anything compared."""
        return not (self.added or self.removed or self.changed or self.notetypes) and not (
            self.decks_added or self.decks_removed or self.presets
        )


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Return a short word-level diff of two texts, unchanged runs cut to a little context."""
    a, b = old.split(), new.split()
    pieces: list[tuple[str, str]] = []
    ops = _opcodes(a, b)
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            words = a[i1:i2]
            head = words[:CONTEXT] if n else []
            tail = words[-CONTEXT:] if n < len(ops) - 1 else []
            if len(words) > len(head) + len(tail):
                pieces += [("=", " ".join(head))] * bool(head) + [("…", "")]
                pieces += [("=", " ".join(tail))] * bool(tail)
            else:
                pieces.append(("=", " ".join(words)))
            continue
        if i2 > i1:
            pieces.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("+", " ".join(b[j1:j2])))
    return tuple(pieces)


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Return difflib's opcodes for ``a`` -> ``b``, in time linear in their length past a size.

    The common start and end are matched first; a middle too large to compare word by word is
    one replacement.
    """
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    ops = [("equal", 0, start, 0, start)] if start else []
    if len(middle_a) * len(middle_b) <= WORD_PAIRS:
        matcher = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False)
        middle = [
            (op, i1 + start, i2 + start, j1 + start, j2 + start)
            for op, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
        ops += [op for op in middle if op[1] != op[2] or op[3] != op[4]]
    else:
        ops.append(("replace", start, len(a) - end, start, len(b) - end))
    if end:
        ops.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return ops


def _field_changes(
    old: NoteInfo, new: NoteInfo, occlusion: bool = False
) -> tuple[FieldChange, ...]:
    """Return what changed in a note; on an occlusion note, its masks in words (``masks``)."""
    changes = []
    before = dict(old.fields)
    for index, (name, value) in enumerate(new.fields):
        previous = before.get(name, "")
        if occlusion and index == 0:
            if value != previous:
                said = "; ".join(mask_changes(old, new)) or "rewritten, the same masks"
                changes.append(FieldChange("masks", (("=", said),)))
            continue
        if occlusion and index == 4 and None not in map(comment_labels, (value, previous)):
            continue  # the group labels, told with the masks
        if without_report(value) != without_report(previous):
            a, b = visible_text(previous), visible_text(value)
            pieces = word_diff(a, b) if a != b else (("=", "(markup only)"),)
            changes.append(FieldChange(name, pieces))
    for name, old_value, new_value in (
        ("tags", old.tags, new.tags),
        ("deck", old.decks, new.decks),
    ):
        if old_value != new_value:
            changes.append(FieldChange(name, word_diff(" ".join(old_value), " ".join(new_value))))
    return tuple(changes)


def _notetype_changes(old: NoteTypeInfo, new: NoteTypeInfo) -> tuple[str, ...]:
    found = []
    if old.name != new.name:
        found.append(f"renamed from '{old.name}'")
    if old.fields != new.fields:
        found.append(f"fields: {', '.join(old.fields)} -> {', '.join(new.fields)}")
    if [t[0] for t in old.templates] != [t[0] for t in new.templates]:
        before, after = (", ".join(t[0] for t in nt.templates) for nt in (old, new))
        found.append(f"templates: {before} -> {after}")
    previous = {t[0]: t for t in old.templates}
    for name, front, back in new.templates:
        if name in previous and previous[name][1] != front:
            found.append(f"template '{name}': front changed")
        if name in previous and previous[name][2] != back:
            found.append(f"template '{name}': back changed")
    if old.css != new.css:
        found.append("CSS changed")
    if old.options != new.options:
        found.append("field or template settings changed")
    return tuple(found)


def _script_changes(old: NoteTypeInfo | None, new: NoteTypeInfo) -> list[str]:
    """Name each template side whose scripts were added, changed or removed, one line each."""
    previous = {t[0]: t for t in old.templates} if old is not None else {}
    found = []
    for name, *sides in new.templates:
        before = previous.get(name, (name, "", ""))
        for side, was, now in zip(("front", "back"), before[1:], sides, strict=True):
            was_scripts, now_scripts = scripts_in(was), scripts_in(now)
            if was_scripts != now_scripts:
                what = "added" if not was_scripts else "removed" if not now_scripts else "changed"
                found.append(f"template '{name}' {side}: script {what}")
    return found


def _notetypes(old: PackageInfo, new: PackageInfo) -> list[tuple[str, tuple[str, ...]]]:
    """Return each note type's changes; each change to a template's scripts on a line of its own."""
    before, after = {t.id: t for t in old.notetypes}, {t.id: t for t in new.notetypes}
    found: list[tuple[str, tuple[str, ...]]] = []
    for nid in sorted(before.keys() | after.keys()):
        if nid not in before:
            found.append((after[nid].name, ("added",)))
        elif nid not in after:
            found.append((before[nid].name, ("removed",)))
        elif changes := _notetype_changes(before[nid], after[nid]):
            found.append((after[nid].name, changes))
        if nid in after:
            found += [(after[nid].name, (c,)) for c in _script_changes(before.get(nid), after[nid])]
    return found


def renamed_decks(old: PackageInfo, new: PackageInfo) -> list[tuple[str, str]]:
    """Pair each deck gone in ``new`` with the new deck most of its cards went to."""
    gone, fresh = set(old.decks) - set(new.decks), set(new.decks) - set(old.decks)
    after = {n.key: n.decks for n in new.notes}
    pairs = []
    for name in sorted(gone):
        moved = (after.get(n.key, ()) for n in old.notes if name in n.decks)
        targets = [d for decks in moved for d in decks if d in fresh]
        if targets:
            pairs.append((name, max(sorted(set(targets)), key=targets.count)))
    return pairs


def _presets(old: PackageInfo, new: PackageInfo) -> tuple[tuple[str, str], ...]:
    before, after = dict(old.presets), dict(new.presets)
    return tuple(
        (name, "added" if name not in before else "removed" if name not in after else "changed")
        for name in sorted(before.keys() | after.keys())
        if before.get(name) != after.get(name)
    )


def _title(note: NoteInfo) -> str:
    """Name an image occlusion note: its heading, else what it is."""
    return occlusion_heading(note) or "an image occlusion note"


def diff_packages(old: PackageInfo, new: PackageInfo) -> DeckDiff:
    """Return what changed from ``old`` to ``new``."""
    before, after = {n.key: n for n in old.notes}, {n.key: n for n in new.notes}
    kinds = occlusion_kinds(old) | occlusion_kinds(new)
    changed = []
    for key in sorted(before.keys() & after.keys()):
        then, now = before[key], after[key]
        occlusion = then.notetype in kinds and now.notetype in kinds
        if fields := _field_changes(then, now, occlusion):
            changed.append(CardChange(key, fields, _title(now) if occlusion else ""))
    titles = {n.key: _title(n) for n in (*old.notes, *new.notes) if n.notetype in kinds}
    return DeckDiff(
        old=old.path,
        new=new.path,
        added=tuple(after[k] for k in sorted(after.keys() - before.keys())),
        removed=tuple(before[k] for k in sorted(before.keys() - after.keys())),
        changed=tuple(changed),
        notetypes=tuple(_notetypes(old, new)),
        decks_added=tuple(sorted(set(new.decks) - set(old.decks))),
        decks_removed=tuple(sorted(set(old.decks) - set(new.decks))),
        decks_renamed=tuple(renamed_decks(old, new)),
        presets=_presets(old, new),
        titles=tuple(sorted(titles.items())),
    )
