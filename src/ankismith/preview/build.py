"""``ankismith preview``: read the content, render the site in memory, swap it into place.

A project's decks make one site (``project.py``). The builds' cache folder is read, never
written: their parses and renderings are reused. The preview's own cache is the record in the
site's marker file: a preview of the very same inputs finds it and writes nothing.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import html
import os
import re
import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from ankismith.content.read import Content, read_content
from ankismith.errors import BuildError, ContentErrors
from ankismith.findings import Finding, blocking
from ankismith.preview.patch import (
    context_digest,
    note_digest,
    patch_record,
    patch_site,
    text_digests,
)
from ankismith.preview.record import (
    MARKER,
    PreviewReport,
    all_files,
    file_digest,
    index_digest,
    index_file_digest,
    index_starts,
    load_record,
    pack_files,
    pack_notes,
    read_record,
    record,
    recorded_size,
    unpack_notes,
)
from ankismith.text import plural

# What only a whole preview needs (compiling, the note types' styles, the project's site,
# the cards' views) is imported where it is used: a preview updated in place, or one of
# unchanged inputs, does without it.
if TYPE_CHECKING:
    from watchfiles import Change

    from ankismith.model import Location, RenderedNote
    from ankismith.pipeline import Compiled
    from ankismith.preview.cardview import CardView
    from ankismith.preview.chrome import Chrome
    from ankismith.preview.site import CardEntry, Site
    from ankismith.render.rendered import RenderedDeck


class PreviewDeck(msgspec.Struct, frozen=True):
    """One deck to preview: its key, its folders, and the cache folder its builds keep."""

    key: str
    """Its key in ``ankismith.yaml`` (its folder in the site), or "" for a lone deck."""
    content: Path
    """Its content folder."""
    shared: Path | None = None
    """The project's shared folder of note types and media, if any."""
    cache: Path | None = None
    """The cache folder of its builds: their parses and renderings are reused, never written."""


def _compile(content: Content, cache: Path | None) -> tuple[Compiled, RenderedDeck]:
    """Compile ``content``, reusing what builds left in ``cache``; raise on errors."""
    from ankismith.apkg.buildtime import EARLIEST
    from ankismith.pipeline import compile_content

    reuse = None
    if cache is not None:
        from ankismith.cache.reuse import load_reuse

        reuse = load_reuse(cache, package=False)
    compiled = compile_content(content, EARLIEST, reuse=reuse)
    if (deck := compiled.deck) is None:
        raise ContentErrors(compiled.diagnostics, f"{compiled.summary()}; nothing was written.")
    return compiled, deck


def load_cards(
    content_dir: Path, shared: Path | None = None, cache: Path | None = None
) -> tuple[RenderedDeck, list[CardView], tuple[str, ...]]:
    """Read and render ``content_dir``: the deck, its cards and the warnings; raise on errors.

    ``shared`` is a project's folder of note types and media every deck may use; ``cache`` the
    cache folder of its builds, whose renderings are reused.
    """
    return _views(*_compile(read_content(content_dir, shared), cache))


def _views(
    compiled: Compiled, deck: RenderedDeck
) -> tuple[RenderedDeck, list[CardView], tuple[str, ...]]:
    from ankismith.preview.cardview import deck_cards

    # The deck's notes follow the parsed cards one to one; the cards know their lines.
    views = deck_cards(deck, [card.location for card in compiled.cards])
    return deck, views, tuple(str(d) for d in compiled.diagnostics)


