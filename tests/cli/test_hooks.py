"""The pre-commit hooks: valid by pre-commit itself, and doing their job in a new project.

Each hook's command is run as pre-commit runs it (quick); then ``pre-commit try-repo`` runs
them for real in a new project, installed from this checkout with no package index: pip finds
setuptools and ankismith's dependencies on PYTHONPATH, as tests/test_wheel.py does. try-repo
installs this checkout's committed files with its staged and unstaged changes to them; a new
file must at least be staged (``git add``) to be part of the hooks' install.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ankismith.cli import main
from tests.helpers import ROOT, init_repo, link_dependencies, offline_env, tool

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
NEW_CARD = "\n## Why pin ankismith?\n\n### Answer\n\nSame build.\n\n### Explanation\n\nBytes.\n"
"""A card without an id."""


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
    assert [h["id"] for h in HOOKS] == ["ankismith-ids", "ankismith-check", "ankismith-schema"]
    # The scaffold runs the same hooks from .venv: the pinned ankismith, nothing fetched.
    assert repo == {"repo": "local", "hooks": repo["hooks"]}
    for local, hook in zip(repo["hooks"], HOOKS, strict=True):
        assert local == {
            "id": hook["id"],
            "name": hook["name"],
            "entry": f".venv/bin/{hook['entry']}",
            "language": "system",
            **({"files": hook["files"]} if "files" in hook else {}),
            "pass_filenames": hook["pass_filenames"],
        }


def test_the_scaffolds_hooks_run_the_projects_ankismith(project: Path, tmp_path: Path) -> None:
    bin_ = project / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "ankismith").symlink_to(tool("ankismith"))
    (project / ".gitignore").write_text((project / ".gitignore").read_text() + ".venv/\n")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    init_repo(project, "A new deck")
    with (project / "content" / "example.md").open("a") as file:
        file.write(NEW_CARD)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [tool("pre-commit"), "run", "--all-files"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    first = run()
    assert first.returncode == 1, first.stdout + first.stderr
    assert re.search(r"^ankismith ids .*\.+Failed$", first.stdout, re.M), first.stdout
    assert "<!-- id: why-pin-ankismith -->" in (project / "content" / "example.md").read_text()
    again = run()
    assert again.returncode == 0, again.stdout + again.stderr
    for name in ("ankismith ids", "ankismith check", "ankismith schema"):
        assert re.search(rf"^{name}\b.*\.+Passed$", again.stdout, re.M), again.stdout


def _run_hook(hook_id: str, project: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """Run a hook's entry as pre-commit would: in the repository root, with the file names it takes."""
    (hook,) = [h for h in HOOKS if h["id"] == hook_id]
    assert hook["pass_filenames"] is bool(files)
    command, *args = shlex.split(hook["entry"])
    assert command == "ankismith"
    return subprocess.run(
        [tool("ankismith"), *args, *hook.get("args", []), *files],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_hooks_run_on_the_files_they_name() -> None:
    ids, check, schema = HOOKS
    for path in ("content/example.md", "decks/rust/ownership.md", "README.md"):
        assert re.search(ids["files"], path)
    assert "files" not in check  # any file: a card, deck.yaml, an image, a template
    assert not re.search(ids["files"], "content/deck.yaml")
    assert not re.search(schema["files"], "README.md")
    assert re.search(schema["files"], "content/deck.yaml")
    assert re.search(schema["files"], "deck.yaml")
    assert re.search(schema["files"], "decks/rust/deck.yaml")
    assert not re.search(schema["files"], "content/example.md")
    assert not re.search(schema["files"], "content/mydeck.yaml")


def test_ids_then_check_then_schema_in_a_new_project(project: Path) -> None:
    with (project / "content" / "example.md").open("a") as file:
        file.write(NEW_CARD)
    failing = _run_hook("ankismith-check", project)
    assert failing.returncode == 1
    assert "card has no id" in failing.stdout
    added = _run_hook("ankismith-ids", project)
    assert added.returncode == 0, added.stderr
    assert "<!-- id: why-pin-ankismith -->" in (project / "content" / "example.md").read_text()
    passing = _run_hook("ankismith-check", project)
    assert passing.returncode == 0, passing.stdout
    assert passing.stdout == "No problems: 0 errors, 0 warnings in 2 notes.\n"
    schema = _run_hook("ankismith-schema", project, "content/deck.yaml")
    assert schema.returncode == 0, schema.stdout + schema.stderr
    with (project / "content" / "deck.yaml").open("a") as file:
        file.write("tags: [one, two words]\n")
    schema = _run_hook("ankismith-schema", project, "content/deck.yaml")
    assert schema.returncode == 1
    assert re.match(
        r"content/deck\.yaml:\d+: tag 'two words' is empty or contains a space", schema.stdout
    )


def _docs_config() -> dict[str, Any]:
    """Return the .pre-commit-config.yaml that docs/adopting.md shows."""
    text = (ROOT / "docs" / "adopting.md").read_text()
    blocks = re.findall(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", text, re.S)
    (block,) = blocks
    config: dict[str, Any] = yaml.safe_load(block)
    return config


def test_the_docs_example_for_another_content_directory_checks_it(project: Path) -> None:
    (repo,) = _docs_config()["repos"]
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    assert list(hooks) == [h["id"] for h in HOOKS]
    (project / "decks").mkdir()
    (project / "content").rename(project / "decks" / "rust")
    with (project / "decks" / "rust" / "example.md").open("a") as file:
        file.write(NEW_CARD)
    changed = "decks/rust/example.md"
    for hook in HOOKS:  # the file pre-commit sees changed runs the hooks that should run
        assert re.search(hook.get("files", ""), changed) or hook["id"] == "ankismith-schema"

    def run(hook_id: str) -> subprocess.CompletedProcess[str]:
        (hook,) = [h for h in HOOKS if h["id"] == hook_id]
        _, *args = shlex.split(hook["entry"])
        return subprocess.run(
            [tool("ankismith"), *args, *hooks[hook_id].get("args", [])],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )

    failing = run("ankismith-check")
    assert failing.returncode == 1 and "card has no id" in failing.stdout, failing.stdout
    assert run("ankismith-ids").returncode == 0
    assert "<!-- id: why-pin-ankismith -->" in (project / changed).read_text()
    assert run("ankismith-check").returncode == 0


def _try_repo(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``pre-commit try-repo`` with the hooks of this checkout in ``project``."""
    return subprocess.run(
        [tool("pre-commit"), "try-repo", str(ROOT), *args, "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.skipif(
    not (ROOT / ".git").exists(),
    reason="try-repo needs this checkout as a git repository, not an sdist",
)
def test_try_repo_runs_the_hooks_in_a_new_project_offline(project: Path, tmp_path: Path) -> None:
    env = {
        **offline_env(tmp_path, link_dependencies(tmp_path / "deps", "setuptools")),
        "PIP_NO_BUILD_ISOLATION": "0",  # pip's spelling of --no-build-isolation: use PYTHONPATH's setuptools
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
        "VIRTUALENV_OVERRIDE_APP_DATA": str(tmp_path / "virtualenv"),
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",  # no download of newer pip in the background
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
        # try-repo commits this checkout's uncommitted changes into a copy of it
        **{
            f"GIT_{who}_{what}": value
            for who in ("AUTHOR", "COMMITTER")
            for what, value in (("NAME", "T"), ("EMAIL", "t@example.org"))
        },
    }
    init_repo(project, "A new deck")
    with (project / "content" / "example.md").open("a") as file:
        file.write(NEW_CARD)

    ids = _try_repo(project, env, "ankismith-ids")
    assert ids.returncode == 1, ids.stdout + ids.stderr
    assert re.search(
        r"ankismith ids .*\.+Failed\n- hook id: ankismith-ids\n- files were modified by this hook",
        ids.stdout,
    ), ids.stdout
    assert "content/example.md:17: added id 'why-pin-ankismith'" in ids.stdout
    assert "<!-- id: why-pin-ankismith -->" in (project / "content" / "example.md").read_text()

    every = _try_repo(project, env)  # all three hooks, now that the card has its id
    assert every.returncode == 0, every.stdout + every.stderr
    for name in ("ankismith ids", "ankismith check", "ankismith schema"):
        assert re.search(rf"^{name}\b.*\.+Passed$", every.stdout, re.M), every.stdout

    deck = project / "content" / "deck.yaml"
    deck.write_text(deck.read_text() + "version: 1.10\n")
    line = len(deck.read_text().splitlines())
    broken = _try_repo(project, env, "ankismith-schema")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert f"content/deck.yaml:{line}: 'version' must be quoted text, e.g. version: '1.1'" in (
        broken.stdout
    )


def test_the_contributors_config_is_valid_and_uses_the_venvs_tools() -> None:
    done = _pre_commit("validate-config", str(ROOT / ".pre-commit-config.yaml"))
    assert done.returncode == 0, done.stdout + done.stderr
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    (repo,) = config["repos"]
    assert repo["repo"] == "local"  # nothing to download: the hooks run the tools make lint uses
    entries = {hook["id"]: hook["entry"] for hook in repo["hooks"]}
    assert entries == {
        "ruff-check": ".venv/bin/ruff check --force-exclude",
        "ruff-format": ".venv/bin/ruff format --force-exclude",
        "mypy": ".venv/bin/mypy",
    }


def test_the_contributors_hooks_pass_a_clean_module_and_fail_a_broken_one(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    for name in (".pre-commit-config.yaml", ".gitignore", "pyproject.toml"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes((ROOT / name).read_bytes())
    package = repo / "src" / "ankismith"
    package.mkdir(parents=True)
    for name in ("__init__.py", "text.py"):  # text.py imports nothing of ours
        (package / name).write_bytes((ROOT / "src" / "ankismith" / name).read_bytes())
    (repo / ".venv" / "bin").mkdir(parents=True)
    for name in ("ruff", "mypy"):
        (repo / ".venv" / "bin" / name).symlink_to(tool(name))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MYPY"))},
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
        return subprocess.run(
            [tool("pre-commit"), "run", "--files", *files],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    subprocess.run(["git", "init", "-q"], cwd=repo, env=env, check=True)
    clean = run("src/ankismith/text.py")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    for name in ("ruff check", "ruff format", "mypy"):
        assert re.search(rf"^{name}\b.*\.+Passed$", clean.stdout, re.M), clean.stdout

    with (package / "text.py").open("a") as file:
        file.write("import os\nWIDTH: int = '80'\n")
    broken = run("src/ankismith/text.py")
    assert broken.returncode == 1
    for name in ("ruff check", "ruff format", "mypy"):
        assert re.search(rf"^{name}\b.*\.+Failed$", broken.stdout, re.M), broken.stdout
    assert "F401 [*] `os` imported but unused" in broken.stdout
    assert 'Incompatible types in assignment (expression has type "str"' in broken.stdout
