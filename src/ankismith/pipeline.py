"""The build, staged: content -> parse -> check -> render -> apkg. Disk I/O only at the ends."""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ankismith.apkg.buildtime import EARLIEST, resolve_build_time, undelivered
from ankismith.content.read import Content, read_content
from ankismith.errors import ContentErrors
from ankismith.findings import Finding, Severity, blocking, classify, rule_of
from ankismith.git import release_tag, uncommitted_lines
from ankismith.model import BuildReport, Card, Location
from ankismith.parse.settings import DeckSettings
from ankismith.render import store
from ankismith.render.rendered import RenderedDeck
from ankismith.text import plural, slug

if TYPE_CHECKING:
    # Parsing, checking, rendering and packaging are imported where they run: a build with
    # nothing changed needs none of them, and starts in a fraction of the time.
    from ankismith.check.cards import Fresh
    from ankismith.check.questions import NearIndex
    from ankismith.parse.cache import FileParse
    from ankismith.render.deck import Progress
    from ankismith.render.fields import CardRender
    from ankismith.render.keys import CardKeys


@dataclass(frozen=True, slots=True)
class Compiled:
    """The outcome of checking and rendering content: a deck, or the reasons there is none."""

    diagnostics: tuple[Finding, ...]
    """Every finding, errors and warnings, sorted by place."""
    cards: tuple[Card, ...]
    """Every card parsed, in source order; ``deck.notes`` follows it one to one."""
    deck: RenderedDeck | None
    """The rendered deck, None when any finding is an error."""
    cache: Mapping[str, CardRender] = field(default_factory=dict)
    """Renderings of this deck's cards, for the next build."""
    parses: Mapping[str, FileParse] = field(default_factory=dict)
    """Each file's parse, by content, for the next build."""
    near: NearIndex | None = None
    """The near-duplicate index, for the next build."""
    keys: Mapping[str, CardKeys] = field(default_factory=dict)
    """Each file's cards' keys, by file parse key, for the next build."""
    counted: int | None = None
    """How many cards there are, when ``cards`` is not at hand (findings a build recorded)."""

    @property
    def total(self) -> int:
        """Number of cards checked."""
        return len(self.cards) if self.counted is None else self.counted

    @property
    def errors(self) -> int:
        """Number of findings that block a build."""
        return len(blocking(self.diagnostics))

    def summary(self) -> str:
        """Return a line such as '2 errors, 1 warning in 40 cards'."""
        warnings = len(self.diagnostics) - self.errors
        counts = f"{plural(self.errors, 'error')}, {plural(warnings, 'warning')}"
        return f"{counts} in {plural(self.total, 'card')}"


def _card_rules(
    cards: Sequence[Card],
    near: NearIndex | None,
    keys: CardKeys,
    fresh: Fresh | None = None,
) -> tuple[list[Finding], NearIndex]:
    """Run every rule that looks across the parsed cards; return the new near-duplicate index.

    ``keys`` are the cards' keys; ``fresh`` names the lines not yet committed, so a duplicate
    id blames the new card.
    """
    from ankismith.check.cards import (
        blank_ids,
        deck_case_clashes,
        duplicate_guids,
        duplicate_ids,
        missing_explanations,
        missing_ids,
    )
    from ankismith.check.questions import duplicate_questions, near_duplicates_reusing

    questions = keys.questions
    near_findings, index = near_duplicates_reusing(
        cards, near, keys=questions, sources=keys.sources
    )
    findings = [
        *duplicate_ids(cards, fresh),
        *duplicate_guids(cards),
        *missing_ids(cards),
        *blank_ids(cards),
        *missing_explanations(cards),
        *deck_case_clashes(cards),
        *duplicate_questions(cards, questions),
        *near_findings,
    ]
    return findings, index