def _deck_site(
    deck: RenderedDeck,
    locations: Sequence[Location],
    nav: str = "",
    top: str = "",
    key: str = "",
    reuse: Mapping[str, tuple[tuple[CardEntry, ...], str]] | None = None,
) -> tuple[Site, Chrome, bytes]:
    """Return one deck's site (``nav`` and ``top`` as ``build_site`` takes them), its words, salt.

    ``locations`` parallel ``deck.notes``; ``key`` is the deck's in the project, and ``reuse``
    what the site in place recorded (``assemble_site``). The salt is what every note's
    digest starts from (``patch.note_digest``).
    """
    from ankismith.notetypes.css import notetype_css
    from ankismith.notetypes.labels import deck_labels
    from ankismith.preview.cardview import note_cards
    from ankismith.preview.chrome import chrome
    from ankismith.preview.site import NoteSource, assemble_site

    labels = deck_labels(deck.settings.language, dict(deck.settings.labels))
    css = notetype_css(dict(deck.templates), labels)
    custom = {nt.key: nt.css for nt in deck.notetypes if nt.location is not None}
    words = chrome(deck.settings.language)
    media = dict(deck.media)
    types = {note_type.key: note_type for note_type in deck.notetypes}
    # What every page of the deck is made from besides its note: the code, the note types.
    salt = hashlib.blake2b(repr((_code(), key, deck.notetypes)).encode(), digest_size=16).digest()

    def source(note: RenderedNote, location: Location) -> NoteSource:
        return NoteSource(
            note.deck,
            note_digest(salt, note, location),
            lambda: note_cards(note, location, types[note.notetype]),
        )

    notes = [source(n, at) for n, at in zip(deck.notes, locations, strict=True)]
    title = deck.settings.name
    folder = f"{key}/" if key else ""
    site = assemble_site(title, notes, css, media, custom, words, nav, top, reuse, folder)
    return site, words, salt


@functools.cache
def _code() -> str:
    from ankismith.cache.folder import code_version

    return f"{code_version()}\0{_assets_version()}"


def render_preview(content_dir: Path, shared: Path | None = None) -> tuple[Site, tuple[str, ...]]:
    """Read and render ``content_dir`` into a site, with the warnings; raise on errors."""
    compiled, deck = _compile(read_content(content_dir, shared), None)
    site = _deck_site(deck, [card.location for card in compiled.cards])[0]
    return site, tuple(str(d) for d in compiled.diagnostics)


def render_decks(
    decks: Sequence[PreviewDeck],
    contents: Sequence[Content],
    reuse: Mapping[str, tuple[tuple[CardEntry, ...], str]] | None = None,
) -> tuple[Site, tuple[str, ...], dict[str, Any] | None]:
    """Render the site of ``decks`` (read as ``contents``), with the warnings; raise on errors.

    One deck is a site of its own; several are one site with a folder per deck, a list of the
    decks and a switcher (``project.py``). Every deck is rendered before an error is raised,
    so the author sees every deck's findings at once. ``reuse`` is what the site in place
    recorded of its notes (``load_reuse``): a note found there is not made again. A lone
    deck's site comes with what a later run needs to update it in place (``patch.py``).
    """
    loaded = []
    failed: list[Finding] = []
    for one, content in zip(decks, contents, strict=True):
        try:
            compiled, deck = _compile(content, one.cache)
            locations = [card.location for card in compiled.cards]
            loaded.append((deck, locations, tuple(str(d) for d in compiled.diagnostics)))
        except ContentErrors as error:
            if len(decks) == 1:
                raise
            failed += error.findings
    if failed:
        count = len(blocking(failed))
        raise ContentErrors(failed, f"{plural(count, 'error')}; nothing was written.")
    warnings = tuple(w for _, _, found in loaded for w in found)
    if len(decks) == 1:
        deck, locations, _ = loaded[0]
        site, _, salt = _deck_site(deck, locations, reuse=reuse)
        part = patch_record(contents[0], deck, locations, site, salt, _code())
        return site, warnings, part
    from ankismith.preview.chrome import chrome
    from ankismith.preview.project import DeckEntry, common_words, project_site, switcher

    # The switcher names every deck with its counts: those come first, the sites after.
    counts = [_counts(deck) for deck, _, _ in loaded]
    entries = [
        DeckEntry(one.key, deck.settings.name, deck.settings.language, notes, cards)
        for one, (deck, _, _), (notes, cards) in zip(decks, loaded, counts, strict=True)
    ]
    sites, chosen = [], []
    for entry, (deck, locations, _) in zip(entries, loaded, strict=True):
        nav = switcher(entries, entry.key, chrome(deck.settings.language))
        site, words, _ = _deck_site(deck, locations, nav, "../", entry.key, reuse)
        sites.append(site)
        chosen.append(words)
    return project_site(entries, sites, common_words(chosen)), warnings, None


