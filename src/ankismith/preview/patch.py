"""A lone deck's preview site updated in place after a build: only the files that changed.

A build that succeeded on the very inputs the preview reads recorded what it found in its
cache folder (``check.json``): no note needs compiling again to know the deck has no error,
nor to learn its warnings. The site's record (``build.record``) holds, for a lone deck, a
``patch`` part: a digest of every input but the content files' text (``context_digest``),
each file's text digest and the numbers of its notes in the site, and each note's deck, note
type and tags. When only files' text changed, their notes alone are parsed and rendered; a
note keeping its deck and note type keeps its number, so its pages are written anew, the
index's head and the note's entries are replaced in the index's text, and nothing else is
touched. Anything else (a note added, removed or moved to another deck or note type, media,
an index that is not the one recorded) is left to the whole preview: ``patch_site`` returns
None and writes nothing.

The site is updated in place, not swapped whole: the record is first replaced by a line that
is no record, then each new page and the index are written (each through a temp file and a
rename), and the record last. A run cut short leaves a site whose record the next run cannot
read, so that run makes the site whole again.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import itertools
import mmap
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

import msgspec
import msgspec.structs

from ankismith.content.read import Content
from ankismith.model import Location, RenderedNote
from ankismith.order import deck_key
from ankismith.preview.chrome import Chrome, chrome, keeper, kept_words
from ankismith.preview.index import article, index_head
from ankismith.preview.page import card_page, card_page_name, note_key
from ankismith.preview.record import (
    BLOCK_NOTES,
    MARKER,
    Files,
    Notes,
    PreviewReport,
    block_digests,
    file_digest,
    index_bounds,
    index_digest,
    index_file_digest,
    read_files,
    read_notes,
    record,
    recorded_size,
)

if TYPE_CHECKING:
    from ankismith.model import NoteTypeDef, SourceFile
    from ankismith.parse.reuse import FileParse
    from ankismith.parse.settings import DeckSettings
    from ankismith.preview.site import Site
    from ankismith.render.rendered import RenderedDeck

IN_PROGRESS = b"Written by 'ankismith preview'; being updated: the next run makes it whole.\n"
"""The marker's text while a site is updated in place: no record, so nothing is taken from it."""


def text_digests(content: Content) -> list[str]:
    """Return the digest of each of ``content``'s files' text, in its order.

    That is ``cache.records.text_digest``, as a build's digest takes it: the preview's record,
    its digest and the build's findings' digest are made from the same.
    """
    from ankismith.cache.records import text_digest

    return [text_digest(source.text) for source in content.sources]


def context_digest(content: Content, code: str) -> str:
    """Return a digest of everything a deck's preview reads but its files' text.

    That is the settings, note types, templates, media, the files' paths and the findings
    reading them gave, ankismith's ``code``; a note's pages depend on nothing else but its text.
    """
    from ankismith.cache.records import build_digest

    paths = [(source.path, str(source.relpath)) for source in content.sources]
    return build_digest(
        msgspec.structs.replace(content, sources=()), "preview-context", code, paths
    )


def note_digest(salt: bytes, note: RenderedNote, location: Location) -> str:
    """Return a digest of what a note's pages are made from, ``salt`` being its deck's."""
    return hashlib.blake2b(salt + repr((note, location)).encode(), digest_size=16).hexdigest()


