"""What a build prints with ``--verbose``, and its one JSON document for ``--format json``."""

from __future__ import annotations

import json

import pytest

from ankismith.build_report import as_json, details
from ankismith.model import BuildReport
from tests.helpers import EPOCH

REPORT = BuildReport(
    output="out/Déck.apkg",
    cards=3,
    decks=("Deck", "Deck::Sub"),
    size=4096,
    warnings=("a.md:4: warning: card has no id [missing-id]",),
    notices=("not shown",),
    anki_cards=4,
    sha256="ab" * 32,
    build_time=EPOCH,
    rendered=1,
    reused=2,
    name="Deck",
)


def test_verbose_details_say_cache_use_time_checksum_and_duration() -> None:
    assert details(REPORT, 0.126) == [
        "rendered 1 note of 3, 2 from the render cache",
        "build time 1700000000 (2023-11-14T22:13:20Z)",
        "3 notes, 4 cards",
        f"sha256 {'ab' * 32}",
        "took 0.13 s",
    ]


@pytest.mark.parametrize(
    ("rendered", "reused", "cards", "lines"),
    [
        (0, 1, 1, ["rendered 0 notes of 1, 1 from the render cache", "1 note, 1 card"]),
        (2, 0, 2, ["rendered 2 notes of 2, 0 from the render cache", "2 notes, 2 cards"]),
    ],
)
def test_counts_are_singular_or_plural(
    rendered: int, reused: int, cards: int, lines: list[str]
) -> None:
    report = BuildReport("d.apkg", cards, (), 1, rendered=rendered, reused=reused, anki_cards=cards)
    shown = details(report, 1)
    assert [shown[0], shown[2]] == lines


def test_the_json_document_has_stable_keys_and_exact_values() -> None:
    text = as_json(REPORT, 1.23456)
    assert text.endswith("}\n") and "Déck" in text  # UTF-8 as it is, not \u escapes
    assert json.loads(text) == {
        "version": 1,
        "output": "out/Déck.apkg",
        "sha256": "ab" * 32,
        "size": 4096,
        "notes": 3,
        "cards": 4,
        "decks": ["Deck", "Deck::Sub"],
        "name": "Deck",
        "build_time": EPOCH,
        "build_time_utc": "2023-11-14T22:13:20Z",
        "rendered": 1,
        "reused": 2,
        "seconds": 1.235,
        "warnings": ["a.md:4: warning: card has no id [missing-id]"],
    }
    assert list(json.loads(text))[:3] == ["version", "output", "sha256"]