def _counts(deck: RenderedDeck) -> tuple[int, int]:
    """Return the number of notes that make a card and of cards, as Anki makes them."""
    from ankismith.preview.cardview import card_count

    types = {note_type.key: note_type for note_type in deck.notetypes}
    notes = cards = 0
    for note in deck.notes:
        made = card_count(note, types[note.notetype])
        notes += made > 0
        cards += made
    return notes, cards


def write_site(
    site: Site,
    output: Path,
    record: bytes = b"",
    kept: Mapping[str, str] | None = None,
    digests: Mapping[str, str] | None = None,
) -> None:
    """Write ``site`` to a directory beside ``output``, then swap it in for ``output``.

    A failure, Ctrl-C included, leaves the previous site as it was. A directory that is not an
    earlier preview (no marker file) is never replaced. ``record`` replaces the marker's text:
    what the next run needs to know it would write the same site. ``kept`` holds the digest of
    each file of the site in place (its record's): a file of the same digest is linked from
    there rather than written again; ``digests`` are those of ``site``'s files, when known.
    The site's ``kept`` pages are linked from the site in place (``load_reuse`` found them
    there, at their recorded size).
    """
    from ankismith.atomic import replace_folder

    foreign = output.exists() and not (output / MARKER).is_file()
    if foreign and (not output.is_dir() or any(output.iterdir())):
        raise BuildError(f"{output}: exists and is not an ankismith preview; not replacing it")
    kept = kept or {}
    digests = digests or {}
    files: list[tuple[str, bytes | Path | str]] = []
    marker: list[tuple[str, bytes | Path | str]] = []
    for name, data in site.files:
        if name == MARKER:
            # Written last: no file of the site is newer than its record (``patch._in_place``).
            marker.append((name, record or data))
        elif name in kept and kept[name] == (digests.get(name) or file_digest(data)):
            # A file changed by hand since is written anew (its size tells, at one stat).
            old = output / name
            files.append((name, old if _size(old) == len(data) else data))
        else:
            files.append((name, data))
    # Plain strings: tens of thousands of pages are kept.
    folder = str(output)
    files += [(name, os.path.join(folder, name)) for name in site.kept]
    replace_folder(output, files + marker)


