"""What is wrong in the deck being imported, found before anything is written. Pure.

Real decks carry defects Anki lives with: two notes of one GUID (a CrowdAnki file merged by
hand), notes whose note type the package lacks, templates that give no card to any note. Each
is reported once, with what the import does about it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import msgspec

from ankismith.apkg.cardgen import Fronts, filled_fields
from ankismith.apkg.contents import NoteInfo, NoteTypeInfo
from ankismith.parse.cloze import DELETION

_DELETION = DELETION


class Defects(msgspec.Struct, frozen=True):
    """The source's defects the import acts on."""

    repeated_guids: frozenset[str]
    """GUIDs more than one note has: the first keeps it, the others are written without."""
    idle_templates: tuple[tuple[int, str], ...]
    """(note type id, template name) of each template that gives no note a card."""
    no_deletion: frozenset[str] = frozenset()
    """GUIDs of cloze notes without a deletion: Anki shows their one card as an error."""


def find_defects(notes: Sequence[NoteInfo], notetypes: Sequence[NoteTypeInfo]) -> Defects:
    """Return the defects of a deck's notes and the note types they use."""
    repeated = {guid for guid, count in Counter(n.guid for n in notes).items() if count > 1}
    idle: list[tuple[int, str]] = []
    by_type = {t.id: t for t in notetypes}
    counted: dict[int, Counter[tuple[bool, ...]]] = {}
    for note in notes:
        counted.setdefault(note.notetype, Counter())[
            filled_fields([v for _, v in note.fields])
        ] += 1
    for type_id, patterns in sorted(counted.items()):
        notetype = by_type.get(type_id)
        if notetype is None or notetype.cloze:
            continue  # a cloze note's cards come from its deletions, every note has one
        fronts = Fronts(notetype.fields, [front for _, front, _ in notetype.templates])
        giving = {ord_ for pattern in patterns for ord_ in fronts.ords(pattern)}
        idle += [
            (type_id, name)
            for ord_, (name, _, _) in enumerate(notetype.templates)
            if ord_ not in giving
        ]
    clozes = {t.id for t in notetypes if t.cloze}
    bare = {
        n.guid
        for n in notes
        if n.notetype in clozes and not any(_DELETION.search(value) for _, value in n.fields)
    }
    return Defects(frozenset(repeated), tuple(idle), frozenset(bare))
