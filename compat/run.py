"""`make compat`: import the sample deck and the examples into several released Anki backends.

Each Anki version gets its own venv under ``build/compat/`` (made once, reused), with the Python
that version shipped with. The decks are built with this checkout's ankismith, then
``compat/check.py`` runs inside every venv: it imports each package, renders both sides of every
card and answers each card once. Any error or blank side fails the run. It downloads wheels, so
it is not part of ``make test``; CI runs it weekly and before a release.

Usage: ``python compat/run.py [VERSION[@PYTHON] ...]`` (default: ``VERSIONS`` below).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "compat"

VERSIONS = ("2.1.50@3.9", "2.1.66@3.9", "23.12.1@3.10", "latest@3.12")
"""The oldest backend whose wheel installs, the last 2.1, one 23.x, and whatever is newest."""


def find_python(version: str) -> str | None:
    """Return a working interpreter for Python ``version`` (3.9, ...): pyenv's, else on PATH."""
    pyenv = sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python")))
    for candidate in [*reversed(pyenv), shutil.which(f"python{version}")]:
        # A pyenv shim is on PATH even where it has no such version: try each one.
        works = candidate and subprocess.run([candidate, "-c", "import venv"], check=False)
        if works and works.returncode == 0:
            return candidate
    return None


def build_decks() -> list[Path]:
    """Build the sample deck and every deck under examples/; return the packages."""
    decks = OUT / "decks"
    decks.mkdir(parents=True, exist_ok=True)
    examples = sorted(p.parent for p in ROOT.glob("examples/*/content/deck.yaml"))
    packages = []
    for source in [ROOT / "content", *examples]:
        name = "sample" if source == ROOT / "content" else source.parent.name
        package = decks / f"{name}.apkg"
        command = [sys.executable, "-m", "ankismith", "build", str(source), "-o", str(package)]
        subprocess.run(command, check=True, cwd=ROOT)
        packages.append(package)
    return packages


def backend(spec: str) -> Path:
    """Return the Python of a venv holding the Anki backend ``spec`` (``VERSION@PYTHON``)."""
    version, _, python_version = spec.partition("@")
    python = find_python(python_version or "3.12")
    if python is None:
        raise SystemExit(f"anki {version}: Python {python_version} not found (PATH or pyenv)")
    home = OUT / f"anki-{version}-py{python_version}"
    stamp = home / ".installed"
    bin_python = home / "bin" / "python"
    if version == "latest" or not stamp.exists():
        if not bin_python.exists():
            subprocess.run([python, "-m", "venv", str(home)], check=True)
        pip = [str(bin_python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        # Wheels only: an old backend's dependencies must not be built from source.
        wanted = "anki" if version == "latest" else f"anki=={version}"
        subprocess.run([*pip, "--upgrade", "--only-binary=:all:", wanted], check=True)
        stamp.touch()
    return bin_python


def installed_version(python: Path) -> str:
    """Return the version of the anki package a venv holds."""
    code = "from importlib.metadata import version; print(version('anki'))"
    done = subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True)
    return done.stdout.strip()


def main(specs: list[str]) -> int:
    """Check every backend in ``specs``; print a summary; return the exit code."""
    try:
        packages = build_decks()
    except subprocess.CalledProcessError:
        print("compat: the decks did not build; nothing was checked", file=sys.stderr)
        return 1
    results: dict[str, bool] = {}
    for spec in specs or list(VERSIONS):
        try:
            python = backend(spec)
        except subprocess.CalledProcessError as error:
            results[f"anki {spec}: installing failed ({error.cmd[-1]})"] = False
            continue
        label = f"anki {installed_version(python)} ({spec})"
        print(label, flush=True)
        checker = [str(python), str(ROOT / "compat" / "check.py"), *map(str, packages)]
        results[label] = subprocess.run(checker, check=False).returncode == 0
    print()
    for label, ok in results.items():
        print(f"{'ok  ' if ok else 'FAIL'} {label}")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