def patch_record(
    content: Content,
    deck: RenderedDeck,
    locations: Sequence[Location],
    site: Site,
    salt: bytes,
    code: str,
) -> dict[str, Any]:
    """Return the record's ``patch`` part for a lone deck's ``site``, made from ``deck``.

    ``locations`` parallel ``deck.notes``; ``salt`` is the deck's, ``code`` ankismith's.
    """
    from ankismith.cache.renders import renderer_version
    from ankismith.order import anki_order

    order = anki_order(range(len(deck.notes)), lambda n: deck.notes[n].deck)
    number = [0] * len(order)
    for place, n in enumerate(order, start=1):
        number[n] = place
    by_file: dict[str, list[int]] = {}
    for n, location in enumerate(locations):
        by_file.setdefault(location.path, []).append(number[n])
    notes = [deck.notes[n] for n in order]
    words = chrome(deck.settings.language)
    tags: dict[str, int] = {}
    decks: dict[str, int] = {}
    for note, (_, entries) in zip(notes, site.entries, strict=True):
        _count(tags, decks, note.deck, note.tags, len(entries))
    index = next(data for name, data in site.files if name == "index.html")
    starts = [entries[0].start for _, entries in site.entries if entries]
    return {
        "context": context_digest(content, code),
        # The render cache's version, a function of ``code`` (in the context digest) alone.
        "renderer": renderer_version(),
        "salt": salt.hex(),
        "frame": site_frame(words),
        # The preview's words by their files' text: an update reads them with no PyYAML.
        "words": kept_words(deck.settings.language),
        "head": site.head,
        "ascii": index.isascii(),
        "blocks": index_file_digest(index, starts)[1],
        "sources": [
            [text, by_file.get(source.path, [])]
            for source, text in zip(content.sources, text_digests(content), strict=True)
        ],
        **_kinds([[note.deck, note.notetype, list(note.tags)] for note in notes]),
        "tags": dict(sorted(tags.items())),
        "decks": dict(sorted(decks.items())),
    }


def _kinds(facts: Sequence[Sequence[Any]]) -> dict[str, list[Any]]:
    """Return the record's table of the notes' deck, note type and tags, and each note's row.

    ``facts`` are each note's ``[deck, note type, tags]``; the table holds each once, in the
    order they first come (most decks' notes share a few): ``kinds``, and ``notes`` their
    rows, one per note. Fewer strings for the next run to read back.
    """
    rows: dict[tuple[str, str, tuple[str, ...]], int] = {}
    numbers = [rows.setdefault((deck, kind, tuple(tags)), len(rows)) for deck, kind, tags in facts]
    return {"kinds": [[deck, kind, list(tags)] for deck, kind, tags in rows], "notes": numbers}


def _count(
    tags: dict[str, int], decks: dict[str, int], deck: str, note_tags: Sequence[str], cards: int
) -> None:
    """Add a note's ``cards`` (negative: take them away) to its tags' and its deck's counts."""
    if not cards:
        return
    for tag in note_tags:
        tags[tag] = tags.get(tag, 0) + cards
    decks[deck] = decks.get(deck, 0) + cards


def site_frame(words: Chrome) -> str:
    """Return the frame key of a lone deck's pages (``site.frame_key``)."""
    from ankismith.preview.site import frame_key

    return frame_key("", words)


