"""Field settings and field and template ids in notetype.yaml: read, checked, derived."""

from __future__ import annotations

import json

import pytest

from ankismith.parse.notetype_settings import derived_id
from ankismith.parse.notetypes import custom_id, load_notetypes

FOLDER = "content/_notetypes"
FILES = {"front.html": "{{Word}}", "back.html": "{{FrontSide}}{{Meaning}}"}
WORD = """name: Word
key: word-v1
fields:
  - name: Word
    description: The word as the dictionary lists it
    font: Noto Serif
    size: 28
  - name: Meaning
    collapsed: true
    exclude_from_search: true
    plain_text: true
    rtl: false
    id: -42
templates:
  - {name: Recall, front: front.html, back: back.html}
"""


def load(yaml: str, anki: str = "") -> tuple[dict[str, object], list[str]]:
    listing = [("word/notetype.yaml", yaml + anki)] + [(f"word/{k}", v) for k, v in FILES.items()]
    found, errors = load_notetypes(listing, FOLDER)
    word = found.get("word")
    settings = json.loads(word.settings) if word is not None else {}
    return settings, [f"{e.location}: {e.message}" for e in errors]


def test_field_settings_are_read_in_anki_s_names_with_ids() -> None:
    settings, errors = load(WORD)
    assert errors == []
    ident = custom_id("word-v1")
    assert settings == {
        "fields": [
            {
                "description": "The word as the dictionary lists it",
                "font": "Noto Serif",
                "size": 28,
                "id": derived_id(ident, "field", "Word"),
            },
            {
                "collapsed": True,
                "excludeFromSearch": True,
                "plainText": True,
                "rtl": False,
                "id": -42,
            },
        ],
        "templates": [{"id": derived_id(ident, "template", "Recall")}],
    }


def test_derived_ids_depend_on_the_note_type_and_the_name_only() -> None:
    first = derived_id(1352486482, "field", "Word")
    assert first == derived_id(1352486482, "field", "Word") == 1674165741714865489  # pinned
    assert first != derived_id(1352486482, "field", "Meaning")
    assert first != derived_id(1352486483, "field", "Word")
    assert first != derived_id(1352486482, "template", "Word")
    assert 0 < first < 1 << 63


def test_an_imported_note_type_keeps_its_ids_unless_the_author_names_others() -> None:
    anki = "anki:\n  fields:\n  - {id: 7, font: Arial}\n  - {id: 8}\n  templates:\n  - {id: 9}\n"
    settings, errors = load(WORD, anki)
    assert errors == []
    assert [f["id"] for f in settings["fields"]] == [7, -42]  # type: ignore[index]
    assert [t["id"] for t in settings["templates"]] == [9]  # type: ignore[index]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("size: 28", "size: 400", ":7: note type 'word': 'size' must be a whole number from 5"),
        ("size: 28", "size: yes", ":7: note type 'word': 'size' must be a whole number"),
        ("collapsed: true", "collapsed: 1", ":9: note type 'word': 'collapsed' must be true or"),
        ("plain_text: true", "plain_text: no way", ":11: note type 'word': 'plain_text' must be"),
        ("font: Noto Serif", "font: ''", ":6: note type 'word': 'font' must name a font family"),
        (
            "description: The word as the dictionary lists it",
            'description: "Two\\nlines"',
            ":5: note type 'word': 'description' is one line of text",
        ),
        (
            "description: The word as the dictionary lists it",
            "description: 5",
            ":5: note type 'word': 'description' must",
        ),
        ("id: -42", "id: 1.5", ":13: note type 'word': 'id' must be a whole number"),
        ("id: -42", "id: 99999999999999999999", ":13: note type 'word': 'id' must be a whole"),
        ("rtl: false", "right_to_left: true", ":12: note type 'word': field: unknown key"),
        (
            "{name: Recall,",
            "{id: yes, name: Recall,",
            ":15: note type 'word': 'id' must be a whole number",
        ),
    ],
)
def test_bad_settings_are_errors_at_their_line(old: str, new: str, expected: str) -> None:
    assert old in WORD
    _, errors = load(WORD.replace(old, new, 1))
    assert any(e.startswith(f"{FOLDER}/word/notetype.yaml{expected}") for e in errors), errors


def test_a_field_id_used_twice_is_an_error() -> None:
    _, errors = load(WORD.replace("    size: 28\n", "    size: 28\n    id: -42\n"))
    assert any("field 'Meaning' has the id -42 of field 'Word'" in e for e in errors), errors
