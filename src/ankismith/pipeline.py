"""The build, staged: content -> parse -> check -> render -> apkg. Disk I/O only at the ends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ankismith.apkg.archive import zip_package
from ankismith.apkg.buildtime import EARLIEST, resolve_build_time
from ankismith.apkg.collection import collection_bytes
from ankismith.atomic import write_atomic
from ankismith.check.cards import (
    deck_case_clashes,
    duplicate_guids,
    duplicate_ids,
    missing_explanations,
    missing_ids,
)
from ankismith.check.names import unsafe_names
from ankismith.check.notetypes import custom_templates, default_type
from ankismith.check.questions import duplicate_questions, near_duplicates
from ankismith.check.sources import script_tags
from ankismith.check.templates import active_in_templates, bad_overrides, remote_in_templates
from ankismith.content.read import Content, read_content
from ankismith.errors import ContentErrors
from ankismith.findings import Finding, Severity, blocking, classify, rule_of
from ankismith.git import release_tag
from ankismith.model import BuildReport, Card, DeckSettings, Location, RenderedDeck
from ankismith.parse.notetypes import load_notetypes
from ankismith.parse.scanner import parse_files
from ankismith.render.cache import cache_file, load_cache, renderer_version, save_cache
from ankismith.render.deck import Progress, render_deck
from ankismith.render.fields import CardRender
from ankismith.text import plural, slug


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

    @property
    def errors(self) -> int:
        """Number of findings that block a build."""
        return len(blocking(self.diagnostics))

    def summary(self) -> str:
        """Return a line such as '2 errors, 1 warning in 40 cards'."""
        warnings = len(self.diagnostics) - self.errors
        counts = f"{plural(self.errors, 'error')}, {plural(warnings, 'warning')}"
        return f"{counts} in {plural(len(self.cards), 'card')}"


def _card_rules(cards: Sequence[Card]) -> list[Finding]:
    """Run every rule that looks across the parsed cards."""
    return [
        *duplicate_ids(cards),
        *duplicate_guids(cards),
        *missing_ids(cards),
        *missing_explanations(cards),
        *deck_case_clashes(cards),
        *duplicate_questions(cards),
        *near_duplicates(cards),
    ]


def compile_content(
    content: Content,
    timestamp: int,
    *,
    strict: bool = False,
    cache: Mapping[str, CardRender] | None = None,
    workers: int = 1,
    progress: Progress | None = None,
) -> Compiled:
    """Parse, check and render the content: pure, and never raises for a content mistake.

    With ``strict``, warnings count as errors. ``cache`` holds earlier renderings to reuse;
    ``workers`` > 1 renders in that many processes when enough cards need rendering.
    """
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
    ]
    cards: list[Card] = []
    deck = None
    entries: dict[str, CardRender] = {}
    if content.settings is not None:
        findings += default_type(content.settings, notetypes, content.settings_path)
        cards, problems = parse_files(content.settings, content.sources, notetypes)
        findings += [*problems, *_card_rules(cards), *unsafe_names(cards, content.templates)]
        deck, media, entries = render_deck(
            content.settings, content, cards, timestamp, cache=cache, workers=workers,
            progress=progress, notetypes=notetypes,
        )
        findings += media
    # Only when nothing else explains it: a file that fails to parse has no cards either.
    if not cards and not any(rule_of(f.code).default is Severity.ERROR for f in findings):
        message = "no cards found (a card starts with '## ')"
        findings.append(Finding(Location(str(content.root), 0), message))
    settings = dict(content.settings.checks) if content.settings else {}
    found = classify(findings, settings, strict=strict)
    blocked = content.settings is None or bool(blocking(found))
    return Compiled(tuple(found), tuple(cards), None if blocked else deck, entries)


def check(
    content_dir: Path, *, strict: bool = False, cache_dir: Path | None = None, workers: int = 1
) -> Compiled:
    """Read and check ``content_dir`` without writing anything.

    Renderings cached by builds into ``cache_dir`` are reused (read only), so a check after a
    build renders only what changed.
    """
    cache = load_cache(cache_file(cache_dir), renderer_version()) if cache_dir else {}
    content = read_content(content_dir)
    return compile_content(content, EARLIEST, strict=strict, cache=cache, workers=workers)


def output_path(output: Path, settings: DeckSettings) -> Path:
    """Return the package path: ``output`` itself if it ends in .apkg, else a file inside it."""
    if output.suffix == ".apkg":
        return output
    return output / f"{slug(settings.name)}.apkg"


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
    content = read_content(content_dir)
    if content.settings is not None and not content.settings.version:
        tagged = replace(content.settings, version=release_tag(content_dir))
        content = replace(content, settings=tagged)
    timestamp, notice = resolve_build_time(content_dir, environ)
    cache_at = cache_file(output.parent if output.suffix == ".apkg" else output)
    version = renderer_version()
    compiled = compile_content(
        content,
        timestamp,
        strict=strict,
        cache=load_cache(cache_at, version),
        workers=workers,
        progress=progress,
    )
    deck = compiled.deck
    if deck is None:
        raise ContentErrors(compiled.diagnostics, f"{compiled.summary()}; nothing was written.")
    data = zip_package(collection_bytes(deck), dict(deck.media), timestamp)
    path = output_path(output, deck.settings)
    write_atomic(path, data)
    save_cache(cache_at, version, compiled.cache)
    return BuildReport(
        output=str(path),
        cards=len(deck.notes),
        decks=tuple(sorted({note.deck for note in deck.notes})),
        size=len(data),
        warnings=tuple(str(d) for d in compiled.diagnostics),
        notices=(notice,) if notice else (),
    )