def _size(path: Path | str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def _read(deck: PreviewDeck) -> Content:
    """Read ``deck``'s content, its ``deck.yaml`` as its builds read it (no PyYAML if kept)."""
    if deck.cache is None:
        return read_content(deck.content, deck.shared)
    from ankismith.cache.settings import KeptYaml

    # Read only: the preview never writes its builds' cache folder.
    return read_content(deck.content, deck.shared, KeptYaml(deck.cache))


def build_preview(
    content_dir: Path | Sequence[PreviewDeck], output: Path, shared: Path | None = None
) -> PreviewReport:
    """Render a deck (a content folder) or a project's decks as a static site in ``output``.

    Nothing changes on an error. When the site in place was written from the very same inputs
    (the record in its marker file says so), nothing is rendered or written again; else each
    note the site in place holds unchanged (by its key) is taken from there, not made again.
    """
    decks = [PreviewDeck("", content_dir, shared)] if isinstance(content_dir, Path) else content_dir
    with _uncollected():
        contents = [_read(one) for one in decks]
        texts = [text_digests(content) for content in contents]
        digest = preview_digest([one.key for one in decks], contents, texts)
        data = read_record(output)
        done, recorded, notes = load_record(output, digest, data)
        if done is not None:
            return done
        # After a build of these inputs, a change to a few notes is written in place.
        if len(decks) == 1 and data is not None:
            patched = patch_site(
                decks[0].cache, contents[0], output, digest, data, _code(), texts[0], recorded
            )
            if patched is not None:
                return patched
    kept = all_files(recorded, notes)
    site, warnings, part = render_decks(decks, contents, load_reuse(output, kept, notes))
    entries = {
        key: [[c.page, c.index, c.start, c.end] for c in cards] for key, cards in site.entries
    }
    starts = index_starts(entries.items())
    files: dict[str, str] = {}
    for name, body in site.files:
        if name == MARKER:
            continue
        if name not in starts:
            files[name] = file_digest(body)
        elif part is not None and name == "index.html":
            files[name] = index_digest(part["blocks"], len(body))
        else:
            files[name] = index_file_digest(body, starts[name])[0]
    files.update((name, kept[name]) for name in site.kept)
    report = PreviewReport(
        index=output / "index.html",
        cards=site.cards,
        notes=site.notes,
        files=len(site.files) + len(site.kept),
        size=sum(len(data) for _, data in site.files)
        + sum(recorded_size(kept[name]) for name in site.kept),
        warnings=warnings,
        decks=len(decks),
    )
    pages = [card.page for _, cards in site.entries for card in cards]
    packed = pack_notes(entries.items(), files)
    written = record(digest, report, pack_files(files, pages), packed, part)
    write_site(site, output, written, kept, files)
    return report


@contextlib.contextmanager
def _uncollected() -> Iterator[None]:
    """Run the block with no garbage collection; what is alive after it is never walked again.

    The content and the site's record are some 80,000 lists and strings at 10,000 cards, and an
    update in place makes as many again: collections while they are made walked them over and
    over (a third of reading the record). As ``cache/reuse.py`` reads the build's caches
    (``gc.freeze``).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


def watched(decks: Sequence[PreviewDeck]) -> tuple[Path, ...]:
    """Return every folder ``decks`` read: their own, the shared one, each variant's base."""
    from ankismith.content.files import read_settings
    from ankismith.content.read import extended
    from ankismith.parse.settings import load_settings

    found: list[Path] = []
    for one in decks:
        found.append(one.content)
        if one.shared is not None:
            found.append(one.shared)
        path, text, undecodable = read_settings(one.content)
        settings = None if undecodable else load_settings(text, path)[0]
        with contextlib.suppress(BuildError):  # a bad extends: is reported by the rebuild
            if (base := extended(one.content, settings)) is not None:
                found.append(base)
    unique: dict[Path, Path] = {}
    for folder in found:
        unique.setdefault(folder.resolve(), folder)
    return tuple(unique.values())


def watch_preview(
    content_dir: Path | Sequence[PreviewDeck],
    output: Path,
    report: Callable[[str], None],
    shared: Path | None = None,
) -> None:
    """Rebuild whenever a file the decks read changes, until Ctrl-C.

    That is each deck's folder, the project's shared folder and the folder a variant extends.
    """
    try:
        from watchfiles import DefaultFilter, watch
    except ImportError:
        raise BuildError("--watch needs watchfiles: pip install 'ankismith[preview]'") from None
    decks = [PreviewDeck("", content_dir, shared)] if isinstance(content_dir, Path) else content_dir
    site = output.resolve()
    usual = DefaultFilter()

    def outside_site(change: Change, path: str) -> bool:
        return usual(change, path) and not Path(path).resolve().is_relative_to(site)

    folders = watched(decks)
    report(f"Watching {', '.join(str(f) for f in folders)} for changes; Ctrl-C stops.")
    # Ctrl-C stops watching wherever it lands: in the wait (watchfiles ends the loop) or in a
    # rebuild, which writes its site whole or not at all. So here it is a KeyboardInterrupt,
    # not the exit code 130 of a command cut short.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with contextlib.suppress(KeyboardInterrupt):
        for _changes in watch(*folders, watch_filter=outside_site, raise_interrupt=False):
            # A run freezes what it left alive (no collection walks it again): in a long watch,
            # what the last run froze is collectable garbage by now, so collections see it again.
            gc.unfreeze()
            try:
                done = build_preview(decks, output)
            except ContentErrors as errors:
                report(errors.message)
                continue
            except BuildError as error:
                report(f"Error: {error.message}")
                continue
            counts = f"{plural(done.notes, 'note')}, {plural(done.cards, 'card')}"
            report(f"Rebuilt {done.index}: {counts}")
    report("Stopped watching.")


@functools.cache
def _assets_version() -> str:
    """Return a digest of the site's own files the code version leaves out (script, words)."""
    # The package's own folder, not importlib.resources: that costs more to import than this.
    folder = Path(__file__).parent
    digest = hashlib.sha256()
    for sub in ("assets", "labels"):
        for entry in sorted((folder / sub).iterdir(), key=lambda e: e.name):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()


def preview_digest(
    keys: Sequence[str], contents: Sequence[Content], texts: Sequence[Sequence[str]] | None = None
) -> str:
    """Return a digest of everything a preview of these decks reads, ankismith's code included.

    That is, for each deck, its key, what ``patch.context_digest`` takes (all but its files'
    text) and its files' ``text_digests`` (``texts``, when already at hand): each file's text
    is digested once, for this and for an update in place.
    """
    digest = hashlib.sha256(_assets_version().encode())
    code = _code()
    for n, (key, content) in enumerate(zip(keys, contents, strict=True)):
        found = text_digests(content) if texts is None else texts[n]
        context = context_digest(content, code)
        digest.update(f"{key}\0{context}\0{len(found)}\0{chr(0).join(found)}\0".encode())
    return digest.hexdigest()


# The head of an index entry, as ``index.article`` writes it (our own text, read back).
_FACTS = re.compile(
    r'<article class="pv-card" id="[^"]*" '
    r'data-deck="(?P<deck>[^"]*)" data-tags="(?P<tags>[^"]*)"'
)


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def load_reuse(
    output: Path, files: Mapping[str, str], notes: object
) -> dict[str, tuple[tuple[CardEntry, ...], str]]:
    """Return the ``notes`` (the record's) that the site in ``output`` can give unchanged.

    ``files`` are the record's digests of the site's files. A note is given only when the
    index holding its entries is, byte for byte, the one recorded, and each of its pages is
    there at its recorded size; a record that cannot be read gives nothing. What is given is
    by note key: the cards' entries and the text of the index they are in.
    """
    from ankismith.preview.site import CardEntry

    if not isinstance(notes, dict):
        return {}
    indexes: dict[str, str | None] = {}
    try:
        unpacked = unpack_notes(notes)
        starts = index_starts(unpacked)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError):
        return {}

    def index(name: str) -> str | None:
        if name not in indexes:
            indexes[name] = None
            with contextlib.suppress(OSError, UnicodeDecodeError):
                data = (output / name).read_bytes()
                if (
                    name in files
                    and index_file_digest(data, starts.get(name, []))[0] == files[name]
                ):
                    indexes[name] = data.decode("utf-8")
        return indexes[name]

    folder = f"{output}/"

    def page(name: str) -> bool:
        found = files.get(name)
        return found is not None and _size(folder + name) == recorded_size(found)

    found: dict[str, tuple[tuple[CardEntry, ...], str]] = {}
    for key, places in unpacked:
        with contextlib.suppress(ValueError, TypeError, IndexError, KeyError):
            names = {name for _, name, _, _ in places}
            if len(names) > 1:
                continue
            text = index(names.pop()) if names else ""
            if text is None:
                continue
            entries = []
            for page_name, name, start, end in places:
                # Deck and tags are read from the entry: the index's digest vouches for it.
                facts = _FACTS.match(text, start, end) if 0 <= start <= end <= len(text) else None
                if facts is None or not page(page_name):
                    raise KeyError(page_name)
                deck, tags = (_unescape(facts.group(n)) for n in ("deck", "tags"))
                entries.append(CardEntry(page_name, name, start, end, deck, tuple(tags.split())))
            found[str(key)] = (tuple(entries), text)
    return found
