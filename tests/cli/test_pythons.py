"""Every Python that ``requires-python`` promises runs ankismith, and builds the same bytes.

``make test`` runs under one Python; the classifiers in pyproject.toml promise more. For each of
those other versions found on this machine (on PATH as ``python3.X`` or under pyenv), this
installs ankismith from the checkout into a fresh venv, with each of its dependencies pinned to
the version this environment has where that release exists for it (so, mostly, only the Python
differs; the test tools are the newest), then runs the pure unit tests there
and builds the sample deck: the package must be byte for byte the one this Python builds.

In CI (``CI`` set) a promised Python that is missing fails; elsewhere it is skipped. The venvs
are made from the package index once per run, so this is a slow test.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import pytest

from tests.helpers import ROOT, SAMPLE, closure

pytestmark = pytest.mark.slow

EPOCH = "1700000000"
UNIT_TEST_NEEDS = ("pytest", "hypothesis", "beautifulsoup4", "cmarkgfm", "markdownify")
"""What ``tests/unit`` imports beyond ankismith's own dependencies."""


def _promised() -> list[str]:
    """Return the Python versions pyproject.toml's classifiers promise, this one left out."""
    versions = [
        match.group(1)
        for line in metadata.metadata("ankismith").get_all("Classifier") or []
        if (match := re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", line))
    ]
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    return [v for v in versions if v != here]


def _interpreter(version: str) -> Path | None:
    """Find a working ``python<version>``: in pyenv's versions folder, or on PATH.

    A pyenv shim on PATH is not one: it answers only for the versions pyenv has selected.
    """
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = sorted(root.glob(f"{version}.*/bin/python{version}")) if root.is_dir() else []
    if found := shutil.which(f"python{version}"):
        candidates.append(Path(found))
    for candidate in candidates:
        works = subprocess.run([candidate, "-c", ""], capture_output=True, check=False)
        if works.returncode == 0:
            return candidate
    return None


def _run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return {**env, "SOURCE_DATE_EPOCH": EPOCH, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _sha256(folder: Path) -> str:
    (package,) = folder.glob("*.apkg")
    return hashlib.sha256(package.read_bytes()).hexdigest()


def _build(ankismith: Path, out: Path) -> str:
    _run([ankismith, "build", SAMPLE, "-o", out], ROOT, _env())
    return _sha256(out)


def _try(version: str, tmp: Path, constraints: Path) -> tuple[str, str]:
    """Install into a venv of ``version``, run the unit tests, build; return (summary, sha256)."""
    python = _interpreter(version)
    assert python is not None
    venv = tmp / f"venv{version}"
    env = _env()
    _run([python, "-m", "venv", venv], tmp, env)
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "-c", constraints]
    source = tmp / f"source{version}"
    top = {".git", ".venv", "build", "tests", "content", "examples", "benchmarks", "compat"}
    shutil.copytree(
        ROOT,
        source,
        ignore=lambda folder, names: [
            n
            for n in names
            if (Path(folder) == ROOT and n in top)
            or n == "__pycache__"
            or n.endswith((".egg-info", "_cache"))
        ],
    )
    try:
        _run([*pip, source, *UNIT_TEST_NEEDS], tmp, env)
    except AssertionError:
        # A pinned release may not exist for this Python (Markdown 3.11 needs 3.11): then
        # take what pip picks for it, as a user of that Python would get.
        _run([*pip[:-2], source, *UNIT_TEST_NEEDS], tmp, env)
    unit = ["tests/unit", "-m", "not slow", "-q", "-p", "no:cacheprovider"]
    summary = _run(
        [venv / "bin" / "python", "-m", "pytest", *unit],
        ROOT,
        {**env, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    return summary.strip().splitlines()[-1], _build(venv / "bin" / "ankismith", tmp / version)


def test_each_promised_python_passes_the_unit_tests_and_builds_the_same_bytes(
    tmp_path: Path,
) -> None:
    versions = _promised()
    assert versions, "pyproject.toml's classifiers name no Python version"
    missing = [v for v in versions if _interpreter(v) is None]
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI has no python{', python'.join(missing)}: requires-python promises them")
    present = [v for v in versions if v not in missing]
    if not present:
        pytest.skip(f"none of python{', python'.join(versions)} is installed here")
    pins = sorted(closure("ankismith"))
    constraints = tmp_path / "constraints.txt"
    constraints.write_text(
        "".join(f"{name}=={metadata.version(name)}\n" for name in pins), encoding="utf-8"
    )
    here = _build(Path(sys.executable).parent / "ankismith", tmp_path / "here")
    with ThreadPoolExecutor(max_workers=len(present)) as pool:
        tried = pool.map(lambda v: _try(v, tmp_path, constraints), present)
        results = dict(zip(present, tried, strict=True))
    for version, (summary, sha) in results.items():
        assert re.fullmatch(r"\d+ passed(, \d+ \w+)* in [\d.]+s( \(.*\))?", summary), (
            version,
            summary,
        )
        assert sha == here, f"Python {version} built other bytes than {sys.version.split()[0]}"
    if missing:
        pytest.skip(f"not installed here, so not tried: python{', python'.join(missing)}")
