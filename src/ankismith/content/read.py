"""Read a whole content directory into one Content value: the input end of every command."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import msgspec

from ankismith.content.files import (
    NOTETYPES_DIR,
    PROJECT_FILE,
    SETTINGS_FILE,
    TEMPLATES_DIR,
    find_media,
    find_sources,
    read_notetypes,
    read_settings,
    read_source,
    read_templates,
)
from ankismith.errors import BuildError
from ankismith.findings import Finding
from ankismith.model import Kept, SourceFile
from ankismith.parse.settings import DeckSettings, load_settings


class Content(msgspec.Struct, frozen=True):
    """Everything read from a content directory, before any parsing."""

    root: Path
    """The content directory as given."""
    settings: DeckSettings | None
    """Deck settings, None when deck.yaml is invalid."""
    sources: tuple[SourceFile, ...]
    """Card files, sorted."""
    media: Mapping[PurePosixPath, bytes] = msgspec.field(default_factory=dict)
    """Media files inside the tree, by path relative to it."""
    outside: frozenset[PurePosixPath] = frozenset()
    """Media paths that are links leading out of the tree (never read)."""
    templates: tuple[tuple[str, str], ...] = ()
    """Author template overrides (name under templates/, text)."""
    errors: tuple[Finding, ...] = ()
    """Problems met while reading."""
    notetypes: tuple[tuple[str, str], ...] = ()
    """Text files of the author's note types (path under ``_notetypes/``, text)."""
    shared_notetypes: tuple[tuple[str, str], ...] = ()
    """(name, display path of the ``_notetypes`` folder) of each note type read from a
    project's shared folder rather than this one."""

    def notetype_folders(self) -> dict[str, str]:
        """Return the display path of the ``_notetypes`` folder each note type lies in."""
        return dict(self.shared_notetypes)

    @property
    def settings_path(self) -> str:
        """Return the display path of ``deck.yaml``, for messages."""
        return str(self.root / SETTINGS_FILE)

    @property
    def templates_path(self) -> str:
        """Return the display path of the template overrides folder, for messages."""
        return str(self.root / TEMPLATES_DIR)

    @property
    def notetypes_path(self) -> str:
        """Return the display path of the note types folder, for messages."""
        return str(self.root / NOTETYPES_DIR)


def load(
    content_dir: Path, kept: Kept | None = None
) -> tuple[DeckSettings | None, list[SourceFile], list[Finding]]:
    """Read the settings and every card file, collecting errors instead of stopping.

    ``kept`` gives the mapping PyYAML read from a ``deck.yaml`` text before, or None.
    """
    paths = find_sources(content_dir)
    settings_path, settings_text, undecodable = read_settings(content_dir)
    mapping = kept(settings_text) if kept is not None and undecodable is None else None
    settings, errors = load_settings(settings_text, settings_path, mapping)
    if undecodable is not None:
        settings, errors = None, [undecodable]
    sources: list[SourceFile] = []
    for path in paths:
        source, error = read_source(path, content_dir, walked=True)
        if source is not None:
            sources.append(source)
        if error is not None:
            errors.append(error)
    base = extended(content_dir, settings)
    if base is not None:
        own = {source.relpath for source in sources}
        for path in find_sources(base):
            source, error = read_source(path, base, walked=True)
            if source is not None and source.relpath not in own:
                sources.append(source)
            if error is not None:
                errors.append(error)
        sources.sort(key=lambda source: source.relpath.parts)
    return settings, sources, errors


def extended(content_dir: Path, settings: DeckSettings | None) -> Path | None:
    """Return the content folder ``settings`` extends (its ``extends:``), refusing a bad one."""
    if settings is None or not settings.extends:
        return None
    # As written, normalised: its files are named as the base deck's own (decks/core/a.md).
    base = Path(os.path.normpath(content_dir / settings.extends))
    shown = f"{content_dir / SETTINGS_FILE}: extends: {settings.extends!r}"
    if not base.is_dir():
        raise BuildError(f"{shown} is not a content folder")
    here, there = content_dir.resolve(), base.resolve()
    if here == there or here in there.parents or there in here.parents:
        raise BuildError(f"{shown} holds this deck's folder or lies in it: name a folder beside it")
    root = project_root(here)
    if not there.is_relative_to(root):
        line = settings.line_of("extends")
        raise BuildError(
            f"{content_dir / SETTINGS_FILE}:{line}: extends: {settings.extends!r} leads out of "
            f"the project ({root}): a variant extends a deck of its own repository"
        )
    return base


def project_root(content_dir: Path) -> Path:
    """Return the folder a deck's ``extends:`` must stay in: the project's, or the repository's.

    That is the nearest folder above ``content_dir`` holding ``ankismith.yaml``, else the folder
    holding ``content_dir`` (a repository of one deck, ``content/`` at its root).
    """
    here = content_dir.resolve()
    for folder in here.parents:
        if (folder / PROJECT_FILE).is_file():
            return folder
    return here.parent


def read_content(
    content_dir: Path, shared: Path | None = None, kept: Kept | None = None
) -> Content:
    """Read the whole content tree: settings, card files, media, template overrides, note types.

    A variant's ``extends:`` folder adds its card files and media, under their own paths there
    (this deck's own file of the same path comes first).

    ``shared`` is a project's shared folder (``ankismith.yaml``): its note types and media are
    read as if they lay in ``content_dir``, whose own files of the same path come first.
    ``kept`` gives the mapping PyYAML read from a ``deck.yaml`` text before (the cache folder's).
    """
    settings, sources, errors = load(content_dir, kept)
    media, outside = find_media(content_dir)
    if (base := extended(content_dir, settings)) is not None:
        theirs, _ = find_media(base)
        media = [*media, *(m for m in theirs if m.relpath not in {n.relpath for n in media})]
    templates, template_errors = read_templates(content_dir)
    notetypes, notetype_errors, common = read_all_notetypes(content_dir, shared)
    folder = str(shared / NOTETYPES_DIR) if shared is not None else ""
    found = {m.relpath: m.data for m in media}
    if shared is not None:
        more, common_outside = find_media(shared)
        found = {**{m.relpath: m.data for m in more}, **found}
        outside = outside | (common_outside - found.keys())
    return Content(
        root=content_dir,
        settings=settings,
        sources=tuple(sources),
        media=found,
        outside=outside,
        templates=tuple(templates),
        errors=tuple(errors + template_errors + notetype_errors),
        notetypes=tuple(notetypes),
        shared_notetypes=tuple((name, folder) for name in common),
    )


def read_all_notetypes(
    content_dir: Path, shared: Path | None = None
) -> tuple[list[tuple[str, str]], list[Finding], list[str]]:
    """Read the note types of ``content_dir``, and those of ``shared`` it does not hold itself.

    A note type is a whole folder: a deck's own folder of a name hides the shared one. Also
    return the names of the note types taken from ``shared``.
    """
    notetypes, errors = read_notetypes(content_dir)
    if shared is None:
        return notetypes, errors, []
    more, more_errors = read_notetypes(shared)
    own = {path.split("/")[0] for path, _ in notetypes}
    taken = [nt for nt in more if nt[0].split("/")[0] not in own]
    names = sorted({path.split("/")[0] for path, _ in taken})
    return sorted([*notetypes, *taken]), errors + more_errors, names
