"""The command lines the quick answer reads (``quick/answer.py``), and where it finds its records."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankismith.cache.folder import CACHE_DIR, ENVIRONMENT, cache_folder
from ankismith.quick import answer
from ankismith.quick.answer import (
    Form,
    State,
    cache_dir,
    dump_records,
    file_digests,
    load_records,
    read_argv,
)


@pytest.mark.parametrize(
    ("args", "form"),
    [
        (["build"], Form("build")),
        (["check"], Form("check")),
        (["build", "deck", "-o", "out"], Form("build", "deck", "out")),
        (["build", "-oout", "deck"], Form("build", "deck", "out")),
        (["build", "--output=x.apkg", "--strict"], Form("build", output="x.apkg", strict=True)),
        (["build", "--output", "out", "-j", "2", "--no-progress"], Form("build", output="out")),
        (["build", "-j2", "--jobs=3"], None),
        (["build", "--jobs=64", "-q"], Form("build", quiet=True)),
        (["build", "--format", "text"], Form("build")),
        (["check", "--format=human", "--strict", "c"], Form("check", "c", strict=True)),
        (["check", "c", "--quiet"], Form("check", "c", quiet=True)),
    ],
)
def test_forms_it_reads(args: list[str], form: Form | None) -> None:
    assert read_argv(args) == form


def test_progress_is_read_but_not_part_of_the_answer() -> None:
    shown, hidden = read_argv(["build", "--progress"]), read_argv(["build", "--no-progress"])
    assert shown is not None and hidden is not None
    neither = read_argv(["build"])
    assert neither is not None
    assert (shown.progress, hidden.progress, neither.progress) == (True, False, None)
    assert shown.text() == hidden.text() == neither.text()


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["preview"],
        ["-q", "build"],  # an option of the group, before the command
        ["build", "-v"],
        ["build", "--verbose"],
        ["build", "-h"],
        ["build", "--deck", "x"],
        ["build", "--format", "json"],
        ["check", "--format", "json"],
        ["check", "--format", "text"],
        ["build", "a", "b"],
        ["build", "--", "a"],
        ["build", "-"],
        ["build", ""],
        ["build", "-o"],
        ["build", "-o", ""],
        ["build", "-o", "-x"],
        ["build", "-o", "a", "-o", "b"],
        ["build", "--strict", "--strict"],
        ["build", "-q", "--quiet"],
        ["build", "--progress", "--no-progress"],
        ["build", "-j", "0"],
        ["build", "-j", "65"],
        ["build", "-j", "two"],
        ["build", "-j", "٣"],
        ["check", "-j", "2"],
        ["check", "--progress"],
        ["build", "--out", "x"],
        ["build", "--strict=yes"],
        ["build", "-qv"],
    ],
)
def test_anything_else_is_not_read(args: list[str]) -> None:
    assert read_argv(args) is None


@pytest.mark.parametrize(
    "output",
    [
        "build",
        "out/",
        "./out",
        "a/b.apkg",
        "x.apkg",
        ".apkg",
        "a/.apkg",
        "/abs/x.apkg",
        "a//b",
        "a/./b/",
        "a/b.apkg/",
        "deck.APKG",
        "a/..",
        "/",
    ],
)
def test_the_cache_folder_is_the_one_builds_use(output: str) -> None:
    assert Path(cache_dir(output, {}) or "") == cache_folder(Path(output), {})
    moved = {ENVIRONMENT: "/elsewhere"}
    assert cache_dir(output, moved) == str(cache_folder(Path(output), moved))
    assert (answer._CACHE_DIR, answer._CACHE_ENV) == (CACHE_DIR, ENVIRONMENT)


def test_a_path_it_does_not_read_as_pathlib_does_has_no_folder() -> None:
    assert cache_dir("//server/x", {}) is None


def test_records_read_back_and_corrupt_ones_are_none(tmp_path: Path) -> None:
    records = {b"k" * 32: (0, [(1, b"Built\n")], [("p", (1, 2, 3))], None, b"")}
    data = dump_records(records)
    broken = bytearray(data)
    broken[40] ^= 1
    path = tmp_path / "quick.bin"
    for written, read in ((data, records), (data[:-1], {}), (b"", {}), (bytes(broken), {})):
        path.write_bytes(written)
        assert load_records(str(path)) == read
    assert load_records(str(tmp_path / "missing")) == {}


def test_files_changed_lately_are_the_ones_compared_by_their_bytes(tmp_path: Path) -> None:
    # A file's change time moves in steps: one changed within SETTLED_NS of the state being
    # taken could be written again in the same step, leaving the same state.
    now = 10 * answer.SETTLED_NS
    files = [("old", now - answer.SETTLED_NS - 1), ("edge", now - answer.SETTLED_NS), ("new", now)]
    assert State(b"k", files).recent(now) == ["edge", "new"]
    (tmp_path / "a").write_bytes(b"one")
    digests = file_digests([str(tmp_path / "a"), str(tmp_path / "missing")])
    assert digests[1] == (str(tmp_path / "missing"), None)
    (tmp_path / "a").write_bytes(b"two")
    assert file_digests([str(tmp_path / "a")]) != digests[:1]
