"""The build, staged: discover -> parse -> check -> render -> package. Disk I/O only at the ends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ankismith.apkg import collection_bytes
from ankismith.buildtime import resolve_build_time
from ankismith.config import load_settings, slug
from ankismith.discover import find_sources, read_settings, read_source
from ankismith.errors import ContentError, ContentErrors
from ankismith.model import (
    BuildReport,
    Card,
    ContentWarning,
    DeckSettings,
    Location,
    SourceFile,
)
from ankismith.package import write_atomic, zip_package
from ankismith.parse import parse_source
from ankismith.render import render_deck
from ankismith.validate import check_cards


def load(content_dir: Path) -> tuple[DeckSettings | None, list[SourceFile], list[ContentError]]:
    """Read the settings and every content file, collecting errors instead of stopping."""
    paths = find_sources(content_dir)
    settings_path, settings_text = read_settings(content_dir)
    settings, errors = load_settings(settings_text, settings_path)
    sources: list[SourceFile] = []
    for path in paths:
        source, error = read_source(path, content_dir)
        if source is not None:
            sources.append(source)
        if error is not None:
            errors.append(error)
    return settings, sources, errors


def parse_all(
    settings: DeckSettings, sources: Sequence[SourceFile]
) -> tuple[list[Card], list[ContentError], list[ContentWarning]]:
    """Parse every file and run the cross-card checks; pure."""
    cards: list[Card] = []
    errors: list[ContentError] = []
    for source in sources:
        found, problems = parse_source(source, settings)
        cards.extend(found)
        errors.extend(problems)
    more_errors, warnings = check_cards(cards)
    return cards, errors + more_errors, warnings


def collect(
    content_dir: Path, *, strict: bool = False
) -> tuple[DeckSettings, list[Card], list[ContentWarning]]:
    """Read and parse the content tree; raise one ContentErrors listing every mistake.

    With ``strict``, warnings count as errors.
    """
    settings, sources, errors = load(content_dir)
    cards: list[Card] = []
    warnings: list[ContentWarning] = []
    if settings is not None:
        cards, problems, warnings = parse_all(settings, sources)
        errors += problems
    if strict:
        errors += [ContentError(w.location, f"{w.message} [strict]") for w in warnings]
    if not errors and not cards:
        errors.append(
            ContentError(Location(str(content_dir), 0), "no cards found (a card starts with '## ')")
        )
    if errors or settings is None:
        raise ContentErrors(errors)
    return settings, cards, warnings


def output_path(output: Path, settings: DeckSettings) -> Path:
    """Return the package path: ``output`` itself if it ends in .apkg, else a file inside it."""
    if output.suffix == ".apkg":
        return output
    return output / f"{slug(settings.name)}.apkg"


def build(
    content_dir: Path, output: Path, environ: Mapping[str, str], *, strict: bool = False
) -> BuildReport:
    """Compile ``content_dir`` into an ``.apkg``; nothing is written unless every stage succeeds."""
    settings, cards, warnings = collect(content_dir, strict=strict)
    timestamp, notice = resolve_build_time(content_dir, environ)
    deck = render_deck(settings, cards, timestamp)
    data = zip_package(collection_bytes(deck), {}, timestamp)
    path = output_path(output, settings)
    write_atomic(path, data)
    return BuildReport(
        output=str(path),
        cards=len(cards),
        decks=tuple(sorted({card.deck for card in cards})),
        size=len(data),
        warnings=tuple(warnings),
        notices=(notice,) if notice else (),
    )
