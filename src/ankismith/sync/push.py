"""``ankismith push``: build the deck and import it into the author's own Anki, then record it.

The build is the one ``build`` runs, with its caches, dated now so every note the author
changed is newer than the copy in Anki. The import is Anki's own (``collection.py``), with
the options a learner's File > Import has, so the author's collection ends as a learner's
does. A note edited in Anki since the last push is never overwritten: push stops and asks
for a pull first.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

import msgspec

from ankismith.apkg.contents import NoteInfo
from ankismith.errors import BuildError, ContentErrors
from ankismith.model import BuildReport, Card
from ankismith.pipeline import Compiled
from ankismith.sync.collection import Imported
from ankismith.sync.fields import synced_fields
from ankismith.sync.record import FieldBase, NoteBase, Record, load_record, save_record


class Sides(msgspec.Struct, frozen=True):
    """The content as it is now, compiled, with each note's GUID and field names."""

    compiled: Compiled
    guids: tuple[str, ...]
    """Each card's note GUID, in the order of ``compiled.cards``."""
    names: tuple[tuple[str, ...], ...]
    """Each card's note type's field names."""
    root: str
    """The deck name every card's deck starts with."""

    def pairs(self) -> list[tuple[Card, str, tuple[str, ...], tuple[str, ...]]]:
        """Return (card, GUID, field names, field HTML) for each card."""
        deck = self.compiled.deck
        assert deck is not None, "a compiled deck"
        return [
            (card, guid, names, note.fields)
            for card, guid, names, note in zip(
                self.compiled.cards, self.guids, self.names, deck.notes, strict=True
            )
        ]


class PushReport(msgspec.Struct, frozen=True):
    """What a push did."""

    build: BuildReport
    imported: Imported
    record: Path


def push_time(content_dir: Path, environ: Mapping[str, str], shared: Path | None = None) -> int:
    """Return the time a push dates its notes: the content's last change, commit or edit.

    Anki updates a note only from a newer one, so an edit not yet committed must count; and
    with nothing changed since the last push, the notes are as old as Anki's: none is touched.
    An edit in the project's ``shared`` folder, or in the folder a variant extends, counts too.
    """
    from ankismith.apkg.buildtime import resolve_build_time
    from ankismith.content.read import extended, load

    committed, _ = resolve_build_time(content_dir, environ)
    base = extended(content_dir, load(content_dir)[0])  # a variant's base counts as its own
    if base is not None:
        committed = max(committed, resolve_build_time(base, environ)[0])
    folders = [folder for folder in (content_dir, shared, base) if folder is not None]
    edited = max(
        (
            int(Path(root, name).stat().st_mtime)
            for folder in folders
            for root, _dirs, names in os.walk(folder)
            for name in names
        ),
        default=0,
    )
    return min(max(committed, edited), int(time.time()))


def push_environ(
    content_dir: Path, environ: Mapping[str, str], output: Path, shared: Path | None = None
) -> dict[str, str]:
    """Return the environment of the build a push runs: ``push_time``, the build's cache shared."""
    from ankismith.cache.folder import ENVIRONMENT, cache_folder

    env = dict(environ)
    env["SOURCE_DATE_EPOCH"] = str(push_time(content_dir, environ, shared))
    env[ENVIRONMENT] = str(cache_folder(output, environ))
    return env


