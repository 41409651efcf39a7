"""The only module that imports genanki: turns a RenderedDeck into a collection database.

genanki is imported when a collection's layout (schema, decks, note types) is not in the
layouts the last build kept (apkg/layout.py), or a cloze note's cards are decided: a rebuild
whose decks and note types did not change writes the collection with SQLite alone.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ankismith.apkg.buildtime import layout_time
from ankismith.apkg.canonical import canonical_file
from ankismith.apkg.cardgen import Fronts, filled_fields
from ankismith.apkg.layout import Layout, Layouts, capture, replay
from ankismith.apkg.presets import add_preset
from ankismith.errors import BuildError
from ankismith.model import NoteTypeDef
from ankismith.notetypes.builtin import note_guid, stable_id
from ankismith.parse.cloze import MULTI_CARD, ordinals
from ankismith.render.rendered import RenderedDeck

if TYPE_CHECKING:
    import genanki


def deck_id(name: str) -> int:
    """Return the stable id of a deck (Anki matches decks by name; the id only must not vary)."""
    return stable_id(f"ankismith/deck/{name}")


def note_guids(deck: RenderedDeck, known: Mapping[str, str]) -> dict[str, str]:
    """Return the GUID of each note the author gave none, by card id.

    ``known`` holds GUIDs derived for this deck's namespace before (the last build's): at
    10,000 notes, deriving them all again took a twentieth of a rebuild.
    """
    namespace = deck.settings.namespace
    return {
        note.card_id: known.get(note.card_id) or note_guid(namespace, note.card_id)
        for note in deck.notes
        if not note.guid
    }


def _model(note_type: NoteTypeDef) -> genanki.Model:
    import genanki

    # Built fresh on every call: genanki's Model.to_json mutates the dicts it is given.
    # An imported note type's own settings (options and ids) go in first, verbatim.
    # Then the settings and ids notetype.yaml gives each field and template.
    anki = json.loads(note_type.anki) if note_type.anki else {}
    own = json.loads(note_type.settings) if note_type.settings else {}
    fields = anki.get("fields") or [{} for _ in note_type.fields]
    templates = anki.get("templates") or [{} for _ in note_type.templates]
    field_settings = own.get("fields") or [{} for _ in note_type.fields]
    template_settings = own.get("templates") or [{} for _ in note_type.templates]
    return genanki.Model(
        model_id=note_type.id,
        name=note_type.name,
        fields=[
            {**dict(o), **dict(s), "name": name}
            for o, s, name in zip(fields, field_settings, note_type.fields, strict=True)
        ],
        templates=[
            {**dict(o), **dict(s), "name": t.name, "qfmt": t.front, "afmt": t.back}
            for o, s, t in zip(templates, template_settings, note_type.templates, strict=True)
        ],
        css=note_type.css,
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
        latex_pre=anki.get("latexPre", genanki.Model.DEFAULT_LATEX_PRE),
        latex_post=anki.get("latexPost", genanki.Model.DEFAULT_LATEX_POST),
        sort_field_index=note_type.sort_field,
    )


# The fields a cloze front reads, as genanki finds them ({{cloze:Text}}).
_CLOZE_FIELDS = re.compile(r"{{[^}]*?cloze:(?:[^}]?:)*(.+?)}}")

CACHE_KIB = 2 * 1024
"""SQLite's page cache while the collection is written: pages past it go to the scratch file
(the system's file cache), not the build's own memory."""
_ROOTS = "select rootpage from sqlite_master where rootpage > 0"
_INDEXES = "select name, sql from sqlite_master where type = 'index' and sql is not null"
_NOTE = "insert into notes values (?, ?, ?, ?, -1, ?, ?, ?, 0, 0, '')"
_CARD = "insert into cards values (?, ?, ?, ?, ?, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')"


class _Cards:
    """The card ords Anki gives a note, found once per note type and pattern of empty fields.

    For a front/back note type the cards a note has depend only on which fields are empty, by
    Anki's rules (filters such as ``{{kanji:F}}`` and conditionals read as Anki reads them); a
    cloze note's depend on its text, so genanki is asked for each.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[int, tuple[bool, ...]], tuple[int, ...]] = {}
        self._fronts: dict[int, Fronts] = {}
        self._models: dict[str, genanki.Model] = {}

    def ords(self, note_type: NoteTypeDef, fields: tuple[str, ...]) -> tuple[int, ...]:
        """Return the ords of the cards Anki makes for a note of ``note_type`` with ``fields``."""
        if note_type.cloze:
            model = self._models.get(note_type.key)
            if model is None:
                model = self._models[note_type.key] = _model(note_type)
            # Without a deletion Anki still makes the first card (genanki makes none).
            return self._ask(model, fields) or (0,)
        pattern = filled_fields(fields)
        key = (note_type.id, pattern)
        if (known := self._known.get(key)) is not None:
            return known
        fronts = self._fronts.get(note_type.id)
        if fronts is None:
            fronts = self._fronts[note_type.id] = Fronts(
                list(note_type.fields), [t.front for t in note_type.templates]
            )
        known = self._known[key] = fronts.ords(pattern)
        return known

    @staticmethod
    def _ask(model: genanki.Model, fields: tuple[str, ...]) -> tuple[int, ...]:
        import genanki

        ords = tuple(card.ord for card in genanki.Note(model=model, fields=list(fields)).cards)
        # genanki reads only {{cN::; a deletion naming several cards (Anki 26.05+) makes each.
        names = set(_CLOZE_FIELDS.findall(model.templates[0]["qfmt"]))
        several = {
            number - 1
            for field, value in zip(model.fields, fields, strict=True)
            if field["name"] in names
            for match in MULTI_CARD.finditer(value)
            for number in ordinals(match.group(1))
            if number > 0
        }
        return tuple(sorted(set(ords) | several)) if several else ords


class _Plan:
    """The decks (with the note types each uses), and the rows of every note and card.

    The rows are made as they are inserted, a note or card at a time: at 100,000 notes the
    rows held at once were tens of megabytes.
    """

    def __init__(self, deck: RenderedDeck, guids: Mapping[str, str]) -> None:
        """Lay out the collection as genanki would, rows and ids in genanki's order.

        genanki writes a row at a time; the rows are inserted here in one statement each,
        which at 10,000 notes takes a third of the time. genanki still decides which cards a
        cloze note has (``Note.cards``) and lays out everything but the rows (``layout``).
        """
        self._types = {note_type.key: note_type for note_type in deck.notetypes}
        top = deck.settings.name
        names = sorted({top} | {note.deck for note in deck.notes})
        description = markdown_description(deck) if deck.settings.markdown_description else ""
        self.names = names
        self.deck_ids = {name: deck_id(name) for name in names}
        self._descriptions = {
            name: (description or deck.description_html) if name == top else "" for name in names
        }
        self._uses: dict[str, list[str]] = {name: [] for name in names}
        """The note types each deck's notes use, in the order genanki is given them."""
        for name, notetype in dict.fromkeys((note.deck, note.notetype) for note in deck.notes):
            self._uses[name].append(notetype)
        rank = {name: i for i, name in enumerate(names)}
        self._order = sorted(deck.notes, key=lambda n: rank[n.deck])  # deck by deck, as genanki
        self._guids = guids
        self._namespace, self._mtime = deck.settings.namespace, deck.timestamp
        self._notetypes = deck.notetypes
        self._ords: list[tuple[int, ...]] = []
        """Each note's card ords, found as its row is made, for the cards' rows."""

    def notes(self) -> Iterator[tuple[object, ...]]:
        """Yield each note's row, its fields joined; the cards' rows are ``cards`` after it."""
        ids = itertools.count(self._mtime * 1000)
        ords = _Cards()
        tagged: dict[tuple[str, ...], str] = {}
        self._ords = []
        for note in self._order:
            note_type = self._types[note.notetype]
            nid = next(ids)
            guid = (
                note.guid
                or self._guids.get(note.card_id)
                or note_guid(self._namespace, note.card_id)
            )
            if (tags := tagged.get(note.tags)) is None:
                tags = tagged[note.tags] = f" {' '.join(note.tags)} "  # as genanki writes them
            fields = note.fields
            found = ords.ords(note_type, fields)
            self._ords.append(found)
            for _ in found:  # each card's id follows its note's
                next(ids)
            sort_field = fields[note_type.sort_field]
            yield nid, guid, note_type.id, self._mtime, tags, "\x1f".join(fields), sort_field

    def cards(self) -> Iterator[tuple[object, ...]]:
        """Yield each card's row, once ``notes`` has made every note's."""
        ids = itertools.count(self._mtime * 1000)
        for note, found in zip(self._order, self._ords, strict=True):
            nid = next(ids)
            did = self.deck_ids[note.deck]
            for o in found:
                yield next(ids), nid, did, o, self._mtime

    def layout_key(self) -> str:
        """Return a digest of everything genanki lays the collection out from."""
        used = {key for keys in self._uses.values() for key in keys}
        types = [
            [
                t.key,
                t.id,
                t.name,
                list(t.fields),
                [[c.name, c.front, c.back] for c in t.templates],
                t.css,
                t.cloze,
                t.sort_field,
                t.anki,
                t.settings,
            ]
            for t in self._notetypes
            if t.key in used
        ]
        decks = [[self.deck_ids[n], n, self._descriptions[n], self._uses[n]] for n in self.names]
        text = json.dumps([self._mtime, decks, types], ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def layout(self, layouts: Layouts) -> Layout:
        """Return the collection's layout: the one kept for these decks, or genanki's anew."""
        key = self.layout_key()
        if (known := layouts.get(key)) is not None:
            return known
        import genanki

        models = {key: _model(self._types[key]) for keys in self._uses.values() for key in keys}
        decks = []
        for name in self.names:
            made = genanki.Deck(self.deck_ids[name], name, self._descriptions[name])
            for notetype in self._uses[name]:
                made.add_model(models[notetype])
            decks.append(made)
        conn = sqlite3.connect(":memory:")
        try:
            genanki.Package(decks).write_to_db(conn.cursor(), self._mtime, iter(()))
            made_layout = capture(conn, key)
        finally:
            conn.close()
        layouts.add(made_layout)
        return made_layout


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~-])")


