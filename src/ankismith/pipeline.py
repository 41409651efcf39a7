"""The build, staged: content -> parse -> check -> render -> apkg. Disk I/O only at the ends."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import msgspec
import msgspec.structs

from ankismith.apkg.buildtime import EARLIEST, resolve_build_time, undelivered
from ankismith.cache.folder import cache_folder, prime_code_version, record_code_version
from ankismith.cache.records import (
    build_digest,
    check_digest,
    load_build,
    load_findings,
    save_build,
    save_findings,
)
from ankismith.cache.reuse import Reuse
from ankismith.cache.settings import KeptYaml
from ankismith.content.read import Content, read_content
from ankismith.errors import ContentErrors
from ankismith.findings import Finding, Severity, blocking, classify, rule_of
from ankismith.git import release_tag, source_place, uncommitted_lines
from ankismith.model import BuildReport, Card, Kept, Location
from ankismith.parse.settings import DeckSettings
from ankismith.text import plural, slug

if TYPE_CHECKING:
    # Parsing, checking, rendering and packaging are imported where they run: a build with
    # nothing changed needs none of them, and starts in a fraction of the time.
    from ankismith.cache.renders import LaterRenders
    from ankismith.check.cards import Fresh
    from ankismith.render.deck import Progress
    from ankismith.render.rendered import CardRender, RenderedDeck


LATE_FROM = 32 << 20
"""Characters of card files from which the render cache is decoded only after the text
rendering will not need is let go (a look at its keys first takes a few milliseconds more)."""
GIVE_BACK_FROM = 20_000
"""Fewest cards for which the memory freed before packaging is given back to the system
(heap.py): below, the few megabytes are not worth the milliseconds."""


class Compiled(msgspec.Struct, frozen=True):
    """The outcome of checking and rendering content: a deck, or the reasons there is none."""

    diagnostics: tuple[Finding, ...]
    """Every finding, errors and warnings, sorted by place."""
    cards: tuple[Card, ...]
    """Every card parsed, in source order; ``deck.notes`` follows it one to one."""
    deck: RenderedDeck | None
    """The rendered deck, None when any finding is an error."""
    keep: Reuse = msgspec.field(default_factory=Reuse)
    """What the next build may reuse: renderings, file parses, cards' keys, near-duplicates."""
    counted: int | None = None
    """How many cards there are, when ``cards`` is not at hand (findings a build recorded)."""

    @property
    def total(self) -> int:
        """Number of notes checked (cards as written: one per ``## `` heading)."""
        return len(self.cards) if self.counted is None else self.counted

    @property
    def errors(self) -> int:
        """Number of findings that block a build."""
        return len(blocking(self.diagnostics))

    def summary(self) -> str:
        """Return a line such as '2 errors, 1 warning in 40 notes'."""
        warnings = len(self.diagnostics) - self.errors
        counts = f"{plural(self.errors, 'error')}, {plural(warnings, 'warning')}"
        return f"{counts} in {plural(self.total, 'note')}"


