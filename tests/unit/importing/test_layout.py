"""The files an import plans: deck names in front matter read back exactly as they were."""

from __future__ import annotations

import pytest

from ankismith.importing.cards import printable_name
from ankismith.importing.layout import yaml_text
from ankismith.parse.frontmatter import load_yaml_mapping

HOSTILE = [
    "Part: one",
    "a: b: c",
    "A/B testing #2",
    "# heading",
    "x #y",
    "[brackets]",
    "{braces}",
    "- dash",
    "* star",
    "&anchor",
    "!tag",
    "%directive",
    "@at",
    "`tick",
    "'single'",
    '"double"',
    "mixed '\"\\ quotes",
    "yes",
    "null",
    "~",
    "1.0",
    "0x1F",
    "2024-02-30",
    "Größe › 日本語 ✓",
    "tab\tinside",
    "| pipe",
    "> fold",
    "? question",
    "...",
    "---",
    "back\\slash",
    "Ünïcödé::Sub: deck",
    "\u2028line separator",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_deck_name_in_front_matter_reads_back_exactly(name: str) -> None:
    text = f"deck: {yaml_text(name)}"
    assert "\n" not in text
    data, problems = load_yaml_mapping(text, "cards.md", 2)
    assert problems == []
    assert data == {"deck": name}


def test_names_anki_would_print_as_html_get_look_alikes() -> None:
    assert printable_name('<b>"x"</b> `y`') == "‹b›”x”‹/b› ʼyʼ"
    assert printable_name("A/B testing #2: it's fine") == "A/B testing #2: it's fine"
