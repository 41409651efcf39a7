"""Golden pairs: each ``tests/data/golden/<case>/`` holds ``input.md`` and ``expected.json``.

Adding a case is adding a folder. ``ANKISMITH_UPDATE_GOLDEN=1 pytest
tests/unit/render/test_golden.py`` rewrites the expectations; review the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ankismith.content.files import decode
from ankismith.content.read import Content
from ankismith.model import NoteKind
from ankismith.notetypes.builtin import NOTE_TYPES
from ankismith.parse.settings import DeckSettings
from ankismith.render.deck import render_deck
from tests.helpers import DATA, parse_text

GOLDEN = DATA / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.md").is_file())
SETTINGS = DeckSettings(name="Golden", namespace="golden", tags=("golden",))


def compile_case(case: str) -> dict[str, Any]:
    data = (GOLDEN / case / "input.md").read_bytes()
    path = f"content/{case}.md"
    text, error = decode(data, path)
    assert error is None
    cards, errors = parse_text(SETTINGS, text, path)
    deck, media_errors, _ = render_deck(SETTINGS, Content(Path("content"), SETTINGS, ()), cards, 0)
    notes = []
    for card, note in zip(cards, deck.notes, strict=True):
        names = NOTE_TYPES[NoteKind(note.notetype)].fields
        notes.append(
            {
                "line": card.location.line,
                "id": note.card_id,
                "type": note.notetype,
                "deck": note.deck,
                "tags": list(note.tags),
                "fields": dict(zip(names, note.fields, strict=True)),
            }
        )
    return {
        "notes": notes,
        "errors": [*errors, *(f"{e.location}: {e.message}" for e in media_errors)],
    }


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    expected_path = GOLDEN / case / "expected.json"
    actual = compile_case(case)
    if os.environ.get("ANKISMITH_UPDATE_GOLDEN") == "1":
        expected_path.write_text(
            json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected
