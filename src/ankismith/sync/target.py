"""Where the author's Anki is, and the two commands run against it: ``push_to``, ``pull_from``.

A closed collection file (``--collection``, or ``--profile``'s, or the only profile's) is
opened with the ``anki`` package; a running Anki is reached through AnkiConnect
(``connect.py``). Each returns the lines ``cli.py`` prints.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import msgspec
import msgspec.structs

from ankismith.errors import BuildError
from ankismith.sync.record import FieldBase, Record
from ankismith.text import plural

if TYPE_CHECKING:
    from ankismith.content.read import Content


def _collection(collection: Path | None, profile: str | None, environ: Mapping[str, str]) -> Path:
    from ankismith.sync.profile import profile_collection

    return collection if collection is not None else profile_collection(profile, environ)


def _one(collection: Path | None, profile: str | None, anki_connect: str | None) -> None:
    """Refuse --anki-connect with a collection: a running Anki, or a closed file, not both."""
    if anki_connect is not None and (collection is not None or profile is not None):
        raise BuildError(
            "--anki-connect reaches a running Anki; --collection and --profile a "
            "closed one: give one of them"
        )


def push_to(
    content_dir: Path,
    output: Path,
    environ: Mapping[str, str],
    collection: Path | None,
    profile: str | None,
    anki_connect: str | None,
    shared: Path | None = None,
) -> list[str]:
    """Push ``content_dir`` into the author's Anki; return the lines to print.

    ``shared`` is the project's shared folder of note types and media, if any.
    """
    _one(collection, profile, anki_connect)
    if anki_connect is not None:
        from ankismith.sync.connect import push_connect

        return push_connect(content_dir, output, environ, anki_connect, shared)
    from ankismith.sync.push import push_collection

    path = _collection(collection, profile, environ)
    report = push_collection(content_dir, output, path, environ, shared)
    done = report.imported
    lines = [
        f"Pushed {report.build.output} into {path}: {plural(done.new, 'new note')}, "
        f"{done.updated} updated, {done.unchanged} unchanged"
    ]
    if done.conflicting:
        raise BuildError(
            f"{lines[0]}; {plural(done.conflicting, 'note')} not updated: their note type "
            "changed (Anki made a copy); see docs/notetypes.md"
        )
    return lines


def pull_from(
    content_dir: Path,
    output: Path,
    environ: Mapping[str, str],
    collection: Path | None,
    profile: str | None,
    anki_connect: str | None,
    dry_run: bool,
    prefer: str | None,
    shared: Path | None = None,
) -> Iterator[str]:
    """Pull edits made in Anki into ``content_dir``; yield the lines to print.

    ``shared`` is the project's shared folder of note types and media, if any.
    """
    from ankismith.apkg.contents import NoteInfo
    from ankismith.atomic import write_atomic
    from ankismith.content.read import read_content
    from ankismith.sync.pull import media_links, plan_pull
    from ankismith.sync.push import compile_sides
    from ankismith.sync.record import load_record, record_path, save_record

    _one(collection, profile, anki_connect)
    record = load_record(content_dir)
    if record is None:
        raise BuildError(
            f"{content_dir}: no push recorded ({record_path(content_dir)}); push first"
        )
    sides = compile_sides(content_dir, output, environ, "pulled", shared)
    guids = set(record.notes) | set(sides.guids)
    anki: dict[str, NoteInfo]
    if anki_connect is not None:
        from ankismith.sync.connect import read_connect

        anki = read_connect(anki_connect, environ, guids, record.decks)
    else:
        from ankismith.sync.collection import notes, opened

        with opened(_collection(collection, profile, environ)) as col:
            anki = notes(col, guids, record.decks)
    content = read_content(content_dir, shared)
    # A variant's card files may lie in the folder it extends: each is written where it is.
    where = {source.relpath.as_posix(): Path(source.path) for source in content.sources}
    texts = {
        card.source: where.get(card.source, content_dir / card.source).read_bytes().decode("utf-8")
        for card in sides.compiled.cards
    }
    plan = plan_pull(sides, record, anki, texts, media_links(content.media), prefer)
    if plan.texts:
        _check_after(content, plan.texts, output, environ)
    for path, (old, new) in plan.texts.items():
        if dry_run:
            name = where.get(path, content_dir / path).as_posix()
            yield from (
                line.rstrip("\n")
                for line in difflib.unified_diff(
                    old.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    f"a/{name}",
                    f"b/{name}",
                )
            )
        else:
            target = where.get(path, content_dir / path)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, new.encode("utf-8"))
    yield from (f"note: {line}" for line in plan.notes)
    for conflict in plan.conflicts:
        yield str(conflict)
    if not dry_run and plan.record is not None:
        refreshed = _reread(content_dir, output, environ, plan.record, plan.refresh, shared)
        save_record(content_dir, refreshed)
    verb = "would change" if dry_run else "changed"
    summary = (
        f"Pulled from Anki: {plural(plan.taken, 'field')} taken, "
        f"{plural(plan.added, 'note')} added, {verb} "
        f"{plural(len(plan.texts), 'file')}, {plural(len(plan.conflicts), 'conflict')}"
    )
    if plan.conflicts:
        raise BuildError(
            f"{summary}; the Markdown of each conflict is kept "
            "(settle them with --prefer anki or --prefer markdown)"
        )
    yield summary


def _check_after(
    content: Content,
    changed: Mapping[str, tuple[str, str]],
    output: Path,
    environ: Mapping[str, str],
) -> None:
    """Refuse a pull whose files would fail check (they passed before it); nothing is written."""
    from ankismith.apkg.buildtime import EARLIEST
    from ankismith.cache.folder import cache_folder
    from ankismith.cache.reuse import load_reuse
    from ankismith.errors import ContentErrors
    from ankismith.findings import blocking
    from ankismith.model import SourceFile
    from ankismith.pipeline import compile_content

    sources = {source.relpath.as_posix(): source for source in content.sources}
    for path, (_old, new) in changed.items():
        shown = str(content.root / path)
        sources[path] = SourceFile(shown, PurePosixPath(path), new.removeprefix("\ufeff"))
    ordered = tuple(sorted(sources.values(), key=lambda source: source.relpath.parts))
    reuse = load_reuse(cache_folder(output, environ), package=False)
    after = compile_content(
        msgspec.structs.replace(content, sources=ordered), EARLIEST, reuse=reuse
    )
    if after.deck is None:
        raise ContentErrors(
            blocking(after.diagnostics),
            "the pull would make the deck fail check; nothing was written.",
        )


def _reread(
    content_dir: Path,
    output: Path,
    environ: Mapping[str, str],
    record: Record,
    refresh: set[tuple[str, str]],
    shared: Path | None = None,
) -> Record:
    """Return ``record`` with the Markdown of each field a pull wrote as the parser reads it."""
    from ankismith.errors import ContentErrors
    from ankismith.sync.fields import synced_fields
    from ankismith.sync.push import compile_sides

    if not refresh:
        return record
    try:
        sides = compile_sides(content_dir, output, environ, shared=shared)
    except ContentErrors:
        return record
    notes = dict(record.notes)
    for card, guid, names, _html in sides.pairs():
        base = notes.get(guid)
        if base is None:
            continue
        fields = dict(base.fields)
        for synced in synced_fields(card, names):
            if (guid, synced.name) in refresh and synced.name in fields:
                fields[synced.name] = FieldBase(fields[synced.name].html, synced.markdown)
        notes[guid] = msgspec.structs.replace(base, fields=fields)
    return msgspec.structs.replace(record, notes=notes)
