"""``ankismith preview``: read the content, render the site in memory, swap it into place."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ankismith.apkg.buildtime import EARLIEST
from ankismith.atomic import replace_folder
from ankismith.content.read import read_content
from ankismith.errors import BuildError, ContentErrors
from ankismith.notetypes.css import notetype_css
from ankismith.notetypes.labels import deck_labels
from ankismith.pipeline import compile_content
from ankismith.preview.cardview import CardView, deck_cards
from ankismith.preview.chrome import chrome
from ankismith.preview.site import MARKER, Site, build_site
from ankismith.render.rendered import RenderedDeck
from ankismith.text import plural

if TYPE_CHECKING:
    from watchfiles import Change


@dataclass(frozen=True, slots=True)
class PreviewReport:
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


def load_cards(
    content_dir: Path, shared: Path | None = None
) -> tuple[RenderedDeck, list[CardView], tuple[str, ...]]:
    """Read and render ``content_dir``: the deck, its cards and the warnings; raise on errors.

    ``shared`` is a project's folder of note types and media every deck may use.
    """
    content = read_content(content_dir, shared)
    compiled = compile_content(content, EARLIEST)
    deck = compiled.deck
    if deck is None:
        raise ContentErrors(compiled.diagnostics, f"{compiled.summary()}; nothing was written.")
    # The deck's notes follow the parsed cards one to one; the cards know their lines.
    views = deck_cards(deck, [card.location for card in compiled.cards])
    return deck, views, tuple(str(d) for d in compiled.diagnostics)


def render_preview(content_dir: Path, shared: Path | None = None) -> tuple[Site, tuple[str, ...]]:
    """Read and render ``content_dir`` into a site, with the warnings; raise on errors."""
    deck, views, warnings = load_cards(content_dir, shared)
    labels = deck_labels(deck.settings.language, dict(deck.settings.labels))
    css = notetype_css(dict(deck.templates), labels)
    custom = {nt.key: nt.css for nt in deck.notetypes if nt.location is not None}
    words = chrome(deck.settings.language)
    site = build_site(deck.settings.name, views, css, dict(deck.media), custom, words)
    return site, warnings


def write_site(site: Site, output: Path) -> None:
    """Write ``site`` to a directory beside ``output``, then swap it in for ``output``.

    A failure, Ctrl-C included, leaves the previous site as it was. A directory that is not an
    earlier preview (no marker file) is never replaced.
    """
    foreign = output.exists() and not (output / MARKER).is_file()
    if foreign and (not output.is_dir() or any(output.iterdir())):
        raise BuildError(f"{output}: exists and is not an ankismith preview; not replacing it")
    replace_folder(output, site.files)


def build_preview(content_dir: Path, output: Path, shared: Path | None = None) -> PreviewReport:
    """Render ``content_dir`` as a static site in ``output``; nothing changes on an error."""
    site, warnings = render_preview(content_dir, shared)
    write_site(site, output)
    return PreviewReport(
        index=output / "index.html",
        cards=site.cards,
        notes=site.notes,
        files=len(site.files),
        size=sum(len(data) for _, data in site.files),
        warnings=warnings,
    )


def watch_preview(
    content_dir: Path, output: Path, report: Callable[[str], None], shared: Path | None = None
) -> None:
    """Rebuild whenever a file under ``content_dir`` (or ``shared``) changes, until Ctrl-C."""
    try:
        from watchfiles import DefaultFilter, watch
    except ImportError:
        raise BuildError("--watch needs watchfiles: pip install 'ankismith[preview]'") from None
    site = output.resolve()
    usual = DefaultFilter()

    def outside_site(change: Change, path: str) -> bool:
        return usual(change, path) and not Path(path).resolve().is_relative_to(site)

    report(f"Watching {content_dir} for changes; Ctrl-C stops.")
    # Ctrl-C stops watching wherever it lands: in the wait (watchfiles ends the loop) or in a
    # rebuild, which writes its site whole or not at all. So here it is a KeyboardInterrupt,
    # not the exit code 130 of a command cut short.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with contextlib.suppress(KeyboardInterrupt):
        folders = (content_dir,) if shared is None else (content_dir, shared)
        for _changes in watch(*folders, watch_filter=outside_site, raise_interrupt=False):
            try:
                done = build_preview(content_dir, output, shared)
            except ContentErrors as errors:
                report(errors.message)
                continue
            except BuildError as error:
                report(f"Error: {error.message}")
                continue
            counts = f"{plural(done.notes, 'note')}, {plural(done.cards, 'card')}"
            report(f"Rebuilt {done.index}: {counts}")
    report("Stopped watching.")
