"""``ankismith init``: a new project whose cards build at once and whose workflows are clean."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ankismith import __version__
from ankismith.apkg.reader import read_package
from ankismith.cli import main
from ankismith.scaffold import create
from ankismith.scaffold.install_origin import REPOSITORY, InstallSource, install_source
from ankismith.text import has_random_part
from tests.helpers import ROOT, schema_check, steps_of, zizmor

FILES = [
    ".github/ISSUE_TEMPLATE/card-report.yml",
    ".github/actions/ankismith/action.yml",
    ".github/workflows/ci.yml",
    ".github/workflows/release.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "Makefile",
    "README.md",
    "content/deck.yaml",
    "content/example.md",
    "requirements.txt",
]
COMMIT = "0123456789abcdef0123456789abcdef01234567"


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
        assert (
            CliRunner().invoke(main, ["init", str(tmp_path / name), "--name", "Vocab"]).exit_code
            == 0
        )
        ids.add(
            (tmp_path / name / "content" / "deck.yaml").read_text().split("\nid: ")[1].split()[0]
        )
    assert len(ids) == 2 and all(i.startswith("vocab-") for i in ids)


def test_a_name_in_another_script_is_transliterated(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--name", "Русские слова"])
    assert result.exit_code == 0, result.output
    assert "\nid: russkie-slova-" in (tmp_path / "content" / "deck.yaml").read_text()
    assert "build/russkie-slova.apkg" in (tmp_path / "README.md").read_text()


def test_makefile_installs_the_pinned_ankismith_unless_told_otherwise(project: Path) -> None:
    makefile = (project / "Makefile").read_text()
    assert "ANKISMITH ?=\n" in makefile

    def dry(*args: str) -> str:
        return subprocess.run(
            ["make", "-n", "deck", *args], cwd=project, capture_output=True, text=True, check=True
        ).stdout

    assert "pip install --quiet -r requirements.txt" in dry()
    assert "pip install --quiet '/src/ankismith'" in dry("ANKISMITH=/src/ankismith")
    assert ".venv/bin/ankismith build content -o build --strict" in dry()


@pytest.mark.parametrize("workflow", ["ci.yml", "release.yml"])
def test_scaffold_workflows_are_valid_and_clean(project: Path, workflow: str) -> None:
    path = project / ".github" / "workflows" / workflow
    for run_check in (schema_check, zizmor):
        done = run_check(path)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_ci_uses_the_action_shipped_at_the_root(project: Path) -> None:
    action = project / ".github" / "actions" / "ankismith" / "action.yml"
    assert action.read_bytes() == (ROOT / "action.yml").read_bytes()
    ci = (project / ".github" / "workflows" / "ci.yml").read_text()
    assert "uses: ./.github/actions/ankismith" in ci
    assert "requirements: requirements.txt" in ci


def test_the_ci_uses_the_action_the_hooks_and_the_schema(project: Path) -> None:
    jobs = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())["jobs"]
    assert [s.get("uses") for s in jobs["deck"]["steps"]][-1] == "./.github/actions/ankismith"
    action = steps_of(project / ".github" / "actions" / "ankismith" / "action.yml")
    names = [s.get("name") for s in action]
    assert names.index("Check deck.yaml by its schema") < names.index("Check the cards")
    assert (
        '"$bin/ankismith" schema "${CONTENT:-content}/deck.yaml"'
        in action[names.index("Check deck.yaml by its schema")]["run"]
    )
    runs = [s["run"] for s in jobs["hooks"]["steps"] if "run" in s]
    install = runs[0].splitlines()
    assert install[0] == "make .venv/.installed"  # the ankismith requirements.txt pins
    assert re.fullmatch(r"python -m pip install pre-commit==\d+\.\d+\.\d+", install[1])
    assert runs[-1] == "pre-commit run --all-files --show-diff-on-failure"
    uses = [s.get("uses", "").split("@")[0] for s in jobs["hooks"]["steps"]]
    assert uses == ["actions/checkout", "actions/setup-python", "", ""]  # no repository fetched


def _init_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: InstallSource
) -> tuple[Path, str]:
    monkeypatch.setattr(create, "running_source", lambda: source)
    result = CliRunner().invoke(main, ["init", str(tmp_path / "deck")])
    return tmp_path / "deck", result.output


def _pins(project: Path) -> tuple[str, str, str]:
    """Return the requirement and the repository and rev of the schema URL in deck.yaml."""
    requirement = (project / "requirements.txt").read_text().splitlines()[-1]
    schema = (project / "content" / "deck.yaml").read_text().splitlines()[0]
    found = re.search(r"githubusercontent\.com/([^/]+/[^/]+)/([^/]+)/src/", schema)
    assert found is not None, schema
    return requirement, f"https://github.com/{found[1]}", found[2]


def test_installed_from_the_index_pins_the_exact_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, output = _init_from(tmp_path, monkeypatch, install_source(None))
    assert _pins(project) == (f"ankismith=={__version__}", REPOSITORY, f"v{__version__}")
    assert "notice" not in output
    schema_line = (project / "content" / "deck.yaml").read_text().splitlines()[0]
    assert schema_line == (
        "# yaml-language-server: $schema=https://raw.githubusercontent.com/ankismith/ankismith/"
        f"v{__version__}/src/ankismith/schema/deck.schema.json"
    )


def test_installed_from_git_pins_the_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = {
        "url": "https://github.com/me/ankismith.git",
        "vcs_info": {"vcs": "git", "commit_id": COMMIT},
    }
    project, output = _init_from(tmp_path, monkeypatch, install_source(json.dumps(record)))
    assert _pins(project) == (
        f"ankismith @ git+https://github.com/me/ankismith.git@{COMMIT}",
        "https://github.com/me/ankismith",
        COMMIT,
    )
    assert (
        f"githubusercontent.com/me/ankismith/{COMMIT}/src/"
        in (project / "content" / "deck.yaml").read_text()
    )
    assert "notice" not in output


def test_installed_from_a_wheel_copies_it_into_vendor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel = tmp_path / "my dist %20" / f"ankismith-{__version__}-py3-none-any.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"PK wheel bytes")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    record = {"url": wheel.as_uri(), "archive_info": {"hashes": {"sha256": digest}}}
    project, _ = _init_from(tmp_path, monkeypatch, install_source(json.dumps(record)))
    assert _pins(project)[0] == f"./vendor/{wheel.name}"
    assert (project / "vendor" / wheel.name).read_bytes() == b"PK wheel bytes"


def test_a_wheel_that_is_gone_or_changed_is_refused(tmp_path: Path) -> None:
    wheel = tmp_path / "ankismith-0.1.0-py3-none-any.whl"
    record = {"url": wheel.as_uri(), "archive_info": {"hashes": {"sha256": "00" * 32}}}
    with pytest.raises(create.BuildError, match="installed from this file, which is gone"):
        install_source(json.dumps(record))
    wheel.write_bytes(b"other bytes")
    with pytest.raises(create.BuildError, match="changed since ankismith was installed from it"):
        install_source(json.dumps(record))


def test_a_remote_archive_is_pinned_with_its_hash() -> None:
    record = {
        "url": "https://example.org/ankismith-0.1.0.tar.gz",
        "archive_info": {"hashes": {"sha256": "ab" * 32}},
    }
    assert install_source(json.dumps(record)).requirement == (
        f"ankismith @ https://example.org/ankismith-0.1.0.tar.gz#sha256={'ab' * 32}"
    )


def test_a_local_checkout_works_here_and_says_ci_cannot_reach_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = {"url": "file:///home/me/ankismith", "dir_info": {"editable": True}}
    project, output = _init_from(tmp_path, monkeypatch, install_source(json.dumps(record)))
    assert _pins(project)[0] == "ankismith @ file:///home/me/ankismith"
    assert "notice: ankismith runs from /home/me/ankismith, which only this machine has" in output


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


def test_repository_option_writes_the_key_and_the_form_fits_the_link(tmp_path: Path) -> None:
    from urllib.parse import parse_qs, urlsplit

    from ankismith.forge import FORM_FIELDS, ISSUE_FORM

    project = tmp_path / "deck"
    result = CliRunner().invoke(
        main, ["init", str(project), "--repository", "https://github.com/you/deck.git"]
    )
    assert result.exit_code == 0, result.output
    settings = (project / "content" / "deck.yaml").read_text()
    assert "\nrepository: https://github.com/you/deck\n" in settings
    form_path = project / ".github" / "ISSUE_TEMPLATE" / ISSUE_FORM
    form = yaml.safe_load(form_path.read_text())
    ids = [item["id"] for item in form["body"]]
    assert sorted(ids) == sorted(FORM_FIELDS)
    result = CliRunner().invoke(
        main, ["build", str(project / "content"), "-o", str(project / "build"), "--strict"]
    )
    assert result.exit_code == 0, result.output
    (note,) = read_package(project / "build" / "deck.apkg").notes
    href = re.search(r'href="([^"]*)"', dict(note.fields)["Explanation"])
    assert href
    query = parse_qs(urlsplit(href[1].replace("&amp;", "&")).query)
    assert query["template"] == [ISSUE_FORM]
    prefilled = set(query) - {"template", "title", "body"}
    assert prefilled and prefilled <= set(ids)


def test_without_repository_the_key_is_commented_and_the_form_written(project: Path) -> None:
    settings = (project / "content" / "deck.yaml").read_text()
    assert "\n# repository: https://github.com/you/your-deck\n" in settings
    assert (project / ".github" / "ISSUE_TEMPLATE" / "card-report.yml").is_file()


def test_a_bad_repository_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["init", str(tmp_path / "d"), "--repository", "https://example.com/a/b"]
    )
    assert result.exit_code == 1
    assert "not a known forge" in result.stderr
    assert not (tmp_path / "d").exists()
