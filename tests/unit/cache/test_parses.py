"""A file's parse is reused while its text is unchanged, and comes back from JSON unchanged."""

from __future__ import annotations

import dataclasses
import json

from msgspec.structs import replace

from ankismith.cache.parses import decode, encode
from ankismith.content.read import read_content
from ankismith.findings import Finding, Severity
from ankismith.model import Location
from ankismith.parse import scanner
from ankismith.parse.reuse import parse_files_reusing
from tests.helpers import SAMPLE


def test_every_sample_file_survives_the_round_trip_through_json() -> None:
    content = read_content(SAMPLE)
    assert content.settings is not None
    _, _, parses = parse_files_reusing(content.settings, content.sources, {})
    finding = Finding(Location("content/x.md", 3), "m", "near-duplicate", Severity.WARNING, "s")
    parses["extra"] = ((), (finding,))
    for parse in parses.values():
        assert decode(json.loads(json.dumps(encode(parse)))) == parse
    assert any(card.choices for cards, _ in parses.values() for card in cards)


def test_only_changed_files_are_parsed_again(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    content = read_content(SAMPLE)
    assert content.settings is not None
    cards, problems, saved = parse_files_reusing(content.settings, content.sources, {})
    calls: list[str] = []
    real = scanner.parse_source
    monkeypatch.setattr(
        scanner, "parse_source", lambda s, d, n: calls.append(s.path) or real(s, d, n)
    )
    edited = list(content.sources)
    edited[1] = replace(edited[1], text=edited[1].text + "\n## Added?\n### Answer\nA\n")
    again, _, _ = parse_files_reusing(content.settings, edited, saved)
    assert calls == [edited[1].path]
    assert len(again) == len(cards) + 1
    assert parse_files_reusing(content.settings, content.sources, saved)[:2] == (cards, problems)
    # Other settings (another deck name, say) make every file's parse stale.
    calls.clear()
    renamed = dataclasses.replace(content.settings, name="Other")
    parse_files_reusing(renamed, content.sources, saved)
    assert len(calls) == len(content.sources)


def test_files_parsed_in_worker_processes_give_what_one_process_gives(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ankismith.parse import reuse

    content = read_content(SAMPLE)
    assert content.settings is not None
    alone = parse_files_reusing(content.settings, content.sources, {})
    monkeypatch.setattr(reuse, "PARALLEL_FROM", 0)
    calls: list[str] = []
    real = scanner.parse_source
    monkeypatch.setattr(
        scanner, "parse_source", lambda s, d, n: calls.append(s.path) or real(s, d, n)
    )
    assert parse_files_reusing(content.settings, content.sources, {}, workers=2) == alone
    assert calls == []  # parsed in the workers, not here
    edited = list(content.sources)
    edited[0] = replace(edited[0], text=edited[0].text + "\n## Added?\n### Answer\nA\n")
    assert (
        parse_files_reusing(content.settings, edited, alone[2], workers=2)[:2]
        == (parse_files_reusing(content.settings, edited, {})[:2])
    )
