"""The release guard: changes that would strand learners who already have the previous release.

Each rule follows how Anki's importer matches a package (see docs/updates.md): notes by GUID,
note types by id and schema, decks by name, static media by name alone, updates only if newer.
"""

from __future__ import annotations

from ankismith.apkg.contents import PackageInfo
from ankismith.release.diff import renamed_decks
from ankismith.text import utc_time

# Anki skips these names whenever a file of that name exists, whatever its content.
STATIC_PREFIXES = ("_", "latex-")


def _schema(old: PackageInfo, new: PackageInfo) -> list[str]:
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
        ]
        if lists:
            found.append(
                f"note type '{now.name}' ({now.id}) changed its {'; '.join(lists)} but kept its "
                "id: learners' Anki keeps a copy of the old note type and never updates those "
                "notes again. Restore the lists, or make a new note type with a new id (and new "
                "card ids)."
            )
    return found


def _notes(old: PackageInfo, new: PackageInfo) -> list[str]:
    after = {n.key: n for n in new.notes}
    found = []
    for before in old.notes:
        now = after.get(before.key)
        if now is None:
            continue
        if now.guid != before.guid:
            found.append(
                f"card '{before.key}' has a new GUID ({before.guid!r} -> {now.guid!r}): learners "
                "get a second copy with no review history, beside the old card. Keep the card's "
                "id and the 'id' in deck.yaml as they were released."
            )
        elif now.notetype != before.notetype:
            found.append(
                f"card '{before.key}' moved to another note type ({before.notetype} -> "
                f"{now.notetype}): Anki marks the learner's note conflicting and never updates "
                "it again. Keep its type, or give the new card a new id and remove the old one."
            )
    return found


def _decks(old: PackageInfo, new: PackageInfo) -> list[str]:
    gone = sorted(set(old.decks) - set(new.decks))
    fresh = sorted(set(new.decks) - set(old.decks))
    if not (gone and fresh):
        return []
    pairs = renamed_decks(old, new) or [(", ".join(gone), ", ".join(fresh))]
    return [
        f"deck '{before}' renamed to '{after}': Anki finds decks by name, so learners' cards "
        f"stay in '{before}' and an empty '{after}' appears. Keep the released deck name."
        for before, after in pairs
    ]


def _media(old: PackageInfo, new: PackageInfo) -> list[str]:
    after = dict(new.media)
    return [
        f"media file '{name}' changed content: Anki skips a file whose name starts with "
        f"{', '.join(repr(p) for p in STATIC_PREFIXES)} when the learner has one, so they keep "
        "the old one. Give the changed file a new name (e.g. with a version number)."
        for name, digest in old.media
        if name.startswith(STATIC_PREFIXES) and name in after and after[name] != digest
    ]


def _when(seconds: int) -> str:
    return utc_time(seconds, "%Y-%m-%d %H:%M:%S UTC")


def build_time(package: PackageInfo, newest: bool) -> int | None:
    """Return the newest (or oldest) note or note-type mtime in a package, None if it has none."""
    times = [n.mtime for n in package.notes] + [t.mtime for t in package.notetypes]
    return (max if newest else min)(times) if times else None


def _time(old: PackageInfo, new: PackageInfo) -> list[str]:
    before, after = build_time(old, newest=True), build_time(new, newest=False)
    if before is None or after is None or after > before:
        return []
    return [
        f"build time {_when(after)} is not newer than the previous release's ({_when(before)}): "
        "Anki skips every note as a duplicate, so learners get none of the changes. Commit the "
        "changes and build with SOURCE_DATE_EPOCH set to the release commit's time."
    ]


def guard(old: PackageInfo, new: PackageInfo) -> list[str]:
    """Return every reason learners of ``old`` would be stranded by ``new``; empty when safe."""
    return [
        *_schema(old, new),
        *_notes(old, new),
        *_decks(old, new),
        *_media(old, new),
        *_time(old, new),
    ]
