"""``ankismith init``: a new project whose cards build at once and whose workflows are clean."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.apkg.reader import read_package
from ankismith.cli import main
from tests.helpers import schema_check, zizmor

FILES = [
    ".github/workflows/ci.yml",
    ".github/workflows/release.yml",
    ".gitignore",
    "Makefile",
    "README.md",
    "content/deck.yaml",
    "content/example.md",
]


@pytest.fixture(name="project")
def _project(tmp_path: Path) -> Path:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "rust-words")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:-1] == [f"  {f}" for f in FILES]
    return tmp_path / "rust-words"


def test_the_scaffold_builds_strictly_with_one_card(project: Path) -> None:
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file()) == FILES
    result = CliRunner().invoke(
        main, ["build", str(project / "content"), "-o", str(project / "build"), "--strict"]
    )
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    (note,) = read_package(project / "build" / "rust-words.apkg").notes
    assert note.key == "stable-card-ids"
    assert dict(note.fields)["Explanation"].startswith("<p>Anki recognises a card")
    assert "name: Rust words\nid: rust-words" in (project / "content" / "deck.yaml").read_text().replace(
        "# Stable key for every card's identity in learners' Anki. Never change it after a release.\n", ""
    )


def test_makefile_installs_from_pypi_unless_told_otherwise(project: Path) -> None:
    makefile = (project / "Makefile").read_text()
    assert "ANKISMITH ?= ankismith\n" in makefile
    dry = subprocess.run(
        ["make", "-n", "deck", "ANKISMITH=/src/ankismith"], cwd=project, capture_output=True,
        text=True, check=True,
    ).stdout
    assert "pip install --quiet '/src/ankismith'" in dry
    assert ".venv/bin/ankismith build content -o build --strict" in dry


@pytest.mark.parametrize("workflow", ["ci.yml", "release.yml"])
def test_scaffold_workflows_are_valid_and_clean(project: Path, workflow: str) -> None:
    path = project / ".github" / "workflows" / workflow
    for run_check in (schema_check, zizmor):
        done = run_check(path)
        assert done.returncode == 0, done.stdout + done.stderr


def test_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path}: not empty; init writes only into a new or empty directory\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_name_option_and_an_empty_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--name", "Rust::Ownership"])
    assert result.exit_code == 1  # ':' would break deck.yaml
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--name", "Rust ownership"])
    assert result.exit_code == 0, result.output
    assert "# Rust ownership\n" in (tmp_path / "README.md").read_text()
    assert "build/rust-ownership.apkg" in (tmp_path / "README.md").read_text()
