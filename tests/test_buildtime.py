"""Build time resolution: SOURCE_DATE_EPOCH, then git, then the clock."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ankismith.apkg.buildtime import resolve_build_time
from ankismith.errors import BuildError


def test_source_date_epoch_wins(tmp_path: Path) -> None:
    assert resolve_build_time(tmp_path, {"SOURCE_DATE_EPOCH": "1700000000"}) == (1700000000, None)


@pytest.mark.parametrize("value", ["soon", "12.5", "100"])
def test_bad_source_date_epoch_is_an_error(tmp_path: Path, value: str) -> None:
    with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH"):
        resolve_build_time(tmp_path, {"SOURCE_DATE_EPOCH": value})


def test_last_commit_time_of_content(tmp_path: Path) -> None:
    env = {
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@example.org",
        "GIT_COMMITTER_DATE": "2024-01-02T03:04:05Z",
        "GIT_AUTHOR_DATE": "2024-01-02T03:04:05Z",
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("x")
    for cmd in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "c"]):
        subprocess.run(cmd, cwd=tmp_path, env=env, check=True)
    assert resolve_build_time(content, {}) == (1704164645, None)


def test_no_git_falls_back_to_now_with_notice(tmp_path: Path) -> None:
    seconds, notice = resolve_build_time(tmp_path, {})
    assert seconds > 1700000000
    assert notice is not None and "not reproducible" in notice
