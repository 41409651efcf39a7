"""Build time resolution: SOURCE_DATE_EPOCH, then git, then the clock."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.apkg import buildtime
from ankismith.apkg.buildtime import resolve_build_time
from ankismith.apkg.reader import read_package
from ankismith.cli import main
from ankismith.errors import BuildError
from ankismith.model import NoteKind
from ankismith.notetypes.assemble import builtin_notetype
from ankismith.notetypes.labels import deck_labels
from tests.helpers import (
    DECK_YAML,
    EPOCH,
    LORA_CARD,
    Q_CARD,
    WriteTree,
    git,
    init_repo,
    release,
    sha256,
    write_files,
)


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
    assert notice == (
        "content is not in a git repository and SOURCE_DATE_EPOCH is unset: using the current "
        "time, so this build is not reproducible"
    )


def test_a_repository_without_a_commit_is_named_as_one(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", {"a.md": "x"})
    git(tmp_path, "init", "-q")
    _, notice = resolve_build_time(content, {})
    assert notice == (
        "the git repository has no commit yet and SOURCE_DATE_EPOCH is unset: using the current "
        "time, so this build is not reproducible; once the content is committed, a build is "
        "dated by its last commit"
    )
    write_files(tmp_path, {"README.md": "x"})
    git(tmp_path, "add", "README.md")
    git(tmp_path, "commit", "-q", "-m", "readme")
    _, notice = resolve_build_time(content, {})
    assert notice is not None and notice.startswith("no commit holds the content yet and")


def _layout_digest() -> str:
    """Return the SHA-256 of what our note types ship, as assembled.

    Each kind's templates and stylesheet (code colours included), with the English labels and
    with each shipped translation.
    """
    digest = hashlib.sha256()
    folder = resources.files("ankismith.notetypes").joinpath("labels")
    shipped = sorted(
        e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml")
    )
    for language in ["", *shipped]:
        labels = deck_labels(language, {})
        for kind in NoteKind:
            note_type = builtin_notetype(kind, {}, labels)
            sides = [text for t in note_type.templates for text in (t.name, t.front, t.back)]
            for text in (language, kind.value, note_type.css, *sides):
                digest.update(text.encode() + b"\0")
    return digest.hexdigest()


def test_layout_changed_is_bumped_with_every_template_or_css_change() -> None:
    now = _layout_digest()
    assert now == buildtime.LAYOUT_DIGEST, (
        "ankismith's templates or CSS changed: set LAYOUT_CHANGED in apkg/buildtime.py to the "
        f"current time (date +%s) and LAYOUT_DIGEST to {now!r}, or learners of decks released "
        "before will never get the new layout"
    )


@pytest.mark.parametrize(
    ("built", "expected"),
    [(buildtime.LAYOUT_CHANGED - 1, buildtime.LAYOUT_CHANGED), (1 << 32, 1 << 32)],
)
def test_note_types_take_the_later_of_build_time_and_layout_time(built: int, expected: int) -> None:
    assert buildtime.layout_time(built) == expected


def test_note_types_in_a_package_carry_the_layout_time(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    content = write_tree({"a.md": LORA_CARD})
    first = release(content, tmp_path / "one", EPOCH)
    again = release(content, tmp_path / "two", EPOCH)
    assert sha256(first) == sha256(again)
    package = read_package(first)
    assert {n.mtime for n in package.notes} == {EPOCH}
    assert {t.mtime for t in package.notetypes} == {max(EPOCH, buildtime.LAYOUT_CHANGED)}


def test_uncommitted_content_is_named_when_the_build_time_is_the_last_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_files(
        tmp_path / "content",
        {"deck.yaml": DECK_YAML, "a.md": LORA_CARD, "b.md": Q_CARD, "notes.txt": "x"},
    )
    (tmp_path / ".gitignore").write_text("content/notes.txt\n")
    init_repo(tmp_path, "release", when=1704164645)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.chdir(tmp_path)

    def built() -> list[str]:
        result = CliRunner().invoke(main, ["build", "content", "-o", "out/deck.apkg"])
        assert result.exit_code == 0, result.output
        return [line for line in result.stderr.splitlines() if "not committed" in line]

    assert built() == []
    (content / "a.md").write_text(LORA_CARD.replace("Low-rank", "Low rank"))
    (content / "c.md").write_text(Q_CARD.replace("id: q", "id: c"))
    (content / "b.md").unlink()
    (content / "notes.txt").write_text("ignored")
    assert built() == [
        f"content/{name}: warning: not committed, but this build is dated by the last commit "
        "(2024-01-02 03:04 UTC): learners who have that commit's build will not get this change. "
        "Commit it, then build."
        for name in ("a.md", "b.md", "c.md")
    ]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704164700")
    assert built() == []


def test_a_shallow_clone_is_told_its_build_may_differ(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    write_files(origin / "content", {"a.md": "x"})
    init_repo(origin, "content", when=1704164645)
    write_files(origin, {"README.md": "later"})
    git(origin, "add", ".", when=1704164700)
    git(origin, "commit", "-q", "-m", "readme", when=1704164700)
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", "shallow")
    assert resolve_build_time(origin / "content", {}) == (1704164645, None)
    # The clone holds one commit, the README's: its content seems last changed then.
    seconds, notice = resolve_build_time(tmp_path / "shallow" / "content", {})
    assert (seconds, notice) == (1704164700, buildtime.SHALLOW)
    assert (
        resolve_build_time(tmp_path / "shallow" / "content", {"SOURCE_DATE_EPOCH": "1704164800"})[1]
        is None
    )