def patch_site(
    cache: Path | None,
    content: Content,
    output: Path,
    digest: str,
    data: Mapping[str, Any],
    code: str,
    texts: Sequence[str] | None = None,
    files: Files | None = None,
) -> PreviewReport | None:
    """Update the site in ``output`` in place for ``content`` (a lone deck); return its report.

    ``cache`` is the cache folder of the deck's builds; ``data`` is the site's record,
    ``digest`` the preview's of the inputs now, ``code`` ankismith's; ``texts`` the files'
    ``text_digests``, when already at hand; ``files`` the record's files, as ``load_record``
    read them, when at hand (not changed). Return None, having written nothing, when the site
    cannot be updated so: the whole preview is made then.
    """
    settings = content.settings
    if cache is None or settings is None:
        return None
    try:
        patch = data["patch"]
        recorded = read_files(data["files"]) if files is None else files
        notes = read_notes(data["notes"])
        table: list[list[Any]] = patch["kinds"]
        facts: list[list[Any]] = [table[kind] for kind in patch["notes"]]
        sources: list[list[Any]] = patch["sources"]
        head = int(patch["head"])
        ascii_ = patch["ascii"] is True
        blocks = [str(block) for block in patch["blocks"]]
        total = int(data["report"]["size"])
        salt = bytes.fromhex(patch["salt"])
        framing = str(patch["frame"])
        tags = {str(k): int(v) for k, v in patch["tags"].items()}
        decks = {str(k): int(v) for k, v in patch["decks"].items()}
        words = chrome(settings.language, keeper(patch.get("words") or {}))
        if len(sources) != len(content.sources) or len(facts) != len(notes.keys):
            return None
        if notes.indexes is not None:
            return None  # entries in another index than the site's one: not a lone deck's
        if patch["context"] != context_digest(content, code):
            return None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None
    if _named(recorded, "media/", prefix=True) or not _pages_there(output, notes.pages):
        return None
    texts = text_digests(content) if texts is None else texts
    changed = [
        (source, sources[n][1])
        for n, source in enumerate(content.sources)
        if texts[n] != sources[n][0]
    ]
    from ankismith.cache.records import check_digest, load_findings
    from ankismith.findings import blocking
    from ankismith.git import uncommitted_lines

    found = load_findings(cache, check_digest(content, uncommitted_lines(content.root), texts))
    if found is None or blocking(found[0]):
        return None  # no build of these very inputs succeeded: the whole preview checks them
    try:
        edits = _edits(content, cache, changed, facts, notes, salt, framing, str(patch["renderer"]))
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    if edits is None:
        return None
    for number, _key, views, new_tags in edits:
        deck, _, old_tags = facts[number - 1]
        _count(tags, decks, deck, old_tags, -notes.cards[number - 1])
        _count(tags, decks, deck, new_tags, len(views))
    tags = {tag: count for tag, count in sorted(tags.items()) if count}
    decks = {deck: count for deck, count in sorted(decks.items()) if count}
    shown = int(data["report"]["notes"])
    counts = (sum(decks.values()), shown, tags, decks)
    # Where each note's cards start among all the cards, and end (the next note's start).
    card_at = [0, *itertools.accumulate(notes.cards)]
    pages: dict[str, bytes] = {}
    for number, _key, views, _tags in edits:
        for view in views:
            pages[card_page_name(number, view)] = card_page(view).encode()
    made = {name: file_digest(page) for name, page in pages.items()}
    index = _index(
        output,
        _named(recorded, "index.html"),
        notes,
        made,
        card_at,
        (head, ascii_, blocks),
        edits,
        counts,
        settings.name,
        words,
    )
    if index is None:
        return None
    spliced, digest_of_index, new_notes, new_head, still_ascii, new_blocks = index
    # The edited notes' pages in place: replaced, or removed when no new page has their name.
    old = [
        (name, notes.digests[card])
        for number, _key, _views, _tags in edits
        for card, name in enumerate(
            notes.pages[card_at[number - 1] : card_at[number]], card_at[number - 1]
        )
    ]
    removed = {name for name, _ in old} - set(pages)
    # The site's size: the recorded one, less the files replaced or removed, plus the new ones.
    size = total - sum(recorded_size(digest) for _, digest in old)
    size -= recorded_size(_named(recorded, "index.html"))
    size += sum(map(len, pages.values())) + recorded_size(digest_of_index)
    names, digests = list(recorded.names), list(recorded.digests)
    _put(names, digests, "index.html", digest_of_index)
    kinds = {"kinds": table, "notes": patch["notes"]}
    for number, _key, _views, note_tags in edits:
        if note_tags != facts[number - 1][2]:
            facts[number - 1] = [facts[number - 1][0], facts[number - 1][1], note_tags]
            kinds = {}
    kinds = kinds or _kinds(facts)  # a note's tags changed: the table is made again
    new_sources = [[texts[n], sources[n][1]] for n in range(len(content.sources))]
    report = PreviewReport(
        index=output / "index.html",
        cards=len(new_notes.pages),
        notes=len(new_notes.cards) - new_notes.cards.count(0),
        files=len(names) + len(new_notes.pages) + 1,
        size=size,
        warnings=tuple(str(finding) for finding in found[0]),
        decks=1,
    )
    part = {
        **patch,
        "head": new_head,
        "ascii": still_ascii,
        "blocks": new_blocks,
        "sources": new_sources,
        **kinds,
        "tags": tags,
        "decks": decks,
    }
    written = record(digest, report, Files(names, digests), new_notes._asdict(), part)
    _write(output, pages, removed, spliced, written)
    return report


