"""ankismith.yaml: its keys declared once in ProjectSettings, read by them, documented."""

from __future__ import annotations

import re
from pathlib import Path

from ankismith.parse.options import options
from ankismith.parse.project import ProjectSettings, load_project

ROOT = Path(__file__).resolve().parents[3]


def _format_table() -> list[tuple[str, str]]:
    """Return (key, required) of each row of the key table under '## ankismith.yaml'."""
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    section = text.split("\n## ankismith.yaml\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", section, re.M)


def test_the_format_doc_lists_exactly_the_declared_keys() -> None:
    rows = _format_table()
    declared = options(ProjectSettings)
    assert [key for key, _ in rows] == [opt.key for _, opt in declared]
    assert {key for key, says in rows if says == "yes"} == {
        opt.key for _, opt in declared if opt.required
    }


def test_decks_are_read_in_order_with_the_shared_folder() -> None:
    text = "decks:\n  europe: decks/europe\n  asia: ./decks/asia\nshared: shared\n"
    settings, problems = load_project(text, "ankismith.yaml")
    assert problems == []
    assert settings == ProjectSettings(
        (("europe", "decks/europe"), ("asia", "decks/asia")), "shared"
    )


def test_without_decks_there_is_no_project() -> None:
    settings, problems = load_project("shared: s\n", "ankismith.yaml")
    assert settings is None
    assert [str(p) for p in problems] == [
        "ankismith.yaml:1: 'decks' maps each deck's key to its content folder, "
        "e.g. core: decks/core [syntax]"
    ]


def test_each_bad_entry_is_reported_at_its_line() -> None:
    text = "decks:\n  Core: a\n  out: ../elsewhere\n  twice: b\n  again: b\n  ok: c\ncolour: red\n"
    settings, problems = load_project(text, "p.yaml")
    assert settings == ProjectSettings((("twice", "b"), ("ok", "c")))
    assert [(p.location.line, p.message) for p in problems] == [
        (7, "unknown key 'colour' (known keys: decks, shared)"),
        (2, "decks: key 'Core' must be lowercase letters, digits, '_' or '-'"),
        (3, "decks: out: '../elsewhere' must be a relative path inside the project"),
        (5, "decks: again and twice are both the folder 'b'"),
    ]
