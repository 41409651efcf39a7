"""Build time resolution: SOURCE_DATE_EPOCH, then git, then the clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankismith.apkg.buildtime import resolve_build_time
from ankismith.errors import BuildError
from tests.helpers import init_repo, write_files


def test_source_date_epoch_wins(tmp_path: Path) -> None:
    assert resolve_build_time(tmp_path, {"SOURCE_DATE_EPOCH": "1700000000"}) == (1700000000, None)


@pytest.mark.parametrize("value", ["soon", "12.5", "100"])
def test_bad_source_date_epoch_is_an_error(tmp_path: Path, value: str) -> None:
    with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH"):
        resolve_build_time(tmp_path, {"SOURCE_DATE_EPOCH": value})


def test_last_commit_time_of_content(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", {"a.md": "x"})
    init_repo(tmp_path, "c", when=1704164645)  # 2024-01-02 03:04:05 UTC
    assert resolve_build_time(content, {}) == (1704164645, None)


def test_no_git_falls_back_to_now_with_notice(tmp_path: Path) -> None:
    seconds, notice = resolve_build_time(tmp_path, {})
    assert seconds > 1700000000
    assert notice is not None and "not reproducible" in notice