def _named(files: Files, name: str, *, prefix: bool = False) -> str:
    """Return the digest of the file ``name`` among the record's ``files``; "" if none.

    With ``prefix``, that of the first file whose name starts with ``name``. The names are
    sorted: found by a binary search, not a pass over 10,000.
    """
    at = bisect.bisect_left(files.names, name)
    if at < len(files.names) and (
        files.names[at].startswith(name) if prefix else files.names[at] == name
    ):
        return files.digests[at]
    return ""


def _put(names: list[str], digests: list[str], name: str, digest: str | None) -> None:
    """Give the file ``name`` its ``digest`` among the sorted ``names``; None removes it."""
    at = bisect.bisect_left(names, name)
    there = at < len(names) and names[at] == name
    if digest is None:
        if there:
            del names[at], digests[at]
    elif there:
        digests[at] = digest
    else:
        names.insert(at, name)
        digests.insert(at, digest)


def _pages_there(output: Path, files: Sequence[str]) -> bool:
    """Tell whether the site's card pages are the ones its record names, no more, no fewer.

    ``files`` are the names of the files the record holds. A page deleted or added (or
    renamed) by hand since is seen (one changed in place is not; its content is the
    preview's to replace). The record is written after the pages, on every run that writes
    them: a folder of pages no newer than the record has had no page added or removed since,
    and needs no listing. Else its listing (10,000 names) is compared.
    """
    try:
        folder = os.stat(output / "cards")
        if folder.st_mtime_ns <= os.stat(output / MARKER).st_mtime_ns:
            return True
        found = set(os.listdir(output / "cards"))
    except OSError:
        return False
    pages = {name[6:] for name in files if name.startswith("cards/")}
    return found == pages


Edit = tuple[int, str, list[Any], list[str]]
"""A note made again: its number, its new key, its cards (``CardView``), its tags."""


def _edits(
    content: Content,
    cache: Path,
    changed: Sequence[tuple[Any, list[int]]],
    facts: Sequence[Sequence[Any]],
    notes: Notes,
    salt: bytes,
    framing: str,
    renderer: str,
) -> list[Edit] | None:
    """Parse and render the ``changed`` files; return their notes whose key changed, or None.

    Their renderings are taken from the build's cache folder ``cache``, where they are (its
    render log kept under ``renderer``, the recorded ``renderer_version``). The
    note types are assembled without the code styles (no Pygments): only their templates are
    used here; their stylesheets, in the context digest, are not written again.

    None when a note was added, removed, or changed its deck or note type, or when the
    changed notes use media: the whole preview is made then.
    """
    from ankismith.apkg.buildtime import EARLIEST
    from ankismith.cache.renders import find_renders
    from ankismith.cache.settings import KeptYaml
    from ankismith.notetypes.assemble import deck_owner
    from ankismith.parse.notetypes import load_notetypes
    from ankismith.parse.reuse import parse_files_reusing  # parses only a file not in the cache
    from ankismith.preview.cardview import note_cards
    from ankismith.render.deck import render_deck

    settings = content.settings
    assert settings is not None
    if not changed:
        return []
    notetypes, _ = load_notetypes(
        content.notetypes,
        content.notetypes_path,
        content.notetype_folders(),
        deck_owner(settings),
    )
    files = [source for source, _ in changed]
    parsed, _, _ = parse_files_reusing(
        settings, files, _parses(cache, settings, files, notetypes), notetypes
    )
    numbers = [number for _, found in changed for number in found]
    if len(parsed) != len(numbers):
        return None
    renders = find_renders(cache, renderer)
    deck, _, _ = render_deck(
        settings,
        content,
        parsed,
        EARLIEST,
        cache=renders,
        notetypes=notetypes,
        code_css=False,
        yamls=KeptYaml(cache),  # the labels' translations as the build read them, read only
    )
    if deck.media:
        return None
    types = {note_type.key: note_type for note_type in deck.notetypes}
    edits: list[Edit] = []
    for note, card, number in zip(deck.notes, parsed, numbers, strict=True):
        old_deck, old_type, _ = facts[number - 1]
        if note.deck != old_deck or note.notetype != old_type:
            return None
        key = note_key(framing, number, note_digest(salt, note, card.location))
        if key == notes.keys[number - 1]:
            continue
        views = note_cards(note, card.location, types[note.notetype])
        if not views or not notes.cards[number - 1]:
            return None  # a note that makes no card has no entry to replace
        edits.append((number, key, views, list(note.tags)))
    return edits


