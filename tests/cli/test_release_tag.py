"""Git's answers read from its files without starting it: no tag at all, no repository at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ankismith.git import release_tag, uncommitted, uncommitted_lines
from ankismith.gitdir import has_no_tags
from tests.helpers import git, init_repo, write_files


def _tags(folder: Path) -> tuple[bool, str]:
    return has_no_tags(os.path.realpath(folder), os.environ), release_tag(folder)


def test_no_tag_is_known_from_files_and_a_tag_asks_git(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_files(repo / "content", {"deck.yaml": "name: Capitals\n"})
    assert _tags(repo / "content") == (True, "")  # no repository above it
    init_repo(repo, "first")
    assert _tags(repo / "content") == (True, "")
    git(repo, "tag", "v1.2")
    assert _tags(repo / "content") == (False, "1.2")
    git(repo, "pack-refs", "--all")  # the tag now in packed-refs only
    assert not list((repo / ".git" / "refs" / "tags").iterdir())
    assert _tags(repo / "content") == (False, "1.2")
    (repo / "content" / "a.md").write_text("## Q?\n\n### Answer\n\nA.\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "second")
    assert _tags(repo / "content") == (False, "")  # a tag, but not on HEAD: git said so
    git(repo, "tag", "-a", "-m", "release", "v1.3")
    assert _tags(repo / "content") == (False, "1.3")
    git(repo, "tag", "-d", "v1.2", "v1.3")
    assert _tags(repo / "content") == (True, "")


def test_a_linked_work_tree_reads_the_tags_of_its_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_files(repo / "content", {"deck.yaml": "name: Capitals\n"})
    init_repo(repo, "first")
    git(repo, "worktree", "add", "-q", str(tmp_path / "other"))
    assert _tags(tmp_path / "other" / "content") == (True, "")
    git(repo, "tag", "v2")
    assert _tags(tmp_path / "other" / "content") == (False, "2")


def test_git_variables_leave_it_to_git(tmp_path: Path) -> None:
    write_files(tmp_path / "content", {"deck.yaml": "name: Capitals\n"})
    environ = {**os.environ, "GIT_DIR": str(tmp_path / "elsewhere")}
    assert not has_no_tags(os.path.realpath(tmp_path / "content"), environ)


def test_outside_a_repository_no_line_is_uncommitted_and_git_is_not_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "repo" / "content"
    write_files(content, {"a.md": "## Q?\n\n### Answer\n\nA.\n"})
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "git").write_text('#!/bin/sh\n: > "$0.ran"\nexit 128\n', encoding="utf-8")
    (bin_ / "git").chmod(0o755)
    with monkeypatch.context() as patched:
        patched.setenv("PATH", str(bin_))
        assert uncommitted_lines(content) == {} and uncommitted(content) == []
    assert not (bin_ / "git.ran").exists()
    init_repo(tmp_path / "repo", "first")
    assert uncommitted_lines(content) == {} and uncommitted(content) == []
    (content / "a.md").write_text("## Q?\n\n### Answer\n\nB.\n", encoding="utf-8")
    (content / "b.md").write_text("new\n", encoding="utf-8")
    assert uncommitted_lines(content) == {"a.md": frozenset({5}), "b.md": None}
    assert uncommitted(content) == ["a.md", "b.md"]
