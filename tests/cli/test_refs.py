"""A git commit's content built into a package at that commit's time, for ``diff``."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from ankismith.errors import BuildError
from ankismith.release.refs import _extract, build_ref
from tests.helpers import EPOCH, init_repo, write_files
from tests.unit.release.trees import DAY, V1

CONTENT = Path("content")


@pytest.fixture(scope="module", name="repo")
def _repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("refs")
    write_files(repo / "content", V1)
    write_files(repo / "broken", {"deck.yaml": "name: [\n"})
    init_repo(repo, "First release", when=EPOCH + DAY)
    # Uncommitted: not part of the commit that is built.
    write_files(repo / "content", {"later.md": "## Later?\n<!-- id: later -->\n### Answer\nL\n"})
    return repo


def test_a_commit_builds_at_its_own_time_without_uncommitted_files(repo: Path) -> None:
    package = build_ref("main", CONTENT, repo)
    assert package.path == "main"
    assert [n.key for n in package.notes][:3] == ["a", "b", "c"] and len(package.notes) == 4
    assert {n.mtime for n in package.notes} == {EPOCH + DAY}
    assert package.decks == ("Test Deck", "Test Deck::Sub")


@pytest.mark.parametrize(
    ("ref", "content", "error"),
    [
        ("v9", CONTENT, "v9: not a git commit, tag or branch here"),
        ("main", Path("nowhere"), "main: there is no 'nowhere' directory in that commit"),
        ("main", Path("/"), "/: not inside the git repository"),
        ("main", Path("broken"), "main: its content does not build:\nmain:broken/deck.yaml:1"),
    ],
    ids=["no-such-ref", "no-such-folder", "outside", "does-not-build"],
)
def test_what_cannot_be_built_is_refused(repo: Path, ref: str, content: Path, error: str) -> None:
    with pytest.raises(BuildError) as caught:
        build_ref(ref, content, repo)
    assert error in caught.value.message


def test_a_link_out_of_the_tree_is_refused(tmp_path: Path) -> None:
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        link = tarfile.TarInfo("content/escape")
        link.type, link.linkname = tarfile.SYMTYPE, "../../outside"
        tar.addfile(link)
    with pytest.raises(BuildError, match=r"^v1: .*; refused: links must stay inside$"):
        _extract(data.getvalue(), tmp_path / "tree", "v1")
    assert not (tmp_path / "tree" / "content" / "escape").is_symlink()