def compile_content(
    content: Content | list[Content],
    timestamp: int,
    *,
    strict: bool = False,
    reuse: Reuse | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    fresh: Fresh | None = None,
    later: LaterRenders | None = None,
    yamls: Kept | None = None,
) -> Compiled:
    """Parse, check and render the content: pure, and never raises for a content mistake.

    ``yamls`` gives the mapping PyYAML read from a YAML text before (the shipped translations).

    With ``strict``, warnings count as errors. ``reuse`` holds what an earlier build left
    (the result is the same without it); ``workers`` > 1 renders in that many processes
    when enough cards need it.
    ``fresh`` names the lines not yet committed, so a duplicate id blames the new card.

    ``content`` may be handed over in a one-item list, which is emptied: holding it nowhere
    else, the caller lets each file's text go as soon as rendering no longer needs it (the
    files' text of 100,000 cards is some 85 MiB, which was held beside every rendering).
    ``later`` is the render cache to decode once the text rendering will not need is let go
    (instead of ``reuse.renders``); should it not hold what it said, ``TextNeeded`` is raised.
    """
    if isinstance(content, list):
        content = content.pop()
    from ankismith.cache.keys import card_keys
    from ankismith.check.questions import near_index
    from ankismith.check.rules import CONTENT_RULES, RuleInputs
    from ankismith.notetypes.assemble import deck_owner
    from ankismith.parse.notetypes import load_notetypes
    from ankismith.parse.reuse import parse_files_reusing
    from ankismith.render.deck import render_deck

    reuse = Reuse() if reuse is None else reuse
    notetypes, problems = load_notetypes(
        content.notetypes,
        content.notetypes_path,
        content.notetype_folders(),
        deck_owner(content.settings) if content.settings else None,
    )
    findings = [*content.errors, *problems]
    inputs = RuleInputs.of(content, notetypes, fresh=fresh)
    cards: list[Card] = []
    deck = None
    keep = Reuse()
    if content.settings is not None:
        cards, problems, used = parse_files_reusing(
            content.settings, content.sources, reuse.parses, notetypes, workers
        )
        reparsed = {c.location.path for k, p in used.items() if k not in reuse.parses for c in p[0]}
        findings += problems
        every, files = card_keys(cards, used, reuse.keys)
        near = near_index(cards, reuse.near, keys=every.questions, sources=every.sources)
        inputs = msgspec.structs.replace(inputs, cards=cards, questions=every.questions, near=near)
        keep = Reuse(parses=used, keys=files, near=near)
    # The stages in their order: parse (above), check (every content rule), render (below).
    findings += [finding for rule in CONTENT_RULES for finding in rule.run(inputs)]
    # From here on the files' text is held only by ``texts``, which rendering empties.
    texts = {source.path: source.text for source in content.sources}
    content = msgspec.structs.replace(content, sources=())
    del inputs
    cache = reuse.renders
    if content.settings is not None and later is not None:
        cache = _late_cache(content, cards, every.contents, texts, later, reparsed)
    if content.settings is not None:
        deck, media, entries = render_deck(
            content.settings,
            content,
            cards,
            timestamp,
            cache=cache,
            workers=workers,
            progress=progress,
            notetypes=notetypes,
            contents=every.contents,
            texts=texts,
            yamls=yamls,
        )
        findings += media
        keep = msgspec.structs.replace(keep, renders=entries)
    # Only when nothing else explains it: a file that fails to parse has no cards either.
    if not cards and not any(rule_of(f.code).default is Severity.ERROR for f in findings):
        message = "no cards found (a card starts with '## ')"
        findings.append(Finding(Location(str(content.root), 0), message))
    settings = dict(content.settings.checks) if content.settings else {}
    found = classify(findings, settings, strict=strict)
    blocked = content.settings is None or bool(blocking(found))
    deck = None if blocked else deck
    return Compiled(tuple(found), tuple(cards), deck, keep)


class TextNeeded(Exception):
    """The render cache did not hold what it said: the build starts again without it."""


def _late_cache(
    content: Content,
    cards: Sequence[Card],
    contents: Sequence[str],
    texts: dict[str, str],
    later: LaterRenders,
    reparsed: set[str],
) -> Mapping[str, CardRender]:
    """Let go of the text rendering will not need, then decode the render cache; return it.

    A file's text is let go when its cards' renderings are cached without a problem (nothing
    to place on a line) and it was not parsed in this build. Raises ``TextNeeded`` when a card
    of a file whose text is gone has no such rendering in the cache after all (a damaged file).
    """
    from ankismith.heap import give_back
    from ankismith.render.deck import cached, media_names
    from ankismith.render.digests import cache_key, media_signature

    assert content.settings is not None
    media = media_signature(media_names(content.settings, content), content.outside)
    keys = [cache_key(key, media) for key in contents]
    kept = reparsed | {
        c.location.path for c, k in zip(cards, keys, strict=True) if k not in later.clean
    }
    for path in [path for path in texts if path not in kept]:
        del texts[path]
    give_back()
    cache = later.load()
    for card, key in zip(cards, keys, strict=True):
        if card.location.path not in kept:
            hit = cached(cache, key, card)
            if hit is None or hit.problems or hit.used:
                raise TextNeeded(card.location.path)
    return cache


def check(
    content_dir: Path,
    *,
    strict: bool = False,
    output: Path | None = None,
    workers: int = 1,
    environ: Mapping[str, str] | None = None,
    shared: Path | None = None,
) -> Compiled:
    """Read and check ``content_dir`` without writing anything.

    ``shared`` is a project's folder of note types and media every deck may use.

    What builds into ``output`` (an ``.apkg`` or a folder) left in their cache folder
    (renderings, parses, the near-duplicate index) is reused, read only, so a check after a
    build redoes only what changed.
    """
    if output is None:
        content = read_content(content_dir, shared)
        fresh = uncommitted_lines(content_dir)
        return compile_content(content, EARLIEST, strict=strict, workers=workers, fresh=fresh)
    root = cache_folder(output, os.environ if environ is None else environ)
    prime_code_version(root)
    yamls = KeptYaml(root)  # read only, as the other caches
    content = read_content(content_dir, shared, yamls)
    fresh = uncommitted_lines(content_dir)
    if (found := load_findings(root, check_digest(content, fresh))) is not None:
        # A build read these very inputs and found this: nothing to parse, check or render.
        return recorded(found, strict)
    from ankismith.cache.reuse import load_reuse

    reuse = load_reuse(root, package=False)
    return compile_content(
        content, EARLIEST, strict=strict, reuse=reuse, workers=workers, fresh=fresh, yamls=yamls
    )


