"""deck.yaml keys: declared once in DeckSettings, read by those declarations, documented."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ankismith.parse.options import ABSENT, Reading, option, options, read_options
from ankismith.parse.settings import SETTINGS_KEYS, DeckSettings, load_settings

ROOT = Path(__file__).resolve().parents[3]


def _format_table() -> list[tuple[str, str]]:
    """Return (key, required) of each row of the key table under '## deck.yaml' in format.md."""
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    section = text.split("\n## deck.yaml\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", section, re.M)


def test_the_format_doc_lists_exactly_the_declared_keys_in_order() -> None:
    rows = _format_table()
    assert [key for key, _ in rows] == list(SETTINGS_KEYS)
    required = {opt.key for _, opt in options(DeckSettings) if opt.required}
    assert {key for key, says in rows if says == "yes"} == required


def test_the_keys_are_the_declared_fields_in_their_order() -> None:
    assert SETTINGS_KEYS == (
        "name",
        "id",
        "description",
        "tags",
        "checks",
        "version",
        "repository",
        "type",
        "language",
        "tts",
        "labels",
        "scripts",
        "release",
        "absent_media",
        "keep_media_names",
        "markdown_description",
        "preset",
        "extends",
        "note_type_ids",
    )
    assert [spec.name for spec, _ in options(DeckSettings)][1] == "namespace"


def test_a_key_left_out_takes_its_field_default_and_key_lines_say_where_each_key_is() -> None:
    settings, found = load_settings("# deck\nname: D\n\nid: d-7f3k2q\n", "deck.yaml")
    assert found == []
    assert settings == DeckSettings("D", "d-7f3k2q")
    assert settings.key_lines == (("name", 2), ("id", 4))
    assert settings.line_of("tags") == 1


def _twice(value: object, r: Reading) -> tuple[int, list[object]]:
    return (0 if value is ABSENT else 2 * int(str(value))), []


@dataclass(frozen=True)
class _Sample:
    count: int = field(metadata=option("count", _twice, {"type": "integer"}))
    """Read through its reader, even when left out: it has no default."""
    size: int = field(default=7, metadata=option("size", _twice, {"type": "integer"}))
    """Left out: 7, without asking the reader."""
    seen: tuple[str, ...] = ()
    """Not a key: no option."""


def test_read_options_walks_the_declared_fields_only() -> None:
    def read(data: dict[str, object]) -> tuple[object, list[str]]:
        values, found = read_options(_Sample, Reading("s.yaml", ("a: 1",), data, {}))
        return values, [f"{f.location}: {f.message}" for f in found]

    assert read({"count": 2}) == ({"count": 4, "size": 7}, [])
    assert read({"size": 1}) == ({"count": 0, "size": 2}, [])
    assert read({"seen": 1}) == (
        {"count": 0, "size": 7},
        ["s.yaml:1: unknown key 'seen' (known keys: count, size)"],
    )


def test_scripts_names_note_types_as_a_list_or_one_name_and_refuses_anything_else() -> None:
    listed, found = load_settings("name: D\nid: d-7f3k2q\nscripts: [B, A, B]\n", "deck.yaml")
    assert found == [] and listed is not None and listed.scripts == ("A", "B")
    one, found = load_settings("name: D\nid: d-7f3k2q\nscripts: Kanji strokes\n", "deck.yaml")
    assert found == [] and one is not None and one.scripts == ("Kanji strokes",)
    _, found = load_settings("name: D\nid: d-7f3k2q\n\nscripts: {a: 1}\n", "deck.yaml")
    assert [(f.location.line, f.message.split(",")[0]) for f in found] == [
        (4, "'scripts' lists the names of your own note types whose templates may keep <script>")
    ]


def test_note_type_ids_is_shared_unless_own_and_nothing_else() -> None:
    def read(line: str) -> tuple[str, list[str]]:
        settings, found = load_settings(f"name: D\nid: d-7f3k2q\n{line}", "deck.yaml")
        assert settings is not None
        return settings.note_type_ids, [f"{f.location}: {f.message}" for f in found]

    assert read("") == ("shared", [])
    assert read("note_type_ids: own\n") == ("own", [])
    assert read("note_type_ids: shared\n") == ("shared", [])
    value, found = read("note_type_ids: mine\n")
    assert value == "shared"
    assert found == [
        "deck.yaml:3: 'note_type_ids' is 'own' (this deck's copies of our note types get ids "
        "of their own) or 'shared' (the same ids in every deck, the default), not 'mine'"
    ]
