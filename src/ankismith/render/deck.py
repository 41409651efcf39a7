"""Render a whole deck: cached cards reused, the rest rendered, in worker processes when it pays.

The output never depends on where a card's HTML came from (see render/digests.py).
"""

from __future__ import annotations

import html
import os
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import msgspec
import msgspec.structs

from ankismith.content.media import ABSENT_FOLDER, packaged_names
from ankismith.content.read import Content
from ankismith.findings import Finding
from ankismith.forge import read_repository
from ankismith.heap import give_back
from ankismith.model import Card, Kept, Location, NoteTypeDef, RenderedNote
from ankismith.notetypes.assemble import deck_notetypes, deck_owner
from ankismith.notetypes.builtin import NOTE_TYPES, note_guid
from ankismith.notetypes.labels import Labels, deck_labels
from ankismith.parse.settings import DeckSettings
from ankismith.render.digests import cache_key, content_key, description_key, media_signature
from ankismith.render.notetype_media import notetype_media
from ankismith.render.rendered import CardRender, RenderedDeck
from ankismith.text import split_lines
from ankismith.workers import follow

if TYPE_CHECKING:  # the renderer only for a card not in the cache, the report only with its link
    from ankismith.render.fields import Renderer
    from ankismith.render.report import ReportContext

PARALLEL_FROM = 2_500
"""Fewest uncached cards for which starting worker processes pays for itself (a card takes
about 0.2 ms to render, starting two workers with their imports about 0.3 s of CPU)."""
CHUNK = 200
"""Cards per task sent to a worker."""
GIVE_BACK = 16 << 20
"""Characters of the files' text let go, after which the freed memory is given back."""

Progress = Callable[[int, int], None]
"""Told (cards just rendered, cards to render) as rendering goes; cached cards don't count."""
Ready = Callable[[int, CardRender], None]
"""Told (a card's index, its rendering) as soon as the rendering is known."""


_worker: Renderer | None = None
_inherited: Sequence[Card] = ()
"""The cards to render, as a worker forked from the build holds them (see ``render_cards``)."""


def _start(
    names: Mapping[PurePosixPath, str],
    outside: frozenset[PurePosixPath],
    build: int,
    cards: Sequence[Card] = (),
) -> None:
    from ankismith.render.fields import Renderer

    global _worker, _inherited
    follow(build)
    _worker = Renderer(names, outside)
    _inherited = cards


_FIELDS = {kind: len(note_type.fields) for kind, note_type in NOTE_TYPES.items()}


def _field_count(card: Card) -> int:
    """Return how many fields the card's note type has: a cached rendering must match it."""
    if card.notetype or card.kind is None:
        return len(card.fields)
    return _FIELDS[card.kind]


def _render_chunk(cards: Sequence[Card] | range) -> list[CardRender]:
    """Render ``cards``, or the inherited cards at the indexes of a range."""
    from ankismith.render.fields import render_one

    assert _worker is not None
    chosen = [_inherited[i] for i in cards] if isinstance(cards, range) else cards
    return [render_one(card, _worker) for card in chosen]


def media_names(settings: DeckSettings, content: Content) -> dict[PurePosixPath, str]:
    """Return the name each media file is packaged under, by its path in the content."""
    names = packaged_names(content.media, settings.keep_media_names)
    # What the deck names but never held stays as written (deck.yaml absent_media).
    absent = {ABSENT_FOLDER / name: name for name in settings.absent_media}
    return {**absent, **names}


def cached(cache: Mapping[str, CardRender], key: str, card: Card) -> CardRender | None:
    """Return the card's rendering found in ``cache`` under ``key``, if it is one for it."""
    if (hit := cache.get(key)) is not None and len(hit.fields) == _field_count(card):
        return hit
    return None


