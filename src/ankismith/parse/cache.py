"""Parse results reused per file content: a file whose text is unchanged is not parsed again.

Pure: earlier results come in, the results this parse used go out; reading and writing them
is render/store.py's. A file's key covers everything its parse depends on: its paths and text,
the deck settings, the author's note types, and the parser's own source, so a reused result is
the one parsing would give.
``encode`` and ``decode`` turn one file's results into JSON values and back.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ankismith import findings, model
from ankismith.findings import Finding, Severity
from ankismith.model import Card, Choice, Location, NoteKind, NoteTypeDef, SourceFile
from ankismith.parse import scanner
from ankismith.parse.settings import DeckSettings
from ankismith.workers import follow

FileParse = tuple[tuple[Card, ...], tuple[Finding, ...]]
"""One file's cards and findings."""


def parser_version() -> str:
    """Return a digest of the parser's source: an edit to it makes every cached parse stale."""
    folder = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.read_bytes())
    for module in (model, findings):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


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


PARALLEL_FROM = 500_000
"""Characters of text to parse from which worker processes pay for their start."""


def _parse(job: tuple[SourceFile, DeckSettings, dict[str, NoteTypeDef | None]]) -> FileParse:
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


_LAYOUT = {
    Card: (
        "location",
        "kind",
        "card_id",
        "explicit_id",
        "question",
        "answer",
        "explanation",
        "hint",
        "tags",
        "deck",
        "source",
        "choices",
        "shuffle",
        "meta_line",
        "notetype",
        "fields",
        "guid",
    ),
    Choice: ("correct", "text"),
    Finding: ("location", "message", "code", "severity", "subject"),
    Location: ("path", "line", "column"),
}
"""The fields the cache writes, in order. A class that gains a field is not cached until its
layout here names it, so a cached value can never lose one."""


@functools.cache
def _check_layout() -> None:
    for kind, names in _LAYOUT.items():
        if tuple(f.name for f in dataclasses.fields(kind)) != names:
            raise TypeError(f"the parse cache does not know the fields of {kind.__name__}")


def _place(where: Location) -> list[Any]:
    return [where.path, where.line, where.column]


def _card(card: Card) -> list[Any]:
    return [
        _place(card.location),
        card.kind.value if card.kind else None,
        card.card_id,
        card.explicit_id,
        card.question,
        card.answer,
        card.explanation,
        card.hint,
        list(card.tags),
        card.deck,
        card.source,
        [[c.correct, c.text] for c in card.choices],
        card.shuffle,
        card.meta_line,
        card.notetype,
        [list(f) for f in card.fields],
        card.guid,
    ]


def _finding(f: Finding) -> list[Any]:
    severity = f.severity.value if f.severity else None
    return [_place(f.location), f.message, f.code, severity, f.subject]


def encode(parse: FileParse) -> list[Any]:
    """Return one file's parse as JSON values; TypeError when the cache cannot hold it."""
    _check_layout()
    return [[_card(c) for c in parse[0]], [_finding(f) for f in parse[1]]]


_KINDS: dict[str | None, NoteKind | None] = {None: None, **{k.value: k for k in NoteKind}}
"""Each kind by its value: a lookup, not an enum call, for each of thousands of cards."""


def decode(value: Any) -> FileParse:
    """Return the parse ``encode`` was given; TypeError or ValueError for anything else."""
    _check_layout()
    cards, problems = value
    return (
        tuple(
            Card(
                Location(*place),
                _KINDS[kind],
                card_id,
                explicit,
                question,
                answer,
                explanation,
                hint,
                tuple(tags),
                deck,
                source,
                tuple(Choice(correct, text) for correct, text in choices) if choices else (),
                shuffle,
                meta_line,
                notetype,
                tuple((name, text) for name, text in fields) if fields else (),
                guid,
            )
            for (
                place,
                kind,
                card_id,
                explicit,
                question,
                answer,
                explanation,
                hint,
                tags,
                deck,
                source,
                choices,
                shuffle,
                meta_line,
                notetype,
                fields,
                guid,
            ) in cards
        ),
        tuple(
            Finding(Location(*place), message, code, Severity(sev) if sev else None, subject)
            for place, message, code, sev, subject in problems
        ),
    )
