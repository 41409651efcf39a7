"""The collection's layout kept from genanki: reused only for the same decks and note types."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from pathlib import Path

import genanki
import pytest
from msgspec.structs import replace

from ankismith.apkg import layout
from ankismith.apkg.collection import build_collection
from ankismith.apkg.layout import Layouts
from ankismith.content.read import read_content
from ankismith.pipeline import compile_content
from ankismith.render.rendered import RenderedDeck
from tests.helpers import EPOCH, SAMPLE


@pytest.fixture(scope="module")
def deck() -> RenderedDeck:
    made = compile_content(read_content(SAMPLE), EPOCH).deck
    assert made is not None
    assert any(t.cloze for t in made.notetypes)  # cloze cards are still decided by genanki
    return made


def _without_genanki_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("genanki laid the collection out again")

    monkeypatch.setattr(genanki.Package, "write_to_db", refuse)


def test_a_kept_layout_gives_the_bytes_genanki_gives(
    deck: RenderedDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = Layouts()
    first = build_collection(deck, layouts=cold)
    assert len(cold.used) == 1
    _without_genanki_layout(monkeypatch)
    warm = Layouts(cold.used)
    assert build_collection(deck, layouts=warm) == first
    assert warm.used == cold.used


def _written(tmp_path: Path, name: str, lay_out: Callable[[sqlite3.Connection], None]) -> bytes:
    path = tmp_path / name
    conn = sqlite3.connect(path)
    try:
        conn.execute("pragma journal_mode = off")
        lay_out(conn)
        conn.execute("insert into notes values (1, 'g', 2, 3, -1, '', 'a', 'a', 0, 0, '')")
        conn.commit()
        conn.execute("vacuum")
    finally:
        conn.close()
    return path.read_bytes()


def test_a_replayed_layout_writes_the_bytes_genanki_writes(tmp_path: Path) -> None:
    # The header counts the transactions: the replay runs genanki's, statement for statement.
    model = genanki.Model(
        7, "M", fields=[{"name": "F"}], templates=[{"name": "C", "qfmt": "{{F}}", "afmt": "{{F}}"}]
    )
    deck = genanki.Deck(5, "D", "about")
    deck.add_model(model)

    def by_genanki(conn: sqlite3.Connection) -> None:
        genanki.Package([deck]).write_to_db(conn.cursor(), EPOCH, iter(()))

    memory = sqlite3.connect(":memory:")
    try:
        by_genanki(memory)
        kept = layout.capture(memory, "key")
    finally:
        memory.close()
    ours = _written(tmp_path, "ours.db", lambda conn: layout.replay(conn, kept))
    assert ours == _written(tmp_path, "genanki.db", by_genanki)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: replace(d, settings=dataclasses.replace(d.settings, name="Renamed")),
        lambda d: replace(d, notetypes=(replace(d.notetypes[0], css="b { }"), *d.notetypes[1:])),
        lambda d: replace(
            d,
            notetypes=(
                replace(d.notetypes[0], name=d.notetypes[0].name + " 2"),
                *d.notetypes[1:],
            ),
        ),
        lambda d: replace(d, timestamp=d.timestamp + 86400),
    ],
    ids=["deck name", "note type css", "note type name", "build time"],
)
def test_a_changed_deck_or_note_type_lays_the_collection_out_anew(
    deck: RenderedDeck, change: object
) -> None:
    kept = Layouts()
    build_collection(deck, layouts=kept)
    changed = change(deck)  # type: ignore[operator]
    again = Layouts(kept.used)
    data = build_collection(changed, layouts=again)
    assert again.used.keys().isdisjoint(kept.used)
    assert data == build_collection(changed)
    assert data != build_collection(deck)
