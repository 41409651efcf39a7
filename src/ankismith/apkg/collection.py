"""The only module that imports genanki: turns a RenderedDeck into a collection database."""

from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile
import warnings

import genanki

from ankismith.errors import BuildError
from ankismith.model import NoteTypeDef, RenderedDeck
from ankismith.notetypes.builtin import stable_id


def deck_id(name: str) -> int:
    """Return the stable id of a deck (Anki matches decks by name; the id only must not vary)."""
    return stable_id(f"ankismith/deck/{name}")


def note_guid(namespace: str, card_id: str) -> str:
    """Return the note GUID: it depends only on the deck namespace and the author's card id."""
    return str(genanki.guid_for(namespace, card_id))


def _model(note_type: NoteTypeDef) -> genanki.Model:
    # Built fresh on every call: genanki's Model.to_json mutates the dicts it is given.
    return genanki.Model(
        model_id=note_type.id,
        name=note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[
            {"name": t.name, "qfmt": t.front, "afmt": t.back} for t in note_type.templates
        ],
        css=note_type.css,
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
        sort_field_index=note_type.sort_field,
    )


def _decks(deck: RenderedDeck) -> list[genanki.Deck]:
    models = {note_type.key: _model(note_type) for note_type in deck.notetypes}
    top = deck.settings.name
    names = sorted({top} | {note.deck for note in deck.notes})
    decks = {
        name: genanki.Deck(deck_id(name), name, deck.description_html if name == top else "")
        for name in names
    }
    for note in deck.notes:
        decks[note.deck].add_note(
            genanki.Note(
                model=models[note.notetype],
                fields=list(note.fields),
                tags=list(note.tags),
                guid=note.guid or note_guid(deck.settings.namespace, note.card_id),
            )
        )
    return [decks[name] for name in names]


def collection_bytes(deck: RenderedDeck) -> bytes:
    """Return the bytes of ``collection.anki2`` for the deck, deterministic for a given input."""
    package = genanki.Package(_decks(deck))
    where = f"cannot create the collection in {tempfile.gettempdir()}"
    try:
        handle, path = tempfile.mkstemp(suffix=".anki2")
    except OSError as exc:
        raise BuildError(f"{where}: {exc.strerror or exc}") from None
    os.close(handle)
    try:
        conn = sqlite3.connect(path)
        try:
            with warnings.catch_warnings():
                # genanki guesses at unescaped HTML; our fields have passed the sanitiser.
                warnings.filterwarnings("ignore", "Field contained the following invalid HTML")
                package.write_to_db(
                    conn.cursor(), deck.timestamp, itertools.count(deck.timestamp * 1000)
                )
            conn.commit()
        finally:
            conn.close()
        with open(path, "rb") as db:
            return db.read()
    except (OSError, sqlite3.OperationalError) as exc:  # a full disk, most likely
        raise BuildError(f"{where}: {getattr(exc, 'strerror', None) or exc}") from None
    finally:
        os.unlink(path)