def render_cards(
    cards: Sequence[Card],
    names: Mapping[PurePosixPath, str],
    outside: frozenset[PurePosixPath],
    *,
    cache: Mapping[str, CardRender],
    workers: int = 1,
    progress: Progress | None = None,
    contents: Sequence[str] | None = None,
    ready: Ready | None = None,
) -> tuple[list[CardRender], dict[str, CardRender]]:
    """Return every card's rendering, in order, and the cache entries this deck uses.

    ``contents`` are the cards' ``content_key`` values, when already at hand. ``ready`` is
    told each card's index and rendering as soon as it is known: the cached ones first, then
    each chunk as it is rendered.
    """
    media = media_signature(names, outside)
    contents = [content_key(card) for card in cards] if contents is None else contents
    # Interned: a key found in the cache is then the cache's own string, not a second copy
    # (100,000 of them, 15 MB, at 100,000 cards); cache/renders.py interns the keys it reads.
    keys = [sys.intern(cache_key(content, media)) for content in contents]
    done: dict[str, CardRender] = {}
    for k, card in zip(keys, cards, strict=True):
        if (hit := cached(cache, k, card)) is not None:
            done[k] = hit
    if ready is not None:
        for i, k in enumerate(keys):
            if k in done:
                ready(i, done[k])
    todo = [(k, c) for k, c in zip(keys, cards, strict=True) if k not in done]
    places = [i for i, k in enumerate(keys) if k not in done] if ready is not None else []
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    if workers > 1 and len(todo) >= PARALLEL_FROM:
        # A tenth of a second to import: only when there is enough to render to use it.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Python-Markdown and the renderer are loaded once here, before the workers fork, so
        # none loads them again.
        import ankismith.render.fields
        import ankismith.render.pymd  # noqa: F401

        # A forked worker inherits the cards with the initializer's arguments, which are then
        # not copied: it is sent each chunk's indexes instead of its cards (pickling and
        # unpickling 10,000 cards costs a fifth of a second). A worker started afresh is sent
        # its cards.
        forked = multiprocessing.get_start_method() == "fork"
        cards_in = [c for _, c in todo] if forked else []
        start = (names, outside, os.getpid(), cards_in)
        with ProcessPoolExecutor(workers, initializer=_start, initargs=start) as pool:
            tasks: list[Sequence[Card] | range] = [
                range(i * CHUNK, i * CHUNK + len(chunk)) if forked else [c for _, c in chunk]
                for i, chunk in enumerate(chunks)
            ]
            results = pool.map(_render_chunk, tasks)
            for number, (chunk, rendered) in enumerate(zip(chunks, results, strict=True)):
                done.update(zip((k for k, _ in chunk), rendered, strict=True))
                _tell(ready, places[number * CHUNK : number * CHUNK + len(chunk)], rendered)
                if progress:
                    progress(len(chunk), len(todo))
    elif todo:
        from ankismith.render.fields import Renderer, render_one

        renderer = Renderer(names, outside)
        for number, chunk in enumerate(chunks):
            rendered = [render_one(c, renderer) for _, c in chunk]
            done.update(zip((k for k, _ in chunk), rendered, strict=True))
            _tell(ready, places[number * CHUNK : number * CHUNK + len(chunk)], rendered)
            if progress:
                progress(len(chunk), len(todo))
    return [done[k] for k in keys], done


def _tell(ready: Ready | None, places: Sequence[int], rendered: Sequence[CardRender]) -> None:
    """Tell ``ready`` the renderings of the cards at ``places``."""
    if ready is not None:
        for i, render in zip(places, rendered, strict=True):
            ready(i, render)


def locate(texts: Mapping[str, str], card: Card, needle: str) -> Location:
    """Return the line of ``needle`` in the card's file at or after the card's heading."""
    lines = split_lines(texts.get(card.location.path, ""))
    for number in range(card.location.line, len(lines) + 1):
        if needle in lines[number - 1]:
            return Location(card.location.path, number)
    return card.location


def report_context(settings: DeckSettings, labels: Labels) -> ReportContext | None:
    """Return what every card's report link shares, or None without ``repository:``."""
    repository, _ = read_repository(settings.repository) if settings.repository else (None, "")
    if repository is None:
        return None
    from ankismith.render.report import ReportContext

    version, ref, folder = settings.version, settings.source_ref, settings.source_folder
    return ReportContext(repository, settings.name, version, ref, folder, labels)


def with_report(
    context: ReportContext,
    card: Card,
    fields: tuple[str, ...],
    notetypes: Mapping[str, NoteTypeDef | None],
    namespace: str,
) -> tuple[str, ...]:
    """Return the card's fields with the report link in place (``render/report.py``)."""
    from ankismith.render.report import (
        REPORT_FIELD,
        explanation_with_report,
        report_link,
        report_url,
    )

    if card.kind is not None and "Explanation" not in NOTE_TYPES[card.kind].fields:
        return fields  # Anki's own Image Occlusion note type: no field of ours to hold it
    if card.kind is not None:
        names = NOTE_TYPES[card.kind].fields
        target = names.index("Explanation")
    elif (own := notetypes.get(card.notetype)) is not None and REPORT_FIELD in own.fields:
        names = own.fields
        target = names.index(REPORT_FIELD)
    else:
        return fields
    link = ""
    if card.report:
        guid = card.guid or note_guid(namespace, card.card_id)
        link = report_link(context, report_url(context, card, guid, names, fields))
    done = list(fields)
    if card.kind is not None:
        done[target] = explanation_with_report(fields[target], link, context.labels)
    else:
        done[target] = link
    return tuple(done)


