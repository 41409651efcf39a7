"""``ankismith schema``: each deck.yaml judged as ``check`` reads it, every error by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankismith.schema.validate import validate_files
from tests.helpers import DECK_YAML, write_files


def problems(folder: Path, text: str | bytes) -> list[str]:
    path = write_files(folder, {"deck.yaml": text}) / "deck.yaml"
    return [str(p) for p in validate_files([path]).problems]


@pytest.mark.parametrize(
    "text",
    [
        DECK_YAML,
        "name: X\n",  # a missing id is check's to warn about
        "name: X\nid: fine-vocab\n",  # so is an id without a random part
        DECK_YAML + "nmae: y\nchecks:\n  unknown-key: warning\n",  # its own checks: lower it
    ],
    ids=["full", "no-id", "plain-id", "lowered"],
)
def test_a_file_check_would_build_has_no_problem(tmp_path: Path, text: str) -> None:
    assert problems(tmp_path, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DECK_YAML + "nmae: y\n", ":3: unknown key 'nmae' (did you mean 'name'?) [unknown-key]"),
        ("name: X\nid: Bad Id\n", ":2: 'id' must be letters, digits, '.', '_' or '-' [syntax]"),
        ("name: [\n", ":1: invalid YAML: expected the node content, but found '<stream end>'"),
        (b"name: \xff\n", ":1:7: not valid UTF-8 (byte 0xff); save the file as UTF-8 [syntax]"),
        (
            "name: X\nid: fine-vocab\nchecks:\n  deck-id: error\n",
            ":2: deck id 'fine-vocab' has no random part",
        ),
    ],
    ids=["typo", "bad-id", "yaml", "utf-8", "raised"],
)
def test_each_error_names_file_and_line(tmp_path: Path, text: str | bytes, expected: str) -> None:
    (problem,) = problems(tmp_path, text)
    assert problem.startswith(f"{tmp_path / 'deck.yaml'}{expected}")


def test_every_file_is_checked_and_its_problems_sorted_by_place(tmp_path: Path) -> None:
    files = {
        "b.yaml": "name: X\nid: Bad Id\nnmae: y\n",
        "a.yaml": "name: [\n",
        "ok.yaml": DECK_YAML,
    }
    write_files(tmp_path, files)
    paths = [tmp_path / "ok.yaml", tmp_path / "b.yaml", tmp_path / "gone.yaml", tmp_path / "a.yaml"]
    report = validate_files(paths)
    assert report.files == tuple(map(str, paths))
    assert [(p.location.path, p.location.line, p.code) for p in report.problems] == [
        (str(tmp_path / "a.yaml"), 1, "invalid-yaml"),
        (str(tmp_path / "b.yaml"), 2, "syntax"),
        (str(tmp_path / "b.yaml"), 3, "unknown-key"),
        (str(tmp_path / "gone.yaml"), 1, "syntax"),
    ]
    assert report.problems[-1].message == "cannot read: No such file or directory"
    assert validate_files([tmp_path]).problems[0].message == "cannot read: is a directory"
