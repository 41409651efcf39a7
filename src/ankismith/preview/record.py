"""The site's record, in its marker file: from which inputs it was made, its files and notes.

``build.py`` reads it to find a preview of the very same inputs, and the notes it can take
from the site in place; ``patch.py`` to update the site in place. A record that cannot be read
is no record: nothing is taken from it.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import msgspec
import orjson

from ankismith.preview.site import MARKER


class PreviewReport(msgspec.Struct, frozen=True):
    """What a preview run wrote."""

    index: Path
    """The site's index.html."""
    cards: int
    """Number of Anki cards shown."""
    notes: int
    """Number of notes they come from (cards as written: one per ``## `` heading)."""
    files: int
    """Number of files in the site."""
    size: int
    """Total size of the site in bytes."""
    warnings: tuple[str, ...] = ()
    """Warning lines for the author, as ``ankismith build`` prints them."""
    decks: int = 1
    """Number of decks in the site."""
    reused: bool = False
    """The site in place was already this very preview: nothing was read again or written."""


def file_digest(data: bytes) -> str:
    """Return a file's digest as the record keeps it: its hash, then its size."""
    # SHA-256 (cut to 128 bits): the processor computes it, twice as fast as BLAKE2 here.
    return f"{hashlib.sha256(data).hexdigest()[:32]}-{len(data)}"


def recorded_size(digest: str) -> int:
    """Return the size of a file its ``file_digest`` names; -2 for a digest of another kind."""
    size = digest.rpartition("-")[2]
    return int(size) if size.isdigit() else -2


BLOCK_NOTES = 64
"""Notes per block of an index: its digest is made of its blocks' (``index_digest``)."""


MAIN_INDEX = "index.html"
"""The index a lone deck's entries are in: the record names no other index (``pack_notes``)."""

Place = tuple[str, str, int, int]
"""A card's page, the index holding its entry, and where the entry starts and ends in it."""


def pack_notes(notes: Iterable[tuple[str, Sequence[Sequence[Any]]]]) -> dict[str, list[list[Any]]]:
    """Return each note's cards as the record keeps them, from their ``[page, index, start, end]``.

    A card is kept as ``[page, gap, length]``, or ``[page, index, gap, length]`` when its entry
    is in another index than ``MAIN_INDEX``; ``gap`` is where its entry starts from where the
    card before it in that index (in the order of ``notes``) ends. An edit that changes one
    note's entries changes no other note's, however far they move: an update in place keeps
    the others as they were read, shifting none of them.
    """
    ends: dict[str, int] = {}
    packed: dict[str, list[list[Any]]] = {}
    for key, cards in notes:
        kept: list[list[Any]] = []
        for page, index, start, end in cards:
            gap = int(start) - ends.get(str(index), 0)
            ends[str(index)] = int(end)
            length = int(end) - int(start)
            if index == MAIN_INDEX:
                kept.append([page, gap, length])
            else:
                kept.append([page, index, gap, length])
        packed[key] = kept
    return packed


def unpack_notes(notes: Mapping[str, Sequence[Sequence[Any]]]) -> list[tuple[str, list[Place]]]:
    """Return each note's key with its cards' places, from the record's notes (``pack_notes``).

    A card held in a form the record does not write raises ValueError.
    """
    ends: dict[str, int] = {}
    found: list[tuple[str, list[Place]]] = []
    for key, cards in notes.items():
        places: list[Place] = []
        for card in cards:
            if len(card) == 3:
                page, gap, length = card
                index = MAIN_INDEX
            elif len(card) == 4:
                page, index, gap, length = card
            else:
                raise ValueError(card)
            start = ends.get(str(index), 0) + int(gap)
            end = start + int(length)
            ends[str(index)] = end
            places.append((str(page), str(index), start, end))
        found.append((str(key), places))
    return found


def index_starts(notes: Iterable[tuple[str, Sequence[Sequence[Any]]]]) -> dict[str, list[int]]:
    """Return, by index, where each note's first entry starts, in the order of ``notes``.

    ``notes`` are each note's key with its cards' ``[page, index, start, end]``
    (``unpack_notes``, or ``CardEntry``-like lists).
    """
    starts: dict[str, list[int]] = {}
    for _, cards in notes:
        if cards:
            starts.setdefault(str(cards[0][1]), []).append(int(cards[0][2]))
    return starts


def index_bounds(ascii_: bool, starts: Sequence[int], size: int) -> list[int]:
    """Return where the blocks of an index of ``size`` bytes start, the first at 0.

    A block starts at every ``BLOCK_NOTES``-th note's first entry (``starts``, in characters):
    an edit that keeps each note's place changes only the blocks holding it, and an update in
    place digests those alone. An index not all ASCII (``ascii_`` false) is one block: its
    offsets in characters are not its offsets in bytes.
    """
    if not ascii_:
        return [0]
    return [0, *sorted({s for s in starts[BLOCK_NOTES::BLOCK_NOTES] if 0 < s < size})]