def compile_sides(
    content_dir: Path,
    output: Path,
    environ: Mapping[str, str],
    done: str = "pushed",
    shared: Path | None = None,
) -> Sides:
    """Compile ``content_dir`` (reusing the build cache); refuse content that fails check.

    ``done`` is what the refusal says was not done ("nothing was pushed"); ``shared`` is the
    project's shared folder of note types and media.
    """
    from ankismith.apkg.buildtime import EARLIEST
    from ankismith.cache.folder import cache_folder
    from ankismith.cache.reuse import load_reuse
    from ankismith.content.read import read_content
    from ankismith.notetypes.builtin import note_guid
    from ankismith.pipeline import compile_content

    content = read_content(content_dir, shared)
    reuse = load_reuse(cache_folder(output, environ), package=False)
    compiled = compile_content(content, EARLIEST, reuse=reuse)
    if (deck := compiled.deck) is None:
        raise ContentErrors(
            compiled.diagnostics, f"{compiled.summary()}; the deck fails check; nothing was {done}."
        )
    namespace = deck.settings.namespace
    guids = tuple(note.guid or note_guid(namespace, note.card_id) for note in deck.notes)
    types = {nt.key: nt.fields for nt in deck.notetypes}
    names = tuple(types[note.notetype] for note in deck.notes)
    return Sides(compiled, guids, names, deck.settings.name)


def base_of(sides: Sides, anki: Mapping[str, NoteInfo], commit: str, target: str) -> Record:
    """Return the record of what Anki holds now for each card, beside its Markdown."""
    notes: dict[str, NoteBase] = {}
    for card, guid, names, _html in sides.pairs():
        held = anki.get(guid)
        if held is None:
            continue
        fields = dict(held.fields)
        notes[guid] = NoteBase(
            card_id=card.card_id,
            source=card.source,
            deck=card.deck,
            tags=held.tags,
            fields={
                s.name: FieldBase(fields.get(s.name, ""), s.markdown)
                for s in synced_fields(card, names)
            },
        )
    return Record(commit, target, (sides.root,), notes)


def edited_in_anki(record: Record | None, anki: Mapping[str, NoteInfo]) -> list[str]:
    """Name each note whose synced fields Anki holds otherwise than the last push left them."""
    if record is None:
        return []
    edited: list[str] = []
    for guid, base in sorted(record.notes.items(), key=lambda item: item[1].card_id):
        held = anki.get(guid)
        if held is None:
            continue
        fields = dict(held.fields)
        changed = [n for n, f in base.fields.items() if n in fields and fields[n] != f.html]
        if changed or held.tags != base.tags:
            what = ", ".join(changed) if changed else "tags"
            edited.append(f"{base.source}: card '{base.card_id}' ({what})")
    return edited


def commit_of(content_dir: Path) -> str:
    """Return the commit the content is at ("" outside git), marked when it has changes."""
    from ankismith.git import resolve_commit, uncommitted

    commit = resolve_commit("HEAD", content_dir.resolve()) or ""
    if commit and uncommitted(content_dir):
        commit += "+changes"
    return commit


def push_collection(
    content_dir: Path,
    output: Path,
    collection: Path,
    environ: Mapping[str, str],
    shared: Path | None = None,
) -> PushReport:
    """Build ``content_dir`` and import it into the closed collection file ``collection``.

    ``shared`` is the project's shared folder of note types and media, if any.
    """
    from ankismith.pipeline import build
    from ankismith.sync.collection import import_deck, notes, opened

    record = load_record(content_dir)
    sides = compile_sides(content_dir, output, environ, shared=shared)
    with opened(collection) as col:
        before = notes(col, record.notes if record else (), ())
        if edited := edited_in_anki(record, before):
            raise BuildError(
                f"{plural_notes(len(edited))} edited in Anki since the last push; pull first "
                "(ankismith pull); nothing was pushed:\n  " + "\n  ".join(edited)
            )
        try:
            env = push_environ(content_dir, environ, output, shared)
            report = build(content_dir, output / "push", env, shared=shared)
        except ContentErrors as exc:
            raise ContentErrors(exc.findings, "the deck fails check; nothing was pushed.") from None
        imported = import_deck(col, Path(report.output))
        after = notes(col, sides.guids, ())
    record = base_of(sides, after, commit_of(content_dir), str(collection.resolve()))
    return PushReport(report, imported, save_record(content_dir, record))


def plural_notes(count: int) -> str:
    """Return '1 note was' or '3 notes were'."""
    return "1 note was" if count == 1 else f"{count} notes were"
