"""``build``, ``check``, ``ids`` and ``preview`` over every deck of a project: the loop over decks.

A repository without ``ankismith.yaml`` is one deck, built and checked exactly as ever. With
it, each deck is built to ``<output>/<key>.apkg`` with a cache folder of its own (caches never
mix), after ``clash.py`` has found no two decks sharing what Anki matches by. Its preview is
one site with a deck switcher.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
import msgspec.structs

from ankismith.cache.folder import ENVIRONMENT, cache_folder
from ankismith.content.files import NOTETYPES_DIR, read_settings, read_templates
from ankismith.content.read import Content, read_all_notetypes
from ankismith.decks.project import Project, ProjectDeck, find_project
from ankismith.errors import BuildError, ContentErrors
from ankismith.findings import Finding, Severity, blocking
from ankismith.model import BuildReport
from ankismith.parse.settings import load_settings
from ankismith.pipeline import Compiled, build, check

if TYPE_CHECKING:
    from ankismith.ids.add import IdsReport
    from ankismith.preview.build import PreviewDeck
    from ankismith.preview.record import PreviewReport
    from ankismith.render.deck import Progress


def deck_output(output: Path, deck: ProjectDeck, many: bool) -> Path:
    """Return where ``deck`` is built: ``output`` for one deck, else ``output/<key>.apkg``.

    Several decks need a folder: an ``output`` ending in ``.apkg`` is refused for them.
    """
    if not deck.key:
        return output
    if output.suffix == ".apkg":
        if many:
            raise BuildError(
                f"{output}: several decks are built, each to its own file: give a folder"
            )
        return output
    return output / f"{deck.key}.apkg"


def deck_environ(output: Path, deck: ProjectDeck, environ: Mapping[str, str]) -> Mapping[str, str]:
    """Return ``environ`` with the cache folder of ``deck``: the project's, then its key."""
    if not deck.key:
        return environ
    return {**environ, ENVIRONMENT: str(cache_folder(output, environ) / deck.key)}


def refuse_clashes(project: Project) -> None:
    """Raise when two decks of ``project`` share a deck name, deck id or note type id."""
    if found := project_clashes(project):
        raise ContentErrors(found, "decks of the project clash; nothing was written.")


def project_clashes(project: Project) -> list[Finding]:
    """Return the clashes between the decks of ``project`` (none for a single deck)."""
    if project.file is None:
        return []
    from ankismith.decks.clash import clashes  # reads note types: one deck needs none of it

    return clashes([_identity(deck) for deck in project.decks], _used)


def _used(content: Content) -> frozenset[str]:
    """Return the note types the cards of ``content``'s deck use, by key: read and parsed.

    Asked by the clash check only of decks that would ship a note type id with other text.
    """
    from ankismith.content.read import load
    from ankismith.parse.notetypes import load_notetypes
    from ankismith.parse.scanner import parse_files

    settings, sources, _ = load(content.root)
    if settings is None:
        return frozenset()
    notetypes, _ = load_notetypes(
        content.notetypes, content.notetypes_path, content.notetype_folders()
    )
    cards, _ = parse_files(settings, sources, notetypes)
    return frozenset(card.type_key for card in cards)


def _identity(deck: ProjectDeck) -> Content:
    """Return what a clash is judged on, read alone: the settings and note types, no cards.

    A build with nothing changed reads no card file twice for it.
    """
    path, text, undecodable = read_settings(deck.content)
    settings = None if undecodable else load_settings(text, path)[0]
    notetypes, _, common = read_all_notetypes(deck.content, deck.shared)
    folder = str(deck.shared / NOTETYPES_DIR) if deck.shared is not None else ""
    shared = tuple((name, folder) for name in common)
    templates = tuple(read_templates(deck.content)[0])
    return Content(
        deck.content,
        settings,
        (),
        templates=templates,
        notetypes=tuple(notetypes),
        shared_notetypes=shared,
    )