def block_digests(
    parts: Sequence[bytes | memoryview], bounds: Sequence[int], wanted: Iterable[int] | None = None
) -> dict[int, str]:
    """Return the digest of each block (``index_bounds``) of the file ``parts`` make, by number.

    Only the blocks ``wanted`` are digested (all when None); the parts are not joined.
    """
    offsets = list(itertools.accumulate((len(part) for part in parts), initial=0))
    views = [memoryview(part) for part in parts]
    found: dict[int, str] = {}
    for block in range(len(bounds)) if wanted is None else sorted(set(wanted)):
        start = bounds[block]
        stop = bounds[block + 1] if block + 1 < len(bounds) else offsets[-1]
        digest = hashlib.sha256()
        n = max(bisect.bisect_right(offsets, start) - 1, 0)
        while n < len(views) and offsets[n] < stop:
            low, high = max(start, offsets[n]) - offsets[n], min(stop, offsets[n + 1]) - offsets[n]
            if high > low:
                digest.update(views[n][low:high])
            n += 1
        found[block] = digest.hexdigest()[:32]
    return found


def index_digest(blocks: Sequence[str], size: int) -> str:
    """Return an index's digest as the record keeps it: its blocks' digests, then its size."""
    return f"{hashlib.sha256(''.join(blocks).encode()).hexdigest()[:32]}-{size}"


def index_file_digest(data: bytes, starts: Sequence[int]) -> tuple[str, list[str]]:
    """Return the digest of the index whose bytes are ``data`` (``index_digest``), its blocks'."""
    bounds = index_bounds(data.isascii(), starts, len(data))
    found = block_digests([data], bounds)
    blocks = [found[n] for n in range(len(bounds))]
    return index_digest(blocks, len(data)), blocks


FORMAT = 2
"""The record's form: a record of another (an older ankismith's) is no record."""

_WRITTEN_BY = "Written by 'ankismith preview'; replaced whole on every run that changes it."


def record(
    digest: str,
    report: PreviewReport,
    files: Mapping[str, str],
    notes: Mapping[str, Sequence[Sequence[object]]],
    patch: Mapping[str, Any] | None = None,
) -> bytes:
    """Return the marker file's text: who wrote the site, from which inputs, its report.

    It holds the digest of each of the site's ``files`` too: what the next run need not write;
    each note's key with its cards' pages and the place of their entries in the index (``notes``,
    as ``pack_notes`` makes them): what the next run need not make; and, for a lone
    deck, what a run after a build needs to update the site in place (``patch``).
    """
    fields = ("cards", "notes", "files", "size", "warnings", "decks")
    data: dict[str, Any] = {
        "written_by": _WRITTEN_BY,
        "format": FORMAT,
        "digest": digest,
        "report": {name: getattr(report, name) for name in fields},
        "files": dict(sorted(files.items())),
        "notes": notes,
    }
    if patch is not None:
        data["patch"] = patch
    # One line: the record of a large site is read and written on every run.
    return orjson.dumps(data) + b"\n"


def read_record(output: Path) -> dict[str, Any] | None:
    """Return the record of the site in ``output``, unchecked; None without one."""
    try:
        data = orjson.loads((output / MARKER).read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def load_record(
    output: Path, digest: str, data: Mapping[str, Any] | None
) -> tuple[PreviewReport | None, dict[str, str], object]:
    """Return the site's report if ``digest``'s inputs made it, its files and its notes.

    ``data`` is the site's record (``read_record``). The files are each file's digest, as its
    record holds them; the notes are as the record holds them, unchecked (``load_reuse``
    checks them). All are empty without a record.
    """
    # Taken as read (a JSON object's keys are strings): checked, not converted.
    files = data.get("files") if data is not None else None
    if data is None or not isinstance(files, dict) or not set(map(type, files.values())) <= {str}:
        return None, {}, None
    notes = data.get("notes")
    try:
        if data["digest"] != digest or not (output / "index.html").is_file():
            return None, files, notes
        found = data["report"]
        report = PreviewReport(
            index=output / "index.html",
            cards=int(found["cards"]),
            notes=int(found["notes"]),
            files=int(found["files"]),
            size=int(found["size"]),
            warnings=tuple(str(w) for w in found["warnings"]),
            decks=int(found["decks"]),
            reused=True,
        )
    except (ValueError, KeyError, TypeError):
        return None, files, notes
    return report, files, notes
