"""YAML kept by its text (cache/settings.py): the same settings, findings and lines as parsed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from ankismith.cache.settings import SETTINGS_FILE, KeptYaml
from ankismith.errors import ContentErrors
from ankismith.notetypes.labels import DEFAULT, deck_labels
from ankismith.parse.settings import load_settings
from ankismith.pipeline import build

ENV = {"SOURCE_DATE_EPOCH": "1700000000"}
PATH = "content/deck.yaml"
TEXTS = [
    "name: Capitals\n",
    "# a comment\nname: Capitals\nid: caps\ntags: [geo, europe]\nlanguage: ''\n",
    "name: Capitals\nnew_per_day: 12\nchecks: {deck-id: off}\n",
    "name: Capitals\nunknown: 1\n",  # a finding the settings' reading makes
    "name: Capitals\nnew_per_day: -3\n",
    "name: Capitals\nversion: 1.5\n",
    "name: Capitals\nversion: 2024-01-02\n",  # a date: not kept, parsed each time
    "name: Capitals\nname: Twice\n",
    "name: [unclosed\n",  # a YAML problem: not kept
    "name: &a Capitals\nid: *a\n",  # an alias: refused
    "- a list\n",
    "",
]


def _steady(lines: Iterable[str]) -> list[str]:
    """Return ``lines`` without the random part of the deck ids they suggest."""
    return [re.sub(r"-[a-z0-9]{6}'", "-?'", line) for line in lines]


def _kept_twice(folder: Path, text: str) -> KeptYaml:
    """Return the store of ``folder`` after a build read ``text`` and saved, read anew."""
    first = KeptYaml(folder)
    first(text)
    first.save()
    return KeptYaml(folder)


@pytest.mark.parametrize("text", TEXTS)
def test_kept_settings_read_as_parsed_ones(tmp_path: Path, text: str) -> None:
    kept = _kept_twice(tmp_path, text)
    settings, found = load_settings(text, PATH, kept(text))
    parsed, parsed_found = load_settings(text, PATH)
    assert settings == parsed
    assert _steady(map(repr, found)) == _steady(map(repr, parsed_found))
    if parsed is not None and settings is not None:  # the lines of its keys, for later messages
        assert settings.key_lines == parsed.key_lines


@pytest.mark.parametrize(
    ("text", "is_kept"),
    [
        ("name: Capitals\n", True),
        ("name: Capitals\nversion: 2024-01-02\n", False),
        ("name: [unclosed\n", False),
        ("name: Capitals\nsize: .inf\n", False),
    ],
)
def test_only_plain_mappings_without_a_problem_are_kept(
    tmp_path: Path, text: str, is_kept: bool
) -> None:
    assert (_kept_twice(tmp_path, text)(text) is not None) is is_kept


def test_another_text_is_a_miss_and_a_corrupt_file_counts_as_empty(tmp_path: Path) -> None:
    kept = _kept_twice(tmp_path, "name: Capitals\n")
    assert kept("name: Capitals\n") == {"name": "Capitals"}
    assert KeptYaml(tmp_path)("name: Capitals \n") is None
    (tmp_path / SETTINGS_FILE).write_bytes(b"{not json")
    assert KeptYaml(tmp_path)("name: Capitals\n") is None


def test_nothing_is_written_when_every_text_was_kept(tmp_path: Path) -> None:
    kept = _kept_twice(tmp_path, "name: Capitals\n")
    before = (tmp_path / SETTINGS_FILE).stat().st_mtime_ns
    (tmp_path / SETTINGS_FILE).touch()
    touched = (tmp_path / SETTINGS_FILE).stat().st_mtime_ns
    kept("name: Capitals\n")
    kept.save()
    assert (tmp_path / SETTINGS_FILE).stat().st_mtime_ns == touched >= before


def test_kept_translations_give_the_same_labels(tmp_path: Path) -> None:
    first = KeptYaml(tmp_path)
    assert deck_labels("", {}, first) == deck_labels("", {})
    first.save()
    kept = KeptYaml(tmp_path)
    assert deck_labels("", {"hint": "Tip"}, kept) == deck_labels("", {"hint": "Tip"})
    assert len(kept.asked) == 1  # the default translation, read from the store
    assert DEFAULT


def _outcome(content: Path, output: Path) -> tuple[str, ...]:
    """Return what a build of ``content`` into ``output`` wrote, warned or refused."""
    try:
        report = build(content, output, ENV)
    except ContentErrors as exc:
        return ("refused", *_steady([str(exc)]))
    return (report.sha256, *_steady(report.warnings))


def test_a_changed_deck_yaml_builds_as_without_the_cache(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text("name: Capitals\n", encoding="utf-8")
    card = "## What is the capital of Italy?\n\n### Answer\n\nRome.\n"
    (content / "a.md").write_text(card, encoding="utf-8")
    build(content, tmp_path / "out", ENV)
    assert (tmp_path / "out" / ".ankismith-cache" / SETTINGS_FILE).is_file()
    changes = [
        "name: Renamed\ntags: [geo]\nid: caps\n",  # a warning on line 3
        "name: Renamed\nnew_per_day: -3\n",  # an error in a value
        "name: [Renamed\n",  # a YAML error
        "name: Capitals\n",  # back to a text kept before
        "name: Capitals\n",
    ]
    for round, text in enumerate(changes):
        (content / "deck.yaml").write_text(text, encoding="utf-8")
        cached = _outcome(content, tmp_path / "out")
        assert cached == _outcome(content, tmp_path / f"cold{round}"), text
