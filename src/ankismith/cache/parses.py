"""Each file's parse in the cache folder (``parse.log``): parse/reuse.py's ``FileParse``.

``encode`` and ``decode`` turn one file's cards and findings into JSON values and back;
``load_parses`` and ``save_parses`` read and write them (an append-only log, cache/log.py);
``find_parses`` reads a few.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ankismith.cache.log import LogIndex, Saved, load_log, save_log
from ankismith.findings import Finding, Severity
from ankismith.model import Card, Choice, Location, NoteKind

if TYPE_CHECKING:  # the parser itself is not needed to read or write its results
    from ankismith.parse.reuse import FileParse

PARSE_LOG = "parse.log"
"""The file in the cache folder."""

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
        "report",
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
        if tuple(kind.__struct_fields__) != names:
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
        card.report,
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
    # What many cards share (their file, deck, tags, note type) is one string, as parsing
    # gives it, not a copy per card: tens of megabytes at 100,000 cards.
    same = sys.intern
    return (
        tuple(
            Card(
                Location(same(place[0]), *place[1:]),
                _KINDS[kind],
                card_id,
                explicit,
                question,
                answer,
                explanation,
                hint,
                tuple(map(same, tags)),
                same(deck),
                same(source),
                tuple(Choice(correct, text) for correct, text in choices) if choices else (),
                shuffle,
                meta_line,
                same(notetype),
                tuple((name, text) for name, text in fields) if fields else (),
                guid,
                report,
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
                report,
            ) in cards
        ),
        tuple(
            Finding(Location(*place), message, code, Severity(sev) if sev else None, subject)
            for place, message, code, sev, subject in problems
        ),
    )


def load_parses(root: Path, stamp: str) -> Saved[FileParse]:
    """Return the parse results saved by the last build."""
    return load_log(root / PARSE_LOG, stamp, decode)


def find_parses(root: Path, stamp: str) -> Mapping[str, FileParse]:
    """Return the parse results saved by the builds, each read when asked for.

    As ``load_parses`` gives them, for a reader that needs a few (``cache/log.py``'s
    ``LogIndex``): a preview after a build takes the changed files' cards from there.
    """
    return LogIndex(root / PARSE_LOG, stamp, decode)


def save_parses(
    root: Path, stamp: str, parses: Mapping[str, FileParse], saved: Mapping[str, FileParse]
) -> None:
    """Save this build's parse results (those read from the cache are not written again)."""
    save_log(root / PARSE_LOG, stamp, parses, saved, encode)