def render_deck(
    settings: DeckSettings,
    content: Content,
    cards: Sequence[Card],
    timestamp: int,
    *,
    cache: Mapping[str, CardRender] | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    notetypes: Mapping[str, NoteTypeDef | None] | None = None,
    contents: Sequence[str] | None = None,
    texts: dict[str, str] | None = None,
    code_css: bool = True,
    yamls: Kept | None = None,
) -> tuple[RenderedDeck, list[Finding], dict[str, CardRender]]:
    """Render ``cards`` and the description; return the deck, media problems, cache entries.

    ``notetypes`` are the author's own note types, by name, for the cards that use them;
    ``contents`` the cards' ``content_key`` values, when already at hand.

    ``settings`` are the content's own, read without error; ``content`` supplies the media,
    the template overrides and the card files' text (to place problems on their lines).
    ``texts``, when given, holds that text instead (by path), and is emptied as rendering
    goes: a file's text is let go as soon as its cards' problems are placed, so that a caller
    holding it nowhere else does not keep it beside every rendering.
    Remote resources come back with code ``remote-resource``; callers decide their severity.
    Without ``code_css``, the note types' stylesheets lack the code highlighting styles (no
    Pygments): for a caller that uses their templates only, never for a package.
    """
    files, outside = content.media, content.outside
    names = media_names(settings, content)
    if texts is None:
        texts = {source.path: source.text for source in content.sources}
    placed: dict[int, list[Finding]] = {}
    left = Counter(card.location.path for card in cards)
    freed = [0]

    def ready(index: int, done: CardRender) -> None:
        card = cards[index]
        if done.problems:
            found = [
                msgspec.structs.replace(f, location=locate(texts, card, f.subject))
                for f in done.problems
            ]
            placed[index] = found
        left[card.location.path] -= 1
        if not left[card.location.path]:
            freed[0] += len(texts.pop(card.location.path, ""))
            if freed[0] >= GIVE_BACK:
                give_back()  # the renderings are not put where the text was: see heap.py
                freed[0] = 0

    renders, entries = render_cards(
        cards,
        names,
        outside,
        cache=cache or {},
        workers=workers,
        progress=progress,
        contents=contents,
        ready=ready,
    )
    errors: list[Finding] = [f for index in sorted(placed) for f in placed[index]]
    media: dict[str, bytes] = {}
    notes = []
    labels = deck_labels(settings.language, dict(settings.labels), yamls)
    report = report_context(settings, labels)
    for card, done in zip(cards, renders, strict=True):
        fields = done.fields
        if report is not None:
            fields = with_report(report, card, fields, notetypes or {}, settings.namespace)
        notes.append(
            RenderedNote(card.type_key, card.card_id, fields, card.tags, card.deck, card.guid)
        )
        for name, path in done.used:
            if (data := files.get(PurePosixPath(path))) is not None:
                media[name] = data
    # Cached like a card, so a build with nothing to render never sets up Markdown at all.
    key = "description:" + description_key(settings.description, media_signature(names, outside))
    description = (cache or {}).get(key)
    if description is None:
        from ankismith.render.fields import Renderer, render_description

        description = render_description(settings.description, Renderer(names, outside))
    entries[key] = description
    where = Location(content.settings_path, 0)
    for problem in description.problems:
        errors.append(Finding(where, f"description: {problem.message}", problem.code))
    for _name, path in description.used:
        # Verified with Anki's importer: it copies only media that notes use.
        message = (
            f"description: Anki imports only media that cards use; '{path}' would never arrive"
        )
        errors.append(Finding(where, message, "missing-media"))
    description_html = description.fields[0]
    if settings.version:
        version = f'<p class="deck-version">Version {html.escape(settings.version)}</p>'
        description_html = f"{description_html}\n{version}" if description_html else version
    used = deck_notetypes(
        (note.notetype for note in notes),
        notetypes or {},
        dict(content.templates),
        labels,
        report=report is not None,
        tts=settings.tts,
        owner=deck_owner(settings),
        code=code_css,
    )
    static, missing = notetype_media(used, files, frozenset(settings.absent_media))
    media.update(static)
    errors += missing
    deck = RenderedDeck(
        settings=settings,
        description_html=description_html,
        notes=tuple(notes),
        timestamp=timestamp,
        media=tuple(sorted(media.items())),
        templates=content.templates,
        notetypes=used,
    )
    return deck, errors, entries
