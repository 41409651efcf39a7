"""Uncommitted files and lines: git's answer inside a repository, and none outside one.

Outside a repository the answer is known from the folders, without starting git.
"""

from __future__ import annotations

from pathlib import Path

from ankismith.git import uncommitted, uncommitted_lines
from tests.helpers import init_repo, write_files

CARD = "## Q?\n\n### Answer\n\nA.\n"


def test_outside_a_repository_nothing_is_uncommitted_and_inside_git_says_what(
    tmp_path: Path,
) -> None:
    content = tmp_path / "repo" / "content"
    write_files(content, {"deck.yaml": "name: Capitals\n", "a.md": CARD})
    assert uncommitted_lines(content) == {}
    assert uncommitted(content) == []
    init_repo(tmp_path / "repo", "first")
    assert uncommitted_lines(content) == {}
    (content / "a.md").write_text(CARD.replace("A.", "B."), encoding="utf-8")
    (content / "b.md").write_text(CARD, encoding="utf-8")
    assert uncommitted_lines(content) == {"a.md": frozenset({5}), "b.md": None}
    assert uncommitted(content) == ["a.md", "b.md"]