def recorded(found: tuple[tuple[Finding, ...], int], strict: bool) -> Compiled:
    """Return what ``check`` reports from the findings and card count a build recorded.

    The record holds findings classified without ``--strict``: with it, each is an error.
    """
    findings, total = found
    if strict:
        findings = tuple(msgspec.structs.replace(f, severity=Severity.ERROR) for f in findings)
    return Compiled(findings, (), None, counted=total)


def output_path(output: Path, settings: DeckSettings) -> Path:
    """Return the package path: ``output`` itself if it ends in .apkg, else a file inside it."""
    if output.suffix == ".apkg":
        return output
    return output / f"{slug(settings.name) or 'deck'}.apkg"


def _extended_time(content: Content, timestamp: int, environ: Mapping[str, str]) -> int:
    """Return the build time of a variant: its own folder's last commit, or its base's if later.

    A change to the deck it extends (``extends:``) must reach the variant's learners too.
    """
    from ankismith.content.read import extended
    from ankismith.git import last_commit_time

    if "SOURCE_DATE_EPOCH" in environ:
        return timestamp
    base = extended(content.root, content.settings)
    later = last_commit_time(base) if base is not None else None
    return max(timestamp, later) if later is not None else timestamp


def _read_tagged(content_dir: Path, shared: Path | None, yamls: Kept) -> tuple[Content, Content]:
    """Return the content with its version filled in from the release tag, and as read.

    ``deck.yaml``'s mapping is taken from ``yamls`` (the cache folder's) when kept for its text.
    """
    content = read_content(content_dir, shared, yamls)
    if content.settings is None:
        return content, content
    settings = content.settings
    if settings.repository:  # where the report links' source links point
        ref, folder = source_place(content_dir)
        settings = dataclasses.replace(settings, source_ref=ref, source_folder=folder)
    if not settings.version:
        settings = dataclasses.replace(settings, version=release_tag(content_dir))
    if settings == content.settings:
        return content, content
    return msgspec.structs.replace(content, settings=settings), content


def _package(deck: RenderedDeck, keep: Reuse, reuse: Reuse, out: BinaryIO) -> tuple[int, Reuse]:
    """Write the package to ``out``; return its Anki cards, and ``keep`` with what it adds.

    ``reuse`` is what the last build left: GUIDs and compressed chunks are taken from it.
    """
    from ankismith.apkg.archive import write_package
    from ankismith.apkg.collection import collection_file, note_guids
    from ankismith.apkg.deflate import ChunkedCompressor
    from ankismith.apkg.layout import Layouts

    namespace = deck.settings.namespace
    guids = note_guids(deck, reuse.guids_in(namespace))
    compressor = ChunkedCompressor(reuse.chunks)
    layouts = Layouts(reuse.layouts)
    with collection_file(deck, guids, layouts) as (collection, anki_cards):
        write_package(out, collection, dict(deck.media), deck.timestamp, compressor)
    kept = msgspec.structs.replace(keep, namespace=namespace, guids=guids, chunks=compressor.used)
    return anki_cards, msgspec.structs.replace(kept, layouts=layouts.used)


def _digest(file: BinaryIO) -> tuple[int, str]:
    """Return the size and SHA-256 of what ``file`` holds, read back a piece at a time."""
    file.seek(0)
    digest = hashlib.sha256()
    size = 0
    while piece := file.read(1 << 20):
        digest.update(piece)
        size += len(piece)
    return size, digest.hexdigest()