def markdown_description(deck: RenderedDeck) -> str:
    """Return the description as Markdown for Anki to render, the version under it.

    A client that ignores Anki's markdown flag puts the text into the page as HTML, unsanitised:
    every ``<`` is written ``&lt;``, so no tag can start there, and Anki's Markdown shows ``<``.
    """
    text = deck.settings.description.strip().replace("<", "&lt;")
    if deck.settings.version:
        version = _MARKDOWN_SPECIAL.sub(r"\\\1", deck.settings.version)
        text = f"{text}\n\nVersion {version}" if text else f"Version {version}"
    return text


def _mark_markdown(conn: sqlite3.Connection, top: int) -> None:
    """Set Anki's markdown flag (``md``) on the top deck: Anki renders its description."""
    (raw,) = conn.execute("select decks from col").fetchone()
    decks = json.loads(raw)
    decks[str(top)]["md"] = True
    conn.execute("update col set decks = ?", (json.dumps(decks),))


def _date_notetypes(
    conn: sqlite3.Connection,
    mtime: int,
    svg: Mapping[int, bool] | None = None,
    stock: Mapping[int, int] | None = None,
) -> None:
    """Give every note type ``mtime``: Anki updates a learner's note type only when it is newer.

    ``svg`` holds the ``latexsvg`` of imported note types, by id, which genanki cannot write;
    ``stock`` the ``originalStockKind`` of those that have one (6: Image Occlusion), by id.
    """
    (raw,) = conn.execute("select models from col").fetchone()
    models = json.loads(raw)
    for model in models.values():
        model["mod"] = mtime
        if svg and int(model["id"]) in svg:
            model["latexsvg"] = svg[int(model["id"])]
        if stock and int(model["id"]) in stock:
            model["originalStockKind"] = stock[int(model["id"])]
    conn.execute("update col set models = ?", (json.dumps(models),))