def _parses(
    cache: Path,
    settings: DeckSettings,
    sources: Sequence[SourceFile],
    notetypes: Mapping[str, NoteTypeDef | None],
) -> dict[str, FileParse]:
    """Return the parses of ``sources`` the build kept in ``cache``, by their key, as found.

    The build that just ran kept each file's parse under a key of its text and of all it was
    parsed with (``parse.reuse.file_key``): those of the changed files are taken from there,
    so no parser is imported or run; a file not found there is parsed.
    """
    from ankismith.cache.folder import code_version
    from ankismith.cache.parses import find_parses
    from ankismith.parse.reuse import file_key, parse_context

    found = find_parses(cache, code_version())
    context = parse_context(settings, notetypes)
    kept: dict[str, FileParse] = {}
    for source in sources:
        key = file_key(source, settings, notetypes, context)
        if (parse := found.get(key)) is not None:
            kept[key] = parse
    return kept


def _index(
    output: Path,
    recorded: str,
    notes: Notes,
    made_pages: Mapping[str, str],
    card_at: Sequence[int],
    head: tuple[int, bool, Sequence[str]],
    edits: Sequence[Edit],
    counts: tuple[int, int, Mapping[str, int], Mapping[str, int]],
    title: str,
    words: Chrome,
) -> tuple[Spliced, str, Notes, int, bool, list[str]] | None:
    """Return the index's new bytes (in parts), digest, notes, head length, ASCII-ness, blocks.

    The notes are the record's (``record.pack_notes``) with the edited ones' entries, their
    pages' digests in ``made_pages``; the blocks are their digests (``record.index_bounds``).

    The index in place is taken only if it is the one recorded (its digest ``recorded``): its
    size is the recorded one and it is no newer than the record, written after it
    (``_in_place``); its head and the edited notes' entries are replaced, every other entry
    keeps its text and moves. ``card_at`` is where each note's cards start among all the
    notes' cards, and the number of cards last. ``head`` is the length of its head, whether
    the record says it is all ASCII and its blocks' digests: only the blocks holding a
    replacement are digested again; ``counts`` are the site's cards and notes shown, and its
    cards by tag and by deck; ``words`` the page's.
    """
    if not recorded or not _in_place(output, recorded):
        return None
    head_length, ascii_, blocks = head
    try:
        with open(output / "index.html", "rb") as file:
            # Its pages, not a copy of them: most of its 20 MB are written out as they are.
            raw = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            mapped = os.fstat(file.fileno())
    except (OSError, ValueError):  # an empty file cannot be mapped: ValueError
        return None
    if len(raw) != recorded_size(recorded):
        return None
    # An index in ASCII (most are) is spliced as bytes: its offsets in characters are its
    # offsets in bytes, and 20 MB need not be decoded and encoded again; views of it, not
    # copies, are written.
    old: str | memoryview = memoryview(raw) if ascii_ else raw[:].decode("utf-8")
    edited = {number: (key, views, tags) for number, key, views, tags in edits}
    cards, shown, tags, decks = counts
    new_head = index_head(title, sorted(decks, key=deck_key), list(tags), cards, shown, words)
    # Each replacement: (start, end, its new entries' number, their texts).
    replaced: list[tuple[int, int, int, list[str], list[str]]] = [
        (0, head_length, 0, [new_head], [""])
    ]
    gaps, lengths = notes.gaps, notes.lengths
    if min(gaps, default=0) < 0 or min(lengths, default=0) < 0:
        return None  # entries not in the index's order: not as a site writes them
    # Where each card's entry starts (even places) and ends (odd), from the record's gaps and
    # lengths (``record.pack_notes``): a lone deck's are in one index.
    bounds = list(
        itertools.accumulate(itertools.chain.from_iterable(zip(gaps, lengths, strict=True)))
    )
    for number, (_key, views, _tags) in edited.items():
        first, last = card_at[number - 1], card_at[number]
        if any(gaps[first + 1 : last]):
            return None  # its entries are not side by side
        names = [card_page_name(number, view) for view in views]
        texts = [article(view, name, words) for view, name in zip(views, names, strict=True)]
        replaced.append((bounds[2 * first], bounds[2 * last - 1], number, texts, names))
    replaced.sort()
    parts: list[Any] = []
    offsets: list[int | None] = []  # where each part lies in the index in place, if a copy
    at = shift = 0
    ends: list[int] = []
    shifts: list[int] = []
    made: dict[int, list[int]] = {}
    for start, end, number, texts, _names in replaced:
        if start < at or end > len(old):
            return None
        parts.append(old[at:start])
        offsets.append(at)
        parts.extend([text.encode() for text in texts] if ascii_ else texts)
        offsets.extend([None] * len(texts))
        made[number] = [len(text) for text in texts]
        shift += sum(map(len, texts)) - (end - start)
        ends.append(end)
        shifts.append(shift)
        at = end
    parts.append(old[at:])
    offsets.append(at)
    # The new notes as the record keeps them. The record's notes are in the index's order
    # (checked above: no gap is negative), so a note's first entry keeps its gap from the entry
    # before it, whatever moved, but the first card's, from the head; every other note's cards
    # are kept as read. Spliced from the last edited note back: the others' cards stay put.
    new = Notes(
        list(notes.keys),
        list(notes.cards),
        list(notes.pages),
        list(notes.digests),
        list(gaps),
        list(lengths),
        None,
    )
    for number in sorted(edited, reverse=True):
        first, last = card_at[number - 1], card_at[number]
        sizes = made[number]
        new.keys[number - 1] = edited[number][0]
        new.cards[number - 1] = len(sizes)
        names = [card_page_name(number, view) for view in edited[number][1]]
        new.pages[first:last] = names
        new.digests[first:last] = [made_pages[name] for name in names]
        new.gaps[first:last] = [gaps[first]] + [0] * (len(sizes) - 1)
        new.lengths[first:last] = sizes
    moved = len(new_head) - head_length
    if moved and new.gaps:
        new.gaps[0] += moved
    if any(new.keys.count(new.keys[number - 1]) != 1 for number in edited):
        return None  # an edited note's new key is another note's

    def moved_to(start: int) -> int:
        """Return where an entry starting at ``start`` in the index in place starts now."""
        found = bisect.bisect_right(ends, start)
        return start + (shifts[found - 1] if found else 0)

    still_ascii = ascii_ and all(text.isascii() for _, _, _, texts, _ in replaced for text in texts)
    if not ascii_:
        parts = [part.encode() for part in parts]
        offsets = [None] * len(parts)
    size = sum(map(len, parts))
    # Where each note with cards starts: its first card's entry.
    starts = bounds[::2]
    old_starts = list(map(starts.__getitem__, itertools.compress(card_at, notes.cards)))
    old_bounds = index_bounds(ascii_, old_starts, len(old))
    # Only every ``BLOCK_NOTES``-th note's start bounds a block: only those are moved.
    new_starts = list(old_starts)
    for n in range(BLOCK_NOTES, len(new_starts), BLOCK_NOTES):
        new_starts[n] = moved_to(new_starts[n])
    bounds_now = index_bounds(still_ascii, new_starts, size)
    if len(blocks) != len(old_bounds) or len(bounds_now) != len(old_bounds):
        wanted: Any = None  # the blocks moved: all are digested again
    else:
        wanted = set()
        for start, end, _number, _texts, _names in replaced:
            first = bisect.bisect_right(old_bounds, start) - 1
            last = bisect.bisect_left(old_bounds, end) - 1
            wanted.update(range(first, max(first, last) + 1))
    digested = block_digests(parts, bounds_now, wanted)
    new_blocks = [digested.get(n) or blocks[n] for n in range(len(bounds_now))]
    spliced = Spliced(parts, offsets, (mapped.st_dev, mapped.st_ino))
    digest = index_digest(new_blocks, size)
    return spliced, digest, new, len(new_head), still_ascii, new_blocks