def _report(
    compiled: Compiled,
    deck: RenderedDeck,
    path: Path,
    package: tuple[int, str],
    *,
    anki_cards: int,
    reuse: Reuse,
    notices: Sequence[str],
    warnings: Sequence[str],
) -> BuildReport:
    """Return the report of a build that wrote ``deck``, ``compiled``'s, to ``path``.

    ``package`` is the size and SHA-256 of what it wrote.

    ``reuse`` is what the build was given, to count the cards it rendered and those it reused;
    ``warnings`` follow the findings.
    """
    cards = [key for key in compiled.keep.renders if not key.startswith("description:")]
    reused = sum(1 for key in cards if key in reuse.renders)
    return BuildReport(
        output=str(path),
        cards=len(deck.notes),
        decks=tuple(sorted({note.deck for note in deck.notes})),
        size=package[0],
        warnings=(*(str(d) for d in compiled.diagnostics), *warnings),
        notices=tuple(notices),
        anki_cards=anki_cards,
        sha256=package[1],
        build_time=deck.timestamp,
        rendered=len(cards) - reused,
        reused=reused,
        name=deck.settings.name,
    )


def build(
    content_dir: Path,
    output: Path,
    environ: Mapping[str, str],
    *,
    strict: bool = False,
    workers: int = 1,
    progress: Progress | None = None,
    shared: Path | None = None,
) -> BuildReport:
    """Compile ``content_dir`` into an ``.apkg``; nothing is written unless every stage succeeds.

    What a rebuild may reuse is kept in the cache folder, so it redoes only what changed.
    ``shared`` is a project's folder of note types and media every deck may use.
    """
    root = cache_folder(output, environ)
    prime_code_version(root)
    yamls = KeptYaml(root)
    content, untagged = _read_tagged(content_dir, shared, yamls)
    timestamp, notice = resolve_build_time(content_dir, environ)
    timestamp = _extended_time(content, timestamp, environ)
    digest = build_digest(content, timestamp, notice, strict, str(output))
    if (report := load_build(root, digest)) is not None:
        # Nothing changed since the last build, whose package is intact: nothing is rendered.
        return msgspec.structs.replace(report, rendered=0, reused=report.rendered + report.reused)
    from ankismith.atomic import atomic_file
    from ankismith.cache.reuse import load_reuse, save_reuse, set_aside, with_package
    from ankismith.heap import give_back

    fresh = uncommitted_lines(content_dir)
    checked = check_digest(untagged, fresh)  # the content as check reads it: no tag
    later = None
    if sum(len(source.text) for source in content.sources) >= LATE_FROM:
        from ankismith.cache.renders import later_renders

        later = later_renders(root)
    # What packaging reuses is read when it starts; renderings, with ``later``, at rendering.
    reuse = load_reuse(root, package=False, renders=later is None)
    # Handed over: the files' text is let go as rendering goes (packaging never needs it).
    handed = [content]
    del content, untagged
    compile_with = functools.partial(
        compile_content,
        timestamp=timestamp,
        strict=strict,
        workers=workers,
        progress=progress,
        fresh=fresh,
        yamls=yamls,
    )
    try:
        compiled = compile_with(handed, reuse=reuse, later=later)
    except TextNeeded:  # a damaged render cache: read everything again, and render it all
        reuse = msgspec.structs.replace(reuse, renders={})
        compiled = compile_with([_read_tagged(content_dir, shared, yamls)[0]], reuse=reuse)
    if later is not None:  # decoded once, during rendering
        reuse = msgspec.structs.replace(reuse, renders=later.load())
    if (deck := compiled.deck) is None:
        raise ContentErrors(compiled.diagnostics, f"{compiled.summary()}; nothing was written.")
    # What the parse and key caches gain is encoded now (a rebuild's lines), or written beside
    # their place (a cold build's files): packaging runs without every card's parse and keys.
    aside, kept, reuse = set_aside(compiled.keep, reuse, root)
    compiled = msgspec.structs.replace(compiled, cards=(), keep=kept, counted=compiled.total)
    if compiled.total >= GIVE_BACK_FROM:
        give_back()
    try:  # until they are renamed into place, the files set aside are temp files
        reuse = with_package(root, reuse)
        path = output_path(output, deck.settings)
        # Written as it is made: the compressed collection is held once, as its chunks.
        with atomic_file(path) as out:
            anki_cards, keep = _package(deck, compiled.keep, reuse, out)
            package = _digest(out)
        report = _report(
            compiled,
            deck,
            path,
            package,
            anki_cards=anki_cards,
            reuse=reuse,
            notices=[notice] if notice else [],
            warnings=undelivered(content_dir, environ),
        )
        save_reuse(root, keep, reuse, aside)
    except BaseException:
        aside.drop()
        raise
    # Classified without --strict (a strict build that succeeds found nothing at all).
    save_findings(root, checked, compiled.diagnostics, compiled.total)
    save_build(root, digest, report, package[1])
    yamls.save()
    record_code_version(root)
    return report
