"""Release rules about what reaches learners at all: build times, and a release with no change.

Anki updates a note, or a note type, only when the incoming modification time is newer than the
learner's copy. Cards added always arrive; cards removed are never deleted. Pure.
"""

from __future__ import annotations

from ankismith.apkg.contents import NoteTypeInfo, PackageInfo
from ankismith.release.rules import Problem, content_of, names, when
from ankismith.text import plural


def _layout(notetype: NoteTypeInfo) -> tuple[object, ...]:
    return (notetype.name, notetype.fields, notetype.templates, notetype.css, notetype.options)


def _schema(notetype: NoteTypeInfo) -> tuple[object, ...]:
    return (notetype.fields, tuple(t[0] for t in notetype.templates))


def delivery(old: PackageInfo, new: PackageInfo, *, explained: bool = False) -> list[Problem]:
    """Report changes that would not reach learners, or a release in which nothing does.

    ``explained``: another rule already found a problem, which says more than "nothing new".
    """
    before = {n.guid: n for n in old.notes}
    kept = [n for n in new.notes if n.guid in before]
    changed = [n for n in kept if content_of(n) != content_of(before[n.guid])]
    stale = [n for n in changed if n.mtime <= before[n.guid].mtime]
    added = [n for n in new.notes if n.guid not in before]
    types = {t.id: t for t in old.notetypes}
    relaid = [t for t in new.notetypes if t.id in types and _layout(t) != _layout(types[t.id])]
    # A changed schema arrives as a copy whatever the time: the schema rule reports it.
    stale_types = [
        t for t in relaid if t.mtime <= types[t.id].mtime and _schema(t) == _schema(types[t.id])
    ]
    found = []
    if stale:
        newest = max(before[n.guid].mtime for n in stale)
        found.append(
            Problem(
                "not-newer",
                f"{len(stale)} changed {'card' if len(stale) == 1 else 'cards'} ({names(stale)}) "
                f"would not reach learners: built {when(min(n.mtime for n in stale))}, not newer "
                f"than the previous release ({when(newest)}), and Anki skips a note that is not "
                "newer. Commit the changes and build again (the build time is the last "
                "commit's), or set SOURCE_DATE_EPOCH to the release commit's time.",
            )
        )
    found += [
        Problem(
            "layout-not-newer",
            f"note type '{t.name}' has new templates or CSS, but its time {when(t.mtime)} is not "
            f"newer than the previous release's ({when(types[t.id].mtime)}): learners keep the "
            "old layout. Build with SOURCE_DATE_EPOCH set to the current time, or commit and "
            "build again.",
        )
        for t in stale_types
    ]
    reaching = len(changed) - len(stale) + len(added) + len(relaid) - len(stale_types)
    if not found and not reaching and not explained:
        removed = len(old.notes) - len(kept)
        gone = (
            f" The only change is {plural(removed, 'removed card')}, which Anki never "
            f"deletes: tell learners to delete {'it' if removed == 1 else 'them'}."
            if removed
            else ""
        )
        found.append(
            Problem(
                "nothing-new",
                f"nothing to release: no note was added, and no note or card layout changed "
                f"since {old.path}, so learners would get nothing.{gone} Edit, commit and build "
                "again, or do not publish it.",
            )
        )
    return found