def compile_content(
    content: Content,
    timestamp: int,
    *,
    strict: bool = False,
    cache: Mapping[str, CardRender] | None = None,
    parses: Mapping[str, FileParse] | None = None,
    near: NearIndex | None = None,
    keys: Mapping[str, CardKeys] | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    fresh: Fresh | None = None,
) -> Compiled:
    """Parse, check and render the content: pure, and never raises for a content mistake.

    With ``strict``, warnings count as errors. ``cache``, ``parses``, ``near`` and ``keys``
    hold earlier renderings, file parses, the near-duplicate index and cards' keys to reuse
    (the result is the same without them); ``workers`` > 1 renders in that many processes
    when enough cards need it.
    ``fresh`` names the lines not yet committed, so a duplicate id blames the new card.
    """
    from ankismith.check.names import unsafe_names
    from ankismith.check.notetypes import custom_templates, default_type
    from ankismith.check.sources import script_tags
    from ankismith.check.templates import active_in_templates, bad_overrides, remote_in_templates
    from ankismith.parse.cache import parse_files_reusing
    from ankismith.parse.notetypes import load_notetypes
    from ankismith.render.deck import render_deck
    from ankismith.render.keys import card_keys

    folder = content.templates_path
    findings = [
        *content.errors,
        *bad_overrides(content.templates, folder),
        *remote_in_templates(content.templates, folder),
        *active_in_templates(content.templates, folder),
        *script_tags(content.sources),
    ]
    notetypes, problems = load_notetypes(content.notetypes, content.notetypes_path)
    findings += [
        *problems,
        *custom_templates(notetypes),
        *remote_in_templates(content.notetypes, content.notetypes_path),
        *active_in_templates(content.notetypes, content.notetypes_path),
    ]
    cards: list[Card] = []
    deck = None
    entries: dict[str, CardRender] = {}
    used: dict[str, FileParse] = {}
    index = None
    files: dict[str, CardKeys] = {}
    if content.settings is not None:
        findings += default_type(content.settings, notetypes, content.settings_path)
        cards, problems, used = parse_files_reusing(
            content.settings, content.sources, parses or {}, notetypes, workers
        )
        every, files = card_keys(cards, used, keys or {})
        rules, index = _card_rules(cards, near, every, fresh)
        printers = [*content.templates, *content.notetypes]
        findings += [*problems, *rules, *unsafe_names(cards, printers)]
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
        )
        findings += media
    # Only when nothing else explains it: a file that fails to parse has no cards either.
    if not cards and not any(rule_of(f.code).default is Severity.ERROR for f in findings):
        message = "no cards found (a card starts with '## ')"
        findings.append(Finding(Location(str(content.root), 0), message))
    settings = dict(content.settings.checks) if content.settings else {}
    found = classify(findings, settings, strict=strict)
    blocked = content.settings is None or bool(blocking(found))
    deck = None if blocked else deck
    return Compiled(tuple(found), tuple(cards), deck, entries, used, index, keys=files)


def check(
    content_dir: Path,
    *,
    strict: bool = False,
    cache_dir: Path | None = None,
    workers: int = 1,
    environ: Mapping[str, str] | None = None,
) -> Compiled:
    """Read and check ``content_dir`` without writing anything.

    What builds into ``cache_dir`` cached (renderings, parses, the near-duplicate index) is
    reused, read only, so a check after a build redoes only what changed.
    """
    content = read_content(content_dir)
    fresh = uncommitted_lines(content_dir)
    if cache_dir is None:
        return compile_content(content, EARLIEST, strict=strict, workers=workers, fresh=fresh)
    root = store.cache_root(cache_dir, os.environ if environ is None else environ)
    if (found := store.load_findings(root, store.check_digest(content, fresh))) is not None:
        # A build read these very inputs and found this: nothing to parse, check or render.
        findings, total = found
        if strict:
            findings = tuple(replace(f, severity=Severity.ERROR) for f in findings)
        return Compiled(findings, (), None, counted=total)
    from ankismith.render.cache import load_cache, renderer_version
    from ankismith.render.keys import load_keys

    stamp = store.code_version()
    return compile_content(
        content,
        EARLIEST,
        strict=strict,
        cache=load_cache(root / "render.log", renderer_version()),
        parses=store.load_parses(root, stamp),
        near=store.load_near(root, stamp),
        keys=load_keys(root / "keys.log", stamp),
        workers=workers,
        fresh=fresh,
    )


