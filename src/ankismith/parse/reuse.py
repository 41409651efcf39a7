"""Parse results reused per file content: a file whose text is unchanged is not parsed again.

Pure: earlier results come in, the results this parse used go out; reading and writing them
is cache/parses.py's. A file's key covers everything its parse depends on: its paths and text,
the deck settings and the author's note types (the cache folder is kept under a digest of
ankismith's own code), so a reused result is the one parsing would give.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from ankismith.findings import Finding
from ankismith.model import Card, NoteTypeDef, SourceFile
from ankismith.parse.settings import DeckSettings
from ankismith.workers import follow

FileParse = tuple[tuple[Card, ...], tuple[Finding, ...]]
"""One file's cards and findings."""


def file_key(
    source: SourceFile,
    settings: DeckSettings,
    notetypes: Mapping[str, NoteTypeDef | None],
    context: str | None = None,
) -> str:
    """Return the key of one file's parse: its place and text, the settings, the note types.

    ``context`` is ``parse_context(settings, notetypes)``, when already at hand.
    """
    context = parse_context(settings, notetypes) if context is None else context
    digest = hashlib.sha256(f"{source.path}\x1f{source.relpath}\x1f{context}\x1f".encode())
    digest.update(source.text.encode())
    return digest.hexdigest()


def parse_context(settings: DeckSettings, notetypes: Mapping[str, NoteTypeDef | None]) -> str:
    """Return what every file's parse depends on besides the file: settings and note types."""
    return f"{settings!r}\x1f{sorted(notetypes.items(), key=lambda item: item[0])!r}"


PARALLEL_FROM = 3_000_000
"""Characters of text to parse from which worker processes pay for their start (parsing
takes about 0.1 s a million characters)."""


def _parse(job: tuple[SourceFile, DeckSettings, dict[str, NoteTypeDef | None]]) -> FileParse:
    from ankismith.parse import scanner  # a reader of parses alone (a preview) needs no parser

    source, settings, notetypes = job
    parsed, errors = scanner.parse_source(source, settings, notetypes)
    return tuple(parsed), tuple(errors)


def _parse_all(
    todo: Sequence[SourceFile],
    settings: DeckSettings,
    notetypes: Mapping[str, NoteTypeDef | None],
    workers: int,
) -> list[FileParse]:
    """Parse ``todo``, in order: in ``workers`` processes when there is enough text to pay."""
    jobs = [(source, settings, dict(notetypes)) for source in todo]
    if workers > 1 and sum(len(source.text) for source in todo) >= PARALLEL_FROM:
        from concurrent.futures import ProcessPoolExecutor

        start = (os.getpid(),)
        with ProcessPoolExecutor(workers, initializer=follow, initargs=start) as pool:
            return list(pool.map(_parse, jobs, chunksize=max(1, len(jobs) // (4 * workers))))
    return [_parse(job) for job in jobs]


def parse_files_reusing(
    settings: DeckSettings,
    sources: Sequence[SourceFile],
    previous: Mapping[str, FileParse],
    notetypes: Mapping[str, NoteTypeDef | None] = MappingProxyType({}),
    workers: int = 1,
) -> tuple[list[Card], list[Finding], dict[str, FileParse]]:
    """Parse every file as ``parse_files`` does, reusing ``previous`` results for unchanged ones.

    Files to parse are parsed in ``workers`` processes when there are enough of them. Returns
    the cards, the findings and the results to keep for the next build.
    """
    context = parse_context(settings, notetypes)
    keys = [file_key(source, settings, notetypes, context) for source in sources]
    todo = [source for source, key in zip(sources, keys, strict=True) if key not in previous]
    fresh = iter(_parse_all(todo, settings, notetypes, workers))
    cards: list[Card] = []
    problems: list[Finding] = []
    used: dict[str, FileParse] = {}
    for key in keys:
        found = previous[key] if key in previous else next(fresh)
        used[key] = found
        cards.extend(found[0])
        problems.extend(found[1])
    return cards, problems, used