def _in_place(output: Path, recorded: str) -> bool:
    """Tell whether the index in ``output`` is, by its size and time, the one its record names.

    The record is written after the index, on every run that writes either: an index written
    since (by hand, or by a run cut short between the two) is newer than the record, and one
    of another size is another. Either way the whole preview is made.
    """
    try:
        index = os.stat(output / "index.html")
        marker = os.stat(output / MARKER)
    except OSError:
        return False
    return index.st_size == recorded_size(recorded) and index.st_mtime_ns <= marker.st_mtime_ns


def _write(
    output: Path,
    pages: Mapping[str, bytes],
    removed: set[str],
    index: Spliced,
    written: bytes,
) -> None:
    """Write the site's changes in place: the record cleared first, restored last."""
    from ankismith.atomic import atomic_file, write_atomic

    write_atomic(output / MARKER, IN_PROGRESS, durable=False)
    for name, page in pages.items():
        # A temp file a killed run left among the pages makes the next run's listing differ
        # from the record: that run makes the site whole, and so removes it.
        write_atomic(output / name, page, durable=False, tidy=False)
    for name in removed:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(output / name)
    with atomic_file(output / "index.html", durable=False) as out:
        _write_index(out, output / "index.html", index)
    write_atomic(output / MARKER, written, durable=False)


