"""``ankismith init``: a new project whose cards build at once and whose workflows are clean."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.apkg.reader import read_package
from ankismith.cli import main
from ankismith.text import has_random_part
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
    settings = (project / "content" / "deck.yaml").read_text()
    deck_id = re.search(r"^id: (.+)$", settings, re.M)
    assert deck_id and re.fullmatch(r"rust-words-[a-z2-9]{6}", deck_id[1]), settings
    assert has_random_part(deck_id[1])


def test_every_project_gets_its_own_deck_id(tmp_path: Path) -> None:
    ids = set()
    for name in ("one", "two"):
        assert CliRunner().invoke(main, ["init", str(tmp_path / name), "--name", "Vocab"]).exit_code == 0
        ids.add((tmp_path / name / "content" / "deck.yaml").read_text().split("\nid: ")[1].split()[0])
    assert len(ids) == 2 and all(i.startswith("vocab-") for i in ids)


def test_a_name_in_another_script_is_transliterated(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--name", "Русские слова"])
    assert result.exit_code == 0, result.output
    assert "\nid: russkie-slova-" in (tmp_path / "content" / "deck.yaml").read_text()
    assert "build/russkie-slova.apkg" in (tmp_path / "README.md").read_text()


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
