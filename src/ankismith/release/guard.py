"""The release guard: changes that would strand learners who already have the previous release.

Each rule follows how Anki's importer matches a package (see docs/updates.md): notes by GUID,
note types by id and schema, decks by name, static media by name alone, updates only if newer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ankismith.apkg.contents import NoteTypeInfo, PackageInfo
from ankismith.model import NoteKind
from ankismith.notetypes.builtin import NOTE_TYPES
from ankismith.release.delivery import delivery
from ankismith.release.diff import renamed_decks
from ankismith.release.masks import renumbered_masks
from ankismith.release.moves import left_decks, lost_tags, moved_cards, new_guids, renamed_ids
from ankismith.release.rules import Problem

# Anki skips these names whenever a file of that name exists, whatever its content.
STATIC_PREFIXES = ("_", "latex-")


def _schema(old: PackageInfo, new: PackageInfo) -> list[Problem]:
    after = {t.id: t for t in new.notetypes}
    found = []
    for before in old.notetypes:
        now = after.get(before.id)
        if now is None:
            continue
        names = [tuple(t[0] for t in nt.templates) for nt in (before, now)]
        lists = [
            f"{what} {', '.join(b)} -> {', '.join(a)}"
            for what, b, a in (("fields", before.fields, now.fields), ("templates", *names))
            if b != a
        ] or _changed_ids(before, now)
        if lists:
            found.append(
                Problem(
                    "schema-changed",
                    f"note type '{now.name}' ({now.id}) changed its {'; '.join(lists)} but kept "
                    "its id: learners' Anki keeps a copy of the old note type and never updates "
                    "those notes again. Restore the lists, or make a new note type with a new id "
                    "(and new card ids).",
                )
            )
    return found


def _changed_ids(before: NoteTypeInfo, now: NoteTypeInfo) -> list[str]:
    """Name the fields and templates whose ids changed: Anki 23.10+ matches them by id."""
    old, new = (json.loads(t.options) if t.options else {} for t in (before, now))
    found = []
    for key, names in (("fields", now.fields), ("templates", [t[0] for t in now.templates])):
        pairs = zip(old.get(key) or [], new.get(key) or [], names, strict=False)
        found += [
            f"{key[:-1]} '{name}' id {a['id']} -> {b['id']}"
            for a, b, name in pairs
            if a.get("id") is not None and b.get("id") is not None and a["id"] != b["id"]
        ]
    return found


def _types(old: PackageInfo, new: PackageInfo) -> list[Problem]:
    after = {n.guid: n for n in new.notes}
    names = {t.id: t.name for t in (*old.notetypes, *new.notetypes)}

    def fix(before: int, now: int) -> str:
        kinds = [_our_kind(names.get(one, "")) for one in (before, now)]
        if kinds[0] is None or kinds[0] != kinds[1]:
            return "Keep its type, or give the new card a new id and remove the old one."
        return (
            "Both are ankismith's own note type of one kind, under two ids: deck.yaml's "
            "'note_type_ids' changed since the release. Put it back as it was released."
        )

    return [
        Problem(
            "type-changed",
            f"card '{before.key}' moved to another note type ({before.notetype} -> "
            f"{now.notetype}): Anki marks the learner's note conflicting and never updates "
            f"it again. {fix(before.notetype, now.notetype)}",
            (before.key,),
            f"Card '{before.key}' changed its note type: your copy is no longer updated. Delete "
            "it and import the deck again to get the new one (its review history goes with it).",
        )
        for before in old.notes
        if (now := after.get(before.guid)) is not None and now.notetype != before.notetype
    ]


def _our_kind(name: str) -> NoteKind | None:
    """Return the kind of our note type named ``name``, a deck's own copy included, or None."""
    for kind, ours in NOTE_TYPES.items():
        if name == ours.name or (name.startswith(f"{ours.name} (") and name.endswith(")")):
            return kind
    return None


def _decks(old: PackageInfo, new: PackageInfo) -> list[Problem]:
    gone = sorted(set(old.decks) - set(new.decks))
    fresh = sorted(set(new.decks) - set(old.decks))
    if not (gone and fresh):
        return []
    pairs = renamed_decks(old, new) or [(", ".join(gone), ", ".join(fresh))]
    return [
        Problem(
            "deck-renamed",
            f"deck '{before}' renamed to '{after}': Anki finds decks by name, so learners' cards "
            f"stay in '{before}' and an empty '{after}' appears. Keep the released deck name.",
        )
        for before, after in pairs
    ]


def _media(old: PackageInfo, new: PackageInfo) -> list[Problem]:
    after = dict(new.media)
    return [
        Problem(
            "static-media",
            f"media file '{name}' changed content: Anki skips a file whose name starts with "
            f"{', '.join(repr(p) for p in STATIC_PREFIXES)} when the learner has one, so they keep "
            "the old one. Give the changed file a new name (e.g. with a version number).",
        )
        for name, digest in old.media
        if name.startswith(STATIC_PREFIXES) and name in after and after[name] != digest
    ]


def guard(
    old: PackageInfo,
    new: PackageInfo,
    accepted: frozenset[str] = frozenset(),
    elsewhere: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Return every way ``new`` would fail learners who have ``old``; empty when safe.

    The one rule set: ``diff --check`` and ``verify --against`` both call it, through
    ``release.accept.judge``, which sets aside what deck.yaml accepts. ``accepted`` are the
    cards whose move is accepted: they are reported apart from the others. ``elsewhere`` maps
    the GUIDs of a project's other decks, as of ``new``, to their deck's key.
    """
    guids = new_guids(old, new)
    renamed = renamed_ids(old, new)
    if any(p.code == "deck-id-changed" for p in guids):  # it explains the notes known by GUID
        by_guid = {n.key for n in new.notes if n.key == n.guid}
        renamed = [p for p in renamed if not set(p.cards) <= by_guid]
    found = [
        *_schema(old, new),
        *guids,
        *renamed,
        *_types(old, new),
        *_decks(old, new),
        *moved_cards(old, new, accepted),
        *left_decks(old, new, elsewhere or {}),
        *lost_tags(old, new),
        *renumbered_masks(old, new),
        *_media(old, new),
    ]
    return found + delivery(old, new, explained=bool(found))
