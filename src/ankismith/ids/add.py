"""``ankismith ids``: write missing card ids into the Markdown sources.

Choosing ids (ids/plan.py) and editing text (ids/insert.py) are pure; only ``add_missing_ids``
reads and writes files, and it writes nothing unless the content is clean.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import msgspec

from ankismith.atomic import write_atomic
from ankismith.check.cards import duplicate_ids
from ankismith.content.files import NOTETYPES_DIR
from ankismith.content.read import load, read_all_notetypes
from ankismith.errors import BuildError, ContentErrors
from ankismith.findings import blocking, classify
from ankismith.ids.insert import insert_deck_id, insert_ids
from ankismith.ids.plan import plan_ids
from ankismith.model import Card, Location, SourceFile
from ankismith.parse.frontmatter import load_yaml_mapping
from ankismith.parse.notetypes import load_notetypes
from ankismith.parse.scanner import parse_files
from ankismith.parse.settings import DeckSettings
from ankismith.text import unique_deck_id


class AddedId(msgspec.Struct, frozen=True):
    """An id written into a file."""

    location: Location
    """Where the id stands in the rewritten file."""
    card_id: str
    """The id."""


class IdsReport(msgspec.Struct, frozen=True):
    """What ``ankismith ids`` changed."""

    added: tuple[AddedId, ...]
    """Every id written, by file and line."""
    files: int
    """Number of files rewritten."""
    cards: int
    """Number of cards in the deck."""


def _gather(
    content_dir: Path, shared: Path | None
) -> tuple[DeckSettings, list[SourceFile], list[Card]]:
    """Read and parse the content; raise every error except duplicate *derived* ids.

    Two cards with the same question and no id collide only until they get ids, which is what
    this command is for.
    """
    settings, sources, errors = load(content_dir)
    files, unreadable, common = read_all_notetypes(content_dir, shared)
    elsewhere = {name: str(shared / NOTETYPES_DIR) for name in common} if shared else None
    notetypes, invalid = load_notetypes(files, str(content_dir / NOTETYPES_DIR), elsewhere)
    errors += unreadable + invalid
    cards: list[Card] = []
    if settings is not None:
        cards, problems = parse_files(settings, sources, notetypes)
        errors += problems
        errors += duplicate_ids([card for card in cards if card.explicit_id])
    # Severities as configured in deck.yaml, as for a build: what a build accepts, ids accepts.
    findings = classify(errors, dict(settings.checks) if settings else {})
    if settings is None or blocking(findings):
        raise ContentErrors(blocking(findings))
    return settings, sources, cards


def _encode(path: Path, old: str, new: str) -> bytes:
    """Return the bytes to write, keeping a BOM; refuse if the file changed since it was read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if data.decode("utf-8-sig", errors="replace") != old:
        raise BuildError(f"{path}: changed while ids were being added; nothing was written")
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    return bom + new.encode("utf-8")


def _deck_id(
    path: Path, settings: DeckSettings, keep_derived: bool
) -> tuple[AddedId, tuple[Path, bytes]] | None:
    """Plan the ``id`` of a deck.yaml without one.

    Under ``keep_derived`` it is the id the deck was built with so far (from its name), so
    released cards keep their GUIDs; otherwise a new one with a random part (``vocab-7f3k2q``).
    """
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise BuildError(f"{path}: cannot read: {exc.strerror or exc}") from None
    data, _ = load_yaml_mapping(text, str(path), 1)
    if "id" in data:
        return None
    deck_id = settings.namespace if keep_derived else unique_deck_id(settings.name)
    new, line = insert_deck_id(text, deck_id)
    return AddedId(Location(str(path), line), deck_id), (path, _encode(path, text, new))


def add_missing_ids(
    content_dir: Path, *, keep_derived: bool = False, shared: Path | None = None
) -> IdsReport:
    """Write an id for every card without one; write nothing at all if the content has errors.

    ``shared`` is a project's folder of note types every deck may use.
    """
    settings, sources, cards = _gather(content_dir, shared)
    planned = plan_ids(cards, keep_derived=keep_derived)
    added: list[AddedId] = []
    writes: list[tuple[Path, bytes]] = []
    if deck := _deck_id(content_dir / "deck.yaml", settings, keep_derived):
        added.append(deck[0])
        writes.append(deck[1])
    for source in sources:
        ids = {loc.line: card_id for loc, card_id in planned.items() if loc.path == source.path}
        if not ids:
            continue
        metadata = {
            c.location.line: c.meta_line
            for c in cards
            if c.location.path == source.path and c.meta_line
        }
        text, written = insert_ids(source.text, ids, metadata)
        added += [AddedId(Location(source.path, line), card_id) for line, card_id in written]
        writes.append((Path(source.path), _encode(Path(source.path), source.text, text)))
    for path, data in writes:
        mode = stat.S_IMODE(path.stat().st_mode)
        write_atomic(path, data)
        os.chmod(path, mode)
    return IdsReport(added=tuple(added), files=len(writes), cards=len(cards))
