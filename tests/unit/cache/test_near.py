"""The near-duplicate index kept between builds: saved and loaded whole, or not at all."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from ankismith.cache.near import load_near, save_near
from ankismith.check.questions import NearIndex

INDEX = NearIndex(0.8, ("a", "b", "c"), ((2, 0),), ("s1", "s2", "s3"), (0.9,))


def test_saving_then_loading_gives_back_the_index(tmp_path: Path) -> None:
    save_near(tmp_path, "stamp", INDEX)
    assert load_near(tmp_path, "stamp") == INDEX


def test_an_index_saved_by_other_code_or_none_at_all_is_a_miss(tmp_path: Path) -> None:
    assert load_near(tmp_path, "stamp") is None
    save_near(tmp_path, "stamp", INDEX)
    assert load_near(tmp_path, "other") is None


def test_a_torn_file_is_a_miss(tmp_path: Path) -> None:
    save_near(tmp_path, "stamp", INDEX)
    path = tmp_path / "near.json"
    path.write_bytes(path.read_bytes()[:30])
    assert load_near(tmp_path, "stamp") is None


@pytest.mark.parametrize(
    "data",
    [
        {"a": 1},
        [0.8, ["a"]],
        [0.8, ["a"], [[1]], [], []],  # a pair of one
        ["high", [], [], [], []],
        [0.8, 5, [], [], []],
    ],
)
def test_a_file_of_the_wrong_shape_is_a_miss(tmp_path: Path, data: object) -> None:
    (tmp_path / "near.json").write_bytes(orjson.dumps({"stamp": "stamp", "data": data}))
    assert load_near(tmp_path, "stamp") is None
