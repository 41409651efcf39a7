"""Replacing a folder whole: the new one in its place, or the old one as it was, never a mix."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ankismith import atomic
from ankismith.atomic import replace_folder
from ankismith.errors import BuildError


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(name="old")
def _old(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_bytes(b"old index")
    (folder / "sub" / "gone.txt").write_bytes(b"only in the old folder")
    return folder


OLD = {"index.html": b"old index", "sub/gone.txt": b"only in the old folder"}
NEW = [("index.html", b"new index"), ("assets/a.css", b"css")]


def test_the_new_folder_replaces_the_old_whole(old: Path, tmp_path: Path) -> None:
    replace_folder(old, NEW)
    assert _tree(old) == dict(NEW)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert old.stat().st_mode & 0o777 == 0o755


def test_a_folder_is_made_where_there_was_none(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out"
    replace_folder(target, NEW)
    assert _tree(target) == dict(NEW)
    assert [p.name for p in target.parent.iterdir()] == ["out"]


def test_ctrl_c_while_writing_keeps_the_old_folder(old: Path, tmp_path: Path) -> None:
    def files() -> Iterator[tuple[str, bytes]]:
        yield NEW[0]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        replace_folder(old, files())
    assert _tree(old) == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_ctrl_c_between_the_two_renames_brings_the_old_folder_back(
    old: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.replace
    calls: list[str] = []

    def replace(source: Path, target: Path) -> None:
        calls.append(Path(target).name)
        if len(calls) == 2:  # the old folder is moved aside; the new one is not yet in place
            raise KeyboardInterrupt
        real(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        replace_folder(old, NEW)
    assert calls[1] == "site"
    assert _tree(old) == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_failed_write_is_a_build_error_and_keeps_the_old_folder(
    old: Path, tmp_path: Path
) -> None:
    with pytest.raises(BuildError, match=r"site: cannot write: "):
        replace_folder(old, [("index.html", b"new"), ("index.html/inside", b"x")])
    assert _tree(old) == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_file_where_the_parent_folder_must_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"keep")
    with pytest.raises(BuildError, match=r"is a file, not a folder"):
        replace_folder(tmp_path / "file" / "out", NEW)
    assert (tmp_path / "file").read_bytes() == b"keep"