class Spliced(NamedTuple):
    """The new index in parts, and which of them are spans of the index in place."""

    parts: Sequence[bytes | memoryview]
    """Its bytes, in order: views of the index in place, and new text."""
    offsets: Sequence[int | None]
    """Where each part starts in the index in place, for a view of it; None for new text."""
    origin: tuple[int, int]
    """The index in place's device and inode, as it was mapped."""


def _write_index(out: BinaryIO, path: Path, index: Spliced) -> None:
    """Write the new index's parts to ``out``; the spans of the index in place are copied.

    Copied by the kernel from the index in place (``os.copy_file_range``) where it can: the
    20 MB need not pass through this process's memory, which costs twice the CPU time. A span
    it cannot copy so (another system, another file system, the file replaced since it was
    mapped) is written from its view.
    """
    out.flush()
    target = out.fileno()
    if hasattr(os, "posix_fallocate"):
        # Its blocks taken at once, not page by page as the copy goes: a tenth less CPU time,
        # and the old index's let go sooner when the new one is renamed over it.
        with contextlib.suppress(OSError):
            os.posix_fallocate(target, 0, sum(map(len, index.parts)))
    copy = getattr(os, "copy_file_range", None)
    source = -1
    if copy is not None:
        with contextlib.suppress(OSError):
            source = os.open(path, os.O_RDONLY)
            found = os.fstat(source)
            if (found.st_dev, found.st_ino) != index.origin:
                os.close(source)
                source = -1
    try:
        for part, offset in zip(index.parts, index.offsets, strict=True):
            done = 0
            if offset is not None and source >= 0 and copy is not None:
                with contextlib.suppress(OSError):
                    while done < len(part):
                        copied = copy(source, target, len(part) - done, offset + done)
                        if copied <= 0:
                            break
                        done += copied
            view = memoryview(part)[done:]
            while view:
                view = view[os.write(target, view) :]
    finally:
        if source >= 0:
            os.close(source)
