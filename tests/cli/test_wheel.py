"""The built wheel, installed outside the checkout, makes a deck project that works offline.

What this proves: the wheel holds everything ankismith needs (templates, CSS, the scaffold, the
schema); ``ankismith init`` run from it vendors that very wheel and pins it; the new project's
``make deck`` and ``make test`` install it from ``vendor/`` and pass; and the shell steps of the
project's CI ``deck`` job (its ankismith action, deck.yaml checked by the schema included) pass
too; the ``hooks`` job needs the hooks' repository, and tests/test_hooks.py covers it. Nothing comes from a package index: pip
runs with no index and no configuration. The dependencies are not installed from wheels (that
would need the index): they are the ones of this environment, exposed on PYTHONPATH, and only
those ankismith declares (with theirs), so a missing declaration would fail here. What it does
not prove: that pip can resolve those dependencies from PyPI, which the release workflow's
smoke test does on every supported Python.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from ankismith import __version__
from tests.helpers import ROOT, SAMPLE, link_dependencies, offline_env, steps_of

WHEEL = f"ankismith-{__version__}-py3-none-any.whl"


def _run(args: list[str], cwd: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=dict(env), capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module", name="wheel")
def _wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the sources, without network or build isolation."""
    tree = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        shutil.copy2(ROOT / name, tree / name)
    shutil.copytree(
        ROOT / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    dist = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(tree),
        ],
        tree,
        env,
    )
    return dist / WHEEL


def _github_steps(project: Path, env: dict[str, str], tmp: Path) -> str:
    """Run the shell steps of the CI workflow's ``deck`` job, as a runner would; return their log.

    The ``hooks`` job is not run: pre-commit would clone the hooks' repository from GitHub and
    install pre-commit from the index (tests/test_hooks.py runs the hooks with ``try-repo``).
    """
    log = ""
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    assert set(workflow["jobs"]) == {"deck", "hooks"}
    for step in workflow["jobs"]["deck"]["steps"]:
        uses = step.get("uses", "")
        if not uses.startswith("./"):
            assert uses.startswith("actions/checkout@"), step  # the project is here already
            continue
        action = project / uses / "action.yml"
        inputs = {k: str(v.get("default", "")) for k, v in steps_of_inputs(action).items()}
        inputs.update({k: str(v) for k, v in step.get("with", {}).items()})
        for inner in steps_of(action):
            if "run" not in inner:
                continue  # setup-python, cache, upload-artifact
            outputs = tmp / "github-output"
            step_env = {
                **env,
                "RUNNER_TEMP": str(tmp / "runner-temp"),
                "GITHUB_OUTPUT": str(outputs),
                "GITHUB_ACTION_PATH": str(action.parent),
            }
            for key, value in inner.get("env", {}).items():
                step_env[key] = re.sub(
                    r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m, given=inputs: given[m[1]], str(value)
                )
                assert "${{" not in step_env[key], (key, value)
            script = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", inner["run"]]
            done = _run(script, project, step_env)
            log += done.stdout + done.stderr
    return log


def steps_of_inputs(action: Path) -> dict[str, dict[str, object]]:
    """Return the inputs an ``action.yml`` declares."""
    inputs: dict[str, dict[str, object]] = yaml.safe_load(action.read_text())["inputs"]
    return inputs


@pytest.mark.slow
def test_a_project_made_by_the_installed_wheel_builds_tests_and_runs_ci_offline(
    wheel: Path, tmp_path: Path
) -> None:
    env = offline_env(tmp_path, link_dependencies(tmp_path / "deps"))
    user = tmp_path / "user-venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(user)], tmp_path, env)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(user / "bin" / "python"),
            "install",
            "--quiet",
            "--no-deps",
            str(wheel),
        ],
        tmp_path,
        env,
    )
    where = _run(
        [str(user / "bin" / "python"), "-c", "import ankismith; print(ankismith.__file__)"],
        tmp_path,
        env,
    ).stdout
    assert where.startswith(str(user)), where  # the wheel, not this checkout

    # The sample deck (media, code, every note type) builds, checks and previews from the wheel.
    ankismith = str(user / "bin" / "ankismith")
    _run([ankismith, "check", str(SAMPLE), "-o", str(tmp_path / "sample")], tmp_path, env)
    _run([ankismith, "build", str(SAMPLE), "-o", str(tmp_path / "sample")], tmp_path, env)
    _run(
        [ankismith, "preview", str(SAMPLE), "-o", str(tmp_path / "sample" / "preview")],
        tmp_path,
        env,
    )

    made = _run([ankismith, "init", "my-deck"], tmp_path, env)
    project = tmp_path / "my-deck"
    assert "notice" not in made.stderr
    assert (project / "vendor" / WHEEL).read_bytes() == wheel.read_bytes()
    assert (project / "requirements.txt").read_text().splitlines()[-1] == f"./vendor/{WHEEL}"

    # make's venv is where the CI action puts its own: every step runs, but pip is set up once.
    venv = tmp_path / "runner-temp" / "ankismith-venv"
    make = ["make", f"PYTHON={sys.executable}", f"VENV={venv}"]
    _run([*make, "deck"], project, env)
    assert [p.name for p in (project / "build").glob("*.apkg")] == ["my-deck.apkg"]
    _run([*make, "test"], project, env)
    installed = json.loads(
        _run(
            [
                str(venv / "bin" / "python"),
                "-c",
                "from importlib import metadata; "
                "print(metadata.distribution('ankismith').read_text('direct_url.json'))",
            ],
            project,
            env,
        ).stdout
    )
    assert installed["url"].endswith(f"/my-deck/vendor/{WHEEL}")

    log = _github_steps(project, env, tmp_path)
    assert "1 file valid by the deck.yaml schema." in log, log  # the action's schema step
    # make deck left a render cache in build/, as a restored CI cache would: nothing rendered.
    assert "rendered 0 notes of 1, 1 from the render cache" in log, log
    outputs = (tmp_path / "github-output").read_text()
    assert "package=build/my-deck.apkg\n" in outputs
    assert re.search(
        rf"^cache-key=ankismith-render-{re.escape(__version__)}-[0-9a-f]{{16}}-[0-9a-f]{{16}}$",
        outputs,
        re.M,
    ), outputs
    assert re.search(r"^sha256=[0-9a-f]{64}$", outputs, re.M)
    assert (project / "build" / "preview" / "index.html").is_file()


def _project_files() -> set[str]:
    """Return the project's own files, relative to the root (no venv, caches or build output)."""
    skip = {".venv", "build", ".git", ".ci", "dist"}
    found = set()
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in skip or not path.is_file():
            continue
        if any(p == "__pycache__" or p.endswith(("_cache", ".egg-info")) for p in relative.parts):
            continue
        if relative.parts[0] == ".hypothesis" or path.suffix in (".pyc", ".pyo"):
            continue
        found.add(relative.as_posix())
    return found


def test_the_sdist_holds_the_tests_their_data_the_docs_and_the_licence(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    for name in _project_files():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tree / name)
    build = (
        "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    )
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}
    name = _run([sys.executable, "-c", build, str(tmp_path)], tree, env).stdout.split()[-1]
    with tarfile.open(tmp_path / name) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers() if m.isfile()}
    assert _project_files() - members == set()
    for needed in (
        "LICENSE",
        "CHANGELOG.md",
        "tests/data/golden",
        "content/deck.yaml",
        "docs/format.md",
    ):
        assert any(m == needed or m.startswith(needed + "/") for m in members), needed