def output_path(output: Path, settings: DeckSettings) -> Path:
    """Return the package path: ``output`` itself if it ends in .apkg, else a file inside it."""
    if output.suffix == ".apkg":
        return output
    return output / f"{slug(settings.name) or 'deck'}.apkg"


def build(
    content_dir: Path,
    output: Path,
    environ: Mapping[str, str],
    *,
    strict: bool = False,
    workers: int = 1,
    progress: Progress | None = None,
) -> BuildReport:
    """Compile ``content_dir`` into an ``.apkg``; nothing is written unless every stage succeeds.

    Card renderings are cached beside the output, so a rebuild renders only changed cards.
    """
    content = untagged = read_content(content_dir)
    if content.settings is not None and not content.settings.version:
        tagged = replace(content.settings, version=release_tag(content_dir))
        content = replace(content, settings=tagged)
    timestamp, notice = resolve_build_time(content_dir, environ)
    root = store.cache_root(output.parent if output.suffix == ".apkg" else output, environ)
    digest = store.build_digest(content, timestamp, notice, strict, str(output))
    if (report := store.load_build(root, digest)) is not None:
        # Nothing changed since the last build, whose package is intact: nothing is rendered.
        return replace(report, rendered=0, reused=report.rendered + report.reused)
    from ankismith.apkg.archive import zip_package
    from ankismith.apkg.collection import build_collection, note_guids
    from ankismith.apkg.deflate import ChunkedCompressor
    from ankismith.atomic import write_atomic
    from ankismith.render.cache import load_cache, renderer_version, save_cache
    from ankismith.render.keys import load_keys, save_keys

    fresh = uncommitted_lines(content_dir)

    version, stamp = renderer_version(), store.code_version()
    # The caches are a million objects that live as long as the build: no garbage collection
    # runs while they are read, nor walks them after (that was a quarter of a rebuild's time).
    gc.disable()
    try:
        parses = store.load_parses(root, stamp)
        cache = load_cache(root / "render.log", version)
        keys = load_keys(root / "keys.log", stamp)
    finally:
        gc.freeze()
        gc.enable()
    compiled = compile_content(
        content,
        timestamp,
        strict=strict,
        cache=cache,
        parses=parses,
        near=store.load_near(root, stamp),
        keys=keys,
        workers=workers,
        progress=progress,
        fresh=fresh,
    )
    deck = compiled.deck
    if deck is None:
        raise ContentErrors(compiled.diagnostics, f"{compiled.summary()}; nothing was written.")
    namespace = deck.settings.namespace
    guids = note_guids(deck, store.load_guids(root, stamp, namespace))
    collection, anki_cards = build_collection(deck, guids)
    cards = [key for key in compiled.cache if not key.startswith("description:")]
    compressor = ChunkedCompressor(store.load_chunks(root))
    data = zip_package(collection, dict(deck.media), timestamp, compressor)
    path = output_path(output, deck.settings)
    write_atomic(path, data)
    report = BuildReport(
        output=str(path),
        cards=len(deck.notes),
        decks=tuple(sorted({note.deck for note in deck.notes})),
        size=len(data),
        warnings=(
            *(str(d) for d in compiled.diagnostics),
            *undelivered(content_dir, environ),
        ),
        notices=(notice,) if notice else (),
        anki_cards=anki_cards,
        sha256=hashlib.sha256(data).hexdigest(),
        build_time=timestamp,
        rendered=sum(1 for key in cards if key not in cache),
        reused=sum(1 for key in cards if key in cache),
    )
    save_cache(root / "render.log", version, compiled.cache, cache)
    store.save_parses(root, stamp, compiled.parses, parses)
    if compiled.near is not None:
        store.save_near(root, stamp, compiled.near)
    save_keys(root / "keys.log", stamp, compiled.keys, keys)
    store.save_chunks(root, compressor.used)
    store.save_guids(root, stamp, namespace, guids)
    # Classified without --strict (a strict build that succeeds found nothing at all).
    checked = store.check_digest(untagged, fresh)  # the content as check reads it: no tag
    store.save_findings(root, checked, compiled.diagnostics, len(compiled.cards))
    store.save_build(root, digest, report, data)
    return report
