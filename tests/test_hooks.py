"""The pre-commit hooks: valid by pre-commit itself, and doing their job in a new project.

`pre-commit try-repo` installs the hooks' environment from the package index, so it is not run
here (no test in `make test` needs the network); docs/adopting.md says how it was tried.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ankismith.cli import main
from tests.helpers import ROOT, tool

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


@pytest.fixture(name="project")
def _project(tmp_path: Path) -> Path:
    assert CliRunner().invoke(main, ["init", str(tmp_path / "deck")]).exit_code == 0
    return tmp_path / "deck"


def _pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool("pre-commit"), *args], capture_output=True, text=True, check=False)


def test_the_manifest_and_the_scaffolds_config_are_valid(project: Path) -> None:
    for done in (
        _pre_commit("validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")),
        _pre_commit("validate-config", str(project / ".pre-commit-config.yaml")),
    ):
        assert done.returncode == 0, done.stdout + done.stderr
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    (repo,) = config["repos"]
    assert [h["id"] for h in repo["hooks"]] == [h["id"] for h in HOOKS]


def _run_hook(hook_id: str, project: Path) -> subprocess.CompletedProcess[str]:
    """Run a hook's entry as pre-commit would: in the repository root, with no file names."""
    (hook,) = [h for h in HOOKS if h["id"] == hook_id]
    assert hook["pass_filenames"] is False
    command, *args = shlex.split(hook["entry"])
    assert command == "ankismith"
    return subprocess.run(
        [tool("ankismith"), *args, *hook.get("args", [])], cwd=project, capture_output=True,
        text=True, check=False,
    )


def test_the_hooks_run_on_the_files_they_name(project: Path) -> None:
    for hook in HOOKS:
        assert re.search(hook["files"], "content/example.md")
        assert not re.search(hook["files"], "README.md")
    assert re.search(HOOKS[1]["files"], "content/deck.yaml")


def test_ids_then_check_in_a_new_project(project: Path) -> None:
    card = "\n## Why pin ankismith?\n\n### Answer\n\nSame build.\n\n### Explanation\n\nBytes.\n"
    with (project / "content" / "example.md").open("a") as file:
        file.write(card)
    failing = _run_hook("ankismith-check", project)
    assert failing.returncode == 1
    assert "card has no id" in failing.stdout
    added = _run_hook("ankismith-ids", project)
    assert added.returncode == 0, added.stderr
    assert "<!-- id: why-pin-ankismith -->" in (project / "content" / "example.md").read_text()
    passing = _run_hook("ankismith-check", project)
    assert passing.returncode == 0, passing.stdout
    assert passing.stdout == "No problems: 0 errors, 0 warnings in 2 cards.\n"