def build_decks(
    start: Path,
    content: Path | None,
    output: Path,
    environ: Mapping[str, str],
    *,
    deck: str | None = None,
    strict: bool = False,
    workers: int = 1,
    progress: Progress | None = None,
) -> tuple[BuildReport, ...]:
    """Build every deck of the repository at ``start`` (or the one named ``deck``).

    ``content`` given is that one deck, as ever. Every deck is built even when one fails; then
    every finding is reported together, and the decks that failed wrote nothing.
    """
    project = find_project(start, content)
    chosen = project.pick(deck)
    refuse_clashes(project)
    reports: list[BuildReport] = []
    failed: list[Finding] = []
    for one in chosen:
        target = deck_output(output, one, len(chosen) > 1)
        try:
            reports.append(
                build(
                    one.content,
                    target,
                    deck_environ(output, one, environ),
                    strict=strict,
                    workers=workers,
                    progress=progress,
                    shared=one.shared,
                )
            )
        except ContentErrors as error:
            if len(chosen) == 1:
                raise
            failed += error.findings
    if failed:
        failed = list(dict.fromkeys(failed))  # a variant fails on its base's files too: once
        built = ", ".join(report.output for report in reports) or "none"
        count = len(blocking(failed))
        raise ContentErrors(failed, f"{count} error{'s' if count != 1 else ''}; built: {built}.")
    return tuple(reports)


def check_decks(
    start: Path,
    content: Path | None,
    *,
    deck: str | None = None,
    strict: bool = False,
    output: Path | None = None,
    workers: int = 1,
    environ: Mapping[str, str],
) -> Compiled:
    """Check every deck of the repository at ``start`` (or the one named ``deck``), as one.

    Each finding is at its own file; their decks' clashes are errors too. Nothing is written.
    """
    project = find_project(start, content)
    chosen = project.pick(deck)
    found: list[Finding] = project_clashes(project)
    total = 0
    for one in chosen:
        compiled = check(
            one.content,
            strict=strict,
            output=None if output is None else deck_output(output, one, False),
            workers=workers,
            environ=deck_environ(output or Path("."), one, environ),
            shared=one.shared,
        )
        if project.file is None:
            return compiled
        found += compiled.diagnostics
        total += compiled.total
    # A variant's check holds the findings of the files it shares with its base: each once.
    found = list(
        dict.fromkeys(
            msgspec.structs.replace(f, severity=f.severity or Severity.ERROR) for f in found
        )
    )
    ordered = sorted(found, key=lambda f: (f.location.sort_key, f.code, f.message))
    return Compiled(tuple(ordered), (), None, counted=total)


def ids_decks(
    start: Path, content: Path | None, *, deck: str | None = None, keep_derived: bool = False
) -> tuple[IdsReport, ...]:
    """Write an id under every card without one, in every deck (or the one named ``deck``)."""
    from ankismith.ids.add import add_missing_ids

    chosen = find_project(start, content).pick(deck)
    return tuple(
        add_missing_ids(one.content, keep_derived=keep_derived, shared=one.shared) for one in chosen
    )


def preview_decks(
    start: Path,
    content: Path | None,
    output: Path,
    environ: Mapping[str, str],
    *,
    deck: str | None = None,
) -> tuple[tuple[PreviewDeck, ...], PreviewReport]:
    """Write one preview site of every deck (or the one named ``deck``) to ``output``.

    Several decks make one site, a folder per deck with a switcher; one deck is a site of its
    own. Builds to ``output``'s parent folder (``build/`` for ``build/preview``) left their
    parses and renderings in their cache folders: the preview reuses them. Return the decks
    (what ``--watch`` follows) and what was written.
    """
    from ankismith.preview.build import PreviewDeck, build_preview

    chosen = find_project(start, content).pick(deck)
    builds = output.parent
    decks = tuple(
        PreviewDeck(
            one.key if len(chosen) > 1 else "",
            one.content,
            one.shared,
            cache_folder(builds, deck_environ(builds, one, environ)),
        )
        for one in chosen
    )
    if decks[0].cache is not None:
        from ankismith.cache.folder import prime_code_version

        prime_code_version(decks[0].cache)  # as the builds read it, without reading our files
    return decks, build_preview(decks, output)
