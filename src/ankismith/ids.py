"""Write missing card ids into the Markdown sources, changing as few bytes as possible.

``plan_ids`` and ``insert_ids`` are pure: cards in, ids out; text in, text out. Only
``add_missing_ids`` reads and writes files, and it writes nothing unless the content is clean.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ankismith.content import load
from ankismith.diagnostics import Severity, classify
from ankismith.errors import BuildError, ContentErrors
from ankismith.model import Card, Location, SourceFile
from ankismith.package import write_atomic
from ankismith.parse import parse_source
from ankismith.validate import duplicate_ids

MAX_LENGTH = 48
_WORD = re.compile(r"[a-z0-9]+")
_LINE_END = re.compile(r"(\r\n|\r|\n)")
_EMPTY_ID = re.compile(r"(?i)(^|<!--|;)([ \t]*)id[ \t]*:(?=[ \t]*(?:;|-->|$))")


@dataclass(frozen=True, slots=True)
class AddedId:
    """An id written into a file."""

    location: Location
    """Where the id stands in the rewritten file."""
    card_id: str
    """The id."""


@dataclass(frozen=True, slots=True)
class IdsReport:
    """What ``ankismith ids`` changed."""

    added: tuple[AddedId, ...]
    """Every id written, by file and line."""
    files: int
    """Number of files rewritten."""
    cards: int
    """Number of cards in the deck."""


def _cut(words: Sequence[str], limit: int) -> str:
    text = ""
    for word in words:
        longer = f"{text}-{word}" if text else word
        if len(longer) > limit:
            break
        text = longer
    return text or (words[0][:limit] if words else "card")


def slugify(question: str, limit: int = MAX_LENGTH) -> str:
    """Return a lowercase, dash-separated id from a question's first line, cut at a word end."""
    first = question.split("\n", 1)[0]
    plain = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode().lower()
    return _cut(_WORD.findall(plain), limit)


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f"-{number}"
        candidate = _cut(base.split("-"), MAX_LENGTH - len(suffix)) + suffix
    return candidate


def plan_ids(cards: Sequence[Card], *, keep_derived: bool = False) -> dict[Location, str]:
    """Choose an id for every card without one: unique in the deck, case ignored.

    With ``keep_derived`` a card keeps the id it was built with so far (``q-…``), so learners
    who already have it keep its review history; otherwise it gets a readable slug.
    """
    taken = {card.card_id.casefold() for card in cards if card.explicit_id}
    planned: dict[Location, str] = {}
    for card in cards:
        if not card.explicit_id:
            new = _unique(card.card_id if keep_derived else slugify(card.question), taken)
            taken.add(new.casefold())
            planned[card.location] = new
    return planned


def _fill_empty_id(lines: list[str], start: int, card_id: str) -> bool:
    """Fill in an ``id:`` key left empty in the comment starting at ``start``."""
    for index in range(start, len(lines)):
        new, count = _EMPTY_ID.subn(rf"\g<1>\g<2>id: {card_id}", lines[index], count=1)
        if count:
            lines[index] = new
            return True
        if "-->" in lines[index]:
            return False
    return False


def insert_ids(
    text: str, ids: Mapping[int, str], metadata: Mapping[int, int]
) -> tuple[str, list[tuple[int, str]]]:
    """Write ``ids`` (by 1-based heading line) into ``text``; return it and each id's new line.

    ``metadata`` maps a heading line to the line of that card's metadata comment, as the
    parser found it (``Card.meta_line``); cards without one are absent.

    An existing metadata comment gets ``id: …;`` at its start; otherwise a ``<!-- id: … -->``
    line goes right under the heading. Line endings (the file's first one is used for new
    lines) and every other byte stay as they were.
    """
    parts = _LINE_END.split(text)
    lines, ends = parts[0::2], [*parts[1::2], ""]
    newline = ends[0] or "\n"
    written: list[tuple[int, str]] = []
    shift = 0  # lines inserted so far
    for heading_line in sorted(ids):
        card_id, heading = ids[heading_line], heading_line - 1 + shift
        meta = metadata[heading_line] - 1 + shift if heading_line in metadata else None
        if meta is None:
            meta = heading + 1
            ends[heading] = ends[heading] or newline
            lines.insert(meta, f"<!-- id: {card_id} -->")
            ends.insert(meta, newline if meta < len(ends) else "")
            shift += 1
        elif not _fill_empty_id(lines, meta, card_id):
            opener = lines[meta].index("<!--") + 4
            rest = lines[meta][opener:]
            if not rest.strip():
                meta += 1
                lines.insert(meta, f"id: {card_id}")
                ends.insert(meta, newline)
                shift += 1
            else:
                opener += rest.startswith(" ")
                line = lines[meta]
                lines[meta] = f"{line[:opener]}id: {card_id}; {line[opener:]}"
        written.append((meta + 1, card_id))
    return "".join(line + end for line, end in zip(lines, ends, strict=True)), written


def _gather(content_dir: Path) -> tuple[list[SourceFile], list[Card]]:
    """Read and parse the content; raise every error except duplicate *derived* ids.

    Two cards with the same question and no id collide only until they get ids, which is what
    this command is for.
    """
    settings, sources, errors = load(content_dir)
    cards: list[Card] = []
    if settings is not None:
        for source in sources:
            found, problems = parse_source(source, settings)
            cards += found
            errors += problems
        errors += duplicate_ids([card for card in cards if card.explicit_id])
    # Severities as configured in deck.yaml, as for a build: what a build accepts, ids accepts.
    findings = classify(errors, [], dict(settings.checks) if settings else {})
    if settings is None or any(d.severity is Severity.ERROR for d in findings):
        raise ContentErrors([d for d in findings if d.severity is Severity.ERROR])
    return sources, cards


def _encode(path: Path, old: str, new: str) -> bytes:
    """Return the bytes to write, keeping a BOM; refuse if the file changed since it was read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if data.decode("utf-8-sig", errors="replace") != old:
        raise BuildError(f"{path}: changed while ids were being added; nothing was written")
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    return bom + new.encode("utf-8")


def add_missing_ids(content_dir: Path, *, keep_derived: bool = False) -> IdsReport:
    """Write an id for every card without one; write nothing at all if the content has errors."""
    sources, cards = _gather(content_dir)
    planned = plan_ids(cards, keep_derived=keep_derived)
    added: list[AddedId] = []
    writes: list[tuple[Path, bytes]] = []
    for source in sources:
        ids = {loc.line: card_id for loc, card_id in planned.items() if loc.path == source.path}
        if not ids:
            continue
        metadata = {
            c.location.line: c.meta_line
            for c in cards
            if c.location.path == source.path and c.meta_line
        }
        text, written = insert_ids(source.text, ids, metadata)
        added += [AddedId(Location(source.path, line), card_id) for line, card_id in written]
        writes.append((Path(source.path), _encode(Path(source.path), source.text, text)))
    for path, data in writes:
        mode = stat.S_IMODE(path.stat().st_mode)
        write_atomic(path, data)
        os.chmod(path, mode)
    return IdsReport(added=tuple(added), files=len(writes), cards=len(cards))
