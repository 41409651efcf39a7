"""YAML settings: front matter split off, read as a mapping, bad YAML placed at its line."""

from __future__ import annotations

from typing import Any

import pytest

from ankismith.findings import Finding
from ankismith.limits import YAML_CHARS
from ankismith.model import Location
from ankismith.parse.frontmatter import (
    check_tags,
    load_yaml_mapping,
    split_front_matter,
    string_list,
    unknown_key,
)


@pytest.mark.parametrize(
    ("lines", "split"),
    [
        (["---", "deck: A", "---", "## Q"], (["deck: A"], 3)),
        (["---", "deck: A", "...", "## Q"], (["deck: A"], 3)),
        (["--- ", "---\t"], ([], 2)),  # trailing blanks on either fence
        (["---", "deck: A", "## Q"], ([], -1)),  # never closed: the caller reports it
        (["## Q", "---", "a: 1", "---"], (None, 0)),  # not on the first line
        ([], (None, 0)),
    ],
)
def test_split_front_matter(lines: list[str], split: tuple[list[str] | None, int]) -> None:
    assert split_front_matter(lines) == split


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("a: 1\nb: [x, y]\n", {"a": 1, "b": ["x", "y"]}),
        ("", {}),
        ("# only a comment\n", {}),
        ("1: x\n", {"1": "x"}),  # keys are strings
    ],
)
def test_a_mapping_is_read(text: str, data: dict[str, Any]) -> None:
    assert load_yaml_mapping(text, "content/deck.yaml", 1) == (data, [])


def _bad(text: str, first_line: int = 3) -> Finding:
    data, [finding] = load_yaml_mapping(text, "content/a.md", first_line, "front matter: ")
    assert data == {}
    return finding


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "a: &x 1\nb: *x\n",
            Location("content/a.md", 4, 4),
            "front matter: invalid YAML: aliases (*name) are not allowed; write the value out",
        ),
        (
            "d: 2024-02-30\n",
            Location("content/a.md", 3, 4),
            "front matter: invalid YAML: '2024-02-30' is not a valid value "
            "(day is out of range for month)",
        ),
        (
            "a: !!int abc\n",
            Location("content/a.md", 3, 4),
            "front matter: invalid YAML: 'abc' is not a valid value "
            "(invalid literal for int() with base 10: 'abc')",
        ),
        (
            "a: b: c\n",
            Location("content/a.md", 3, 5),
            "front matter: invalid YAML: mapping values are not allowed here",
        ),
        (  # reported at the last line with text, not past the end of the stream
            "a: [1,\nb: 2\n\n\n",
            Location("content/a.md", 4),
            "front matter: invalid YAML: expected ',' or ']', but got '<stream end>'",
        ),
        ("[" * 400, Location("content/a.md", 3), "front matter: invalid YAML: nested too deeply"),
    ],
)
def test_bad_yaml_is_placed_at_its_line(text: str, where: Location, message: str) -> None:
    assert _bad(text) == Finding(where, message, "invalid-yaml")


def test_a_list_is_not_settings() -> None:
    finding = _bad("- a\n- b\n")
    assert finding.location == Location("content/a.md", 3)
    assert (
        finding.message == "front matter: expected 'key: value' settings, not a YAML list or text"
    )


def test_yaml_past_the_limit_is_not_parsed() -> None:
    text = "a: 1\n" + "#" * YAML_CHARS
    message = f"front matter: {len(text)} characters of YAML, more than the limit of {YAML_CHARS}"
    assert _bad(text) == Finding(Location("content/a.md", 3), message, "invalid-yaml")


def test_unknown_key_suggests_the_nearest_or_lists_them_all() -> None:
    assert unknown_key("tgas", ["tags", "deck"]) == "unknown key 'tgas' (did you mean 'tags'?)"
    assert unknown_key("zzz", ["type", "deck"]) == "unknown key 'zzz' (known keys: deck, type)"


@pytest.mark.parametrize(
    ("value", "words"),
    [(None, ()), ("a, b c", ("a", "b", "c")), (["a", 1, 2.5], ("a", "1", "2.5")), ("", ())],
)
def test_string_list_reads_a_list_or_words(value: object, words: tuple[str, ...]) -> None:
    assert string_list(value, "tags") == (words, None)


@pytest.mark.parametrize("value", [{"a": 1}, [["a"]], 5, [None]])
def test_string_list_refuses_anything_else(value: object) -> None:
    assert string_list(value, "tags") == (
        (),
        "'tags' must be a list of words, like [lora, peft] or 'lora peft'",
    )


@pytest.mark.parametrize(
    ("tags", "why"),
    [
        (("a", "b::c"), None),
        (("a b",), "tag 'a b' is empty or contains a space; Anki tags are single words"),
        (("ok", ""), "tag '' is empty or contains a space; Anki tags are single words"),
        (
            ("a,b",),
            "tag 'a,b' contains a comma; separate tags with spaces or commas, as in 'tags: [a, b]'",
        ),
    ],
)
def test_check_tags(tags: tuple[str, ...], why: str | None) -> None:
    assert check_tags(tags) == why