# What SQLite's defaults leave to how the library was compiled, set the same everywhere (before
# the first table: they decide the file's layout). Debian's SQLite zeroes what it frees and
# others do not, so secure_delete is set too.
_LAYOUT = (
    "pragma page_size = 4096",
    "pragma auto_vacuum = none",
    "pragma encoding = 'UTF-8'",
    "pragma secure_delete = on",
)


def _fix_layout(conn: sqlite3.Connection) -> None:
    for pragma in _LAYOUT:
        conn.execute(pragma)


def build_collection(
    deck: RenderedDeck, guids: Mapping[str, str] | None = None, layouts: Layouts | None = None
) -> tuple[bytes, int]:
    """Return the bytes of ``collection.anki2`` for the deck and the number of cards in it.

    ``guids`` are ``note_guids(deck, ...)``, when already at hand; ``layouts`` as for
    ``collection_file``.
    """
    with collection_file(deck, guids, layouts) as (path, cards):
        return path.read_bytes(), cards


@contextmanager
def collection_file(
    deck: RenderedDeck, guids: Mapping[str, str] | None = None, layouts: Layouts | None = None
) -> Iterator[tuple[Path, int]]:
    """Write ``collection.anki2`` for the deck to a scratch file; give its path and card count.

    The file is removed when the ``with`` block ends; packaging reads it from there a piece
    at a time, so the collection is never in memory whole. ``layouts`` may hold the layout an
    earlier build had genanki make (apkg/layout.py); it records the one this build used. The
    bytes are the same with or without it.
    """
    plan = _Plan(deck, guids or {})
    layout = plan.layout(layouts if layouts is not None else Layouts())
    where = f"cannot create the collection in {tempfile.gettempdir()}"
    paths: list[str] = []  # the collection, and the file its rows are first written to
    try:
        try:
            for suffix in (".anki2", "-rows.anki2"):
                handle, made = tempfile.mkstemp(suffix=suffix)
                os.close(handle)
                paths.append(made)
        except OSError as exc:
            raise BuildError(f"{where}: {exc.strerror or exc}") from None
        try:
            cards, written = _write(deck, plan, layout, paths[1], paths[0])
            del plan  # its rows are in the file now
        except (OSError, sqlite3.OperationalError) as exc:  # a full disk, most likely
            raise BuildError(f"{where}: {getattr(exc, 'strerror', None) or exc}") from None
        yield Path(written), cards
    finally:
        for made in paths:
            os.unlink(made)


