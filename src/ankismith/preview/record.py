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
from typing import Any, NamedTuple

import msgspec
import orjson

MARKER = ".ankismith-preview"
"""File at the root of every preview site, holding its record: only such a folder is replaced."""


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


def pack_notes(
    notes: Iterable[tuple[str, Sequence[Sequence[Any]]]], files: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Return each note's cards as the record keeps them, from their ``[page, index, start, end]``.

    In columns, a list each, the fewest values for the next run to read back: each note's
    ``keys`` and number of ``cards``; each card's ``pages``, the ``digests`` of its page (from
    the site's ``files``; "" when not there), ``gaps`` and ``lengths``, and its index in
    ``indexes`` (None when every entry is in ``MAIN_INDEX``, as a lone deck's are).
    ``gap`` is where a card's entry starts from where the card before it in that index (in the
    order of ``notes``) ends: an edit that changes one note's entries changes no other note's,
    however far they move, and an update in place keeps the others as they were read.
    """
    ends: dict[str, int] = {}
    keys: list[str] = []
    counts: list[int] = []
    pages: list[str] = []
    digests: list[str] = []
    gaps: list[int] = []
    lengths: list[int] = []
    indexes: list[str] = []
    for key, cards in notes:
        keys.append(key)
        counts.append(len(cards))
        for page, index, start, end in cards:
            pages.append(page)
            digests.append((files or {}).get(page, ""))
            indexes.append(str(index))
            gaps.append(int(start) - ends.get(str(index), 0))
            lengths.append(int(end) - int(start))
            ends[str(index)] = int(end)
    main = all(index == MAIN_INDEX for index in indexes)
    return {
        "keys": keys,
        "cards": counts,
        "pages": pages,
        "digests": digests,
        "gaps": gaps,
        "lengths": lengths,
        "indexes": None if main else indexes,
    }


class Notes(NamedTuple):
    """The record's notes (``pack_notes``), checked: every column of the right length and type."""

    keys: list[str]
    cards: list[int]
    pages: list[str]
    digests: list[str]
    gaps: list[int]
    lengths: list[int]
    indexes: list[str] | None


def read_notes(packed: Any) -> Notes:
    """Return the record's notes, checked; ValueError (or TypeError) for anything else."""
    found = Notes(*(packed[name] for name in Notes._fields))
    columns = (found.keys, found.cards, found.pages, found.digests, found.gaps, found.lengths)
    if not all(type(column) is list for column in columns):
        raise TypeError("not a column")
    cards = len(found.pages)
    if len(found.cards) != len(found.keys) or not (
        len(found.digests) == len(found.gaps) == len(found.lengths) == cards
    ):
        raise ValueError("columns of other lengths")
    if found.indexes is not None and (
        type(found.indexes) is not list or len(found.indexes) != cards
    ):
        raise ValueError("no index for each card")
    # Types by the set of them: no bool for an int, and no check per value in Python.
    strings, numbers = {str}, {int}
    if not set(map(type, found.keys)) | set(map(type, found.pages)) <= strings:
        raise TypeError("not a string")
    if not set(map(type, found.digests)) <= strings:
        raise TypeError("not a string")
    if found.indexes is not None and not set(map(type, found.indexes)) <= strings:
        raise TypeError("not a string")
    if (
        not set(map(type, found.cards)) | set(map(type, found.gaps)) | set(map(type, found.lengths))
        <= numbers
    ):
        raise TypeError("not a whole number")
    if sum(found.cards) != cards or min(found.cards, default=0) < 0:
        raise ValueError("cards that are no note's")
    return found


def unpack_notes(packed: Any) -> list[tuple[str, list[Place]]]:
    """Return each note's key with its cards' places, from the record's notes (``pack_notes``).

    Notes held in a form the record does not write raise ValueError (or TypeError).
    """
    notes = read_notes(packed)
    ends: dict[str, int] = {}
    found: list[tuple[str, list[Place]]] = []
    card = 0
    for key, count in zip(notes.keys, notes.cards, strict=True):
        places: list[Place] = []
        for n in range(card, card + count):
            index = MAIN_INDEX if notes.indexes is None else notes.indexes[n]
            start = ends.get(index, 0) + notes.gaps[n]
            end = start + notes.lengths[n]
            ends[index] = end
            places.append((notes.pages[n], index, start, end))
        card += count
        found.append((key, places))
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


FORMAT = 3
"""The record's form: a record of another (an older ankismith's) is no record."""

_WRITTEN_BY = "Written by 'ankismith preview'; replaced whole on every run that changes it."


class Files(NamedTuple):
    """The record's files but the card pages: their names, sorted, and each one's digest.

    Each card page's digest (``file_digest``) is with its card, in the record's notes.
    """

    names: list[str]
    digests: list[str]


def pack_files(files: Mapping[str, str], pages: Iterable[str] = ()) -> Files:
    """Return the site's ``files`` (each one's digest, by name) as the record keeps them.

    Its card ``pages`` are left out: their digests are kept with their cards (``pack_notes``).
    """
    left = set(pages)
    names = sorted(name for name in files if name not in left)
    return Files(names, [files[name] for name in names])


def all_files(files: Files, notes: object) -> dict[str, str]:
    """Return the digest of each of the site's files, by name: ``files`` and the card pages.

    ``notes`` are the record's (``pack_notes``); notes that cannot be read give no pages.
    """
    found = dict(zip(files.names, files.digests, strict=True))
    try:
        cards = read_notes(notes)
    except (KeyError, TypeError, ValueError):
        return found
    found.update(zip(cards.pages, cards.digests, strict=True))
    return found


def read_files(packed: Any) -> Files:
    """Return the record's files, checked; ValueError (or TypeError) for anything else."""
    names, digests = packed["names"], packed["digests"]
    if type(names) is not list or type(digests) is not list or len(names) != len(digests):
        raise ValueError("not the record's files")
    if not set(map(type, names)) | set(map(type, digests)) <= {str} or names != sorted(names):
        raise TypeError("not the record's files")
    return Files(names, digests)


def record(
    digest: str,
    report: PreviewReport,
    files: Files,
    notes: Mapping[str, Any],
    patch: Mapping[str, Any] | None = None,
) -> bytes:
    """Return the marker file's text: who wrote the site, from which inputs, its report.

    It holds the digest of each of the site's ``files`` too (``pack_files``; the card pages'
    are in ``notes``): what the next run need not write; each note's key with its cards' pages
    and the place of their entries in the index (``notes``, as ``pack_notes`` makes them):
    what the next run need not make; and, for a lone deck, what a run after a build needs to
    update the site in place (``patch``).
    Columns of strings and numbers rather than an object per file or card: reading them back
    is a fifth of the time.
    """
    fields = ("cards", "notes", "files", "size", "warnings", "decks")
    data: dict[str, Any] = {
        "written_by": _WRITTEN_BY,
        "format": FORMAT,
        "digest": digest,
        "report": {name: getattr(report, name) for name in fields},
        "files": {"names": files.names, "digests": files.digests},
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
) -> tuple[PreviewReport | None, Files, object]:
    """Return the site's report if ``digest``'s inputs made it, its files and its notes.

    ``data`` is the site's record (``read_record``). The files are as its record holds them,
    checked (``read_files``); the notes are as the record holds them, unchecked
    (``load_reuse`` and ``patch.patch_site`` check them). All are empty without a record.
    """
    none = Files([], [])
    try:
        if data is None:
            return None, none, None
        files = read_files(data["files"])
    except (KeyError, TypeError, ValueError):
        return None, none, None
    notes = data.get("notes")
    try:
        if data["digest"] == digest and (output / "index.html").is_file():
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
            return report, files, notes
    except (ValueError, KeyError, TypeError):
        pass
    return None, files, notes