def _write(
    deck: RenderedDeck, plan: _Plan, layout: Layout, rows: str, path: str
) -> tuple[int, str]:
    """Write the collection of ``plan``; return its number of cards and the file holding it.

    The rows are written to the empty file ``rows`` first, then copied in order to the empty
    file ``path``, which holds the collection (``rows`` itself, with an SQLite before 3.27).
    """
    into = sqlite3.sqlite_version_info >= (3, 27)  # VACUUM INTO
    conn = sqlite3.connect(rows)
    try:
        # A scratch file read back at once: no journal and no waiting for the disk; pages past
        # SQLite's small page cache go to the file (the system's file cache), not our memory.
        _fix_layout(conn)
        conn.execute("pragma journal_mode = off")
        conn.execute("pragma synchronous = off")
        conn.execute(f"pragma cache_size = -{CACHE_KIB}")
        # The schema, the deck options, the decks and their note types; then the rows.
        replay(conn, layout)
        # The rows first, then the schema's indexes over them: building an index over
        # rows at once takes a third less time than keeping it up row by row.
        indexes = conn.execute(_INDEXES).fetchall()
        for name, _ in indexes:
            conn.execute(f'drop index "{name}"')
        # Each row made as it is inserted: the joined text of every note is never held at once.
        conn.executemany(_NOTE, plan.notes())
        conn.executemany(_CARD, plan.cards())
        for _, sql in indexes:
            conn.execute(sql)
        svg = {
            t.id: bool(json.loads(t.anki)["latexsvg"])
            for t in deck.notetypes
            if t.anki and "latexsvg" in json.loads(t.anki)
        }
        stock = {
            t.id: int(json.loads(t.anki)["originalStockKind"])
            for t in deck.notetypes
            if t.anki and "originalStockKind" in json.loads(t.anki)
        }
        _date_notetypes(conn, layout_time(deck.timestamp), svg, stock)
        if deck.settings.markdown_description:
            _mark_markdown(conn, deck_id(deck.settings.name))
        if deck.settings.preset is not None:
            ids = [plan.deck_ids[name] for name in plan.names]
            add_preset(conn, deck.settings.preset, deck.settings.namespace, deck.timestamp, ids)
        conn.commit()
        (cards,) = conn.execute("select count(*) from cards").fetchone()
        # Every page written anew, in order: no free pages and no bytes of earlier rows,
        # which SQLite versions leave differently. VACUUM INTO writes them to another file,
        # once (VACUUM in place copies them to a temporary file and back).
        if not into:
            conn.execute("vacuum")
            roots = [root for (root,) in conn.execute(_ROOTS)]
        else:
            conn.execute("vacuum into ?", (path,))
    finally:
        conn.close()
    if not into:
        canonical_file(Path(rows), roots)
        return int(cards), rows
    with open(rows, "rb") as written:
        changes = int.from_bytes(os.pread(written.fileno(), 4, 24), "big")
    with open(path, "r+b") as vacuumed:
        # The header's change counter: VACUUM in place, as earlier packages were made, counts
        # one change more than the rows' file; VACUUM INTO starts the new file at 1.
        os.pwrite(vacuumed.fileno(), (changes + 1).to_bytes(4, "big"), 24)
    done = sqlite3.connect(path)
    try:
        roots = [root for (root,) in done.execute(_ROOTS)]
    finally:
        done.close()
    canonical_file(Path(path), roots)
    return int(cards), path
