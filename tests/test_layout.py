"""The test tree is split by what a test needs, and tests/unit needs the least.

tests/unit holds the pure tests, mirroring src/ankismith: no Anki, no CLI run, no browser.
They must pass where the ``anki``, ``aqt`` and ``playwright`` packages cannot be imported, and
none of them may run ankismith's command line (that is tests/cli's part).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT

UNIT = ROOT / "tests" / "unit"
HIDDEN = ("anki", "aqt", "playwright")
# Running pytest with these set to None in sys.modules makes every import of them fail.
WITHOUT = (
    "import sys\n"
    f"for name in {HIDDEN!r}:\n"
    "    sys.modules[name] = None\n"
    "import pytest\n"
    "sys.exit(pytest.main(sys.argv[1:]))\n"
)
# What a unit test may not import: the Anki backend, a browser, the CLI or a way to run it, and
# the helpers that build with the CLI, run git or another tool, or open a collection.
FORBIDDEN = (*HIDDEN, "click.testing", "ankismith.cli", "ankismith.__main__", "subprocess")
FORBIDDEN_HELPERS = {"release", "check_lines", "git", "init_repo", "tool"}


def _unit_files() -> Iterator[Path]:
    return iter(sorted(UNIT.rglob("*.py")))


def _outside(module: str) -> bool:
    if module.startswith(
        ("tests.anki", "tests.cli", "tests.browser", "tests.desktop", "tests.helpers_anki")
    ):
        return True
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def _reasons(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (f"imports {a.name}" for a in node.names if _outside(a.name))
        elif isinstance(node, ast.ImportFrom) and node.module:
            if _outside(node.module):
                yield f"imports {node.module}"
            elif node.module == "tests.helpers":
                names = {a.name for a in node.names} & FORBIDDEN_HELPERS
                yield from (f"imports {name}, which runs a command" for name in sorted(names))
        elif isinstance(node, ast.arg) and node.arg == "runner":
            yield "takes the CLI runner fixture"


def test_there_are_unit_tests_in_a_folder_per_package() -> None:
    folders = {p.parent.relative_to(UNIT).as_posix() for p in UNIT.rglob("test_*.py")}
    packages = {
        p.relative_to(ROOT / "src" / "ankismith").as_posix()
        for p in (ROOT / "src" / "ankismith").iterdir()
        if (p / "__init__.py").is_file()
    }
    assert "." in folders and len(folders) > 5
    assert folders - {"."} <= packages


@pytest.mark.parametrize("path", list(_unit_files()), ids=lambda p: p.relative_to(UNIT).as_posix())
def test_a_unit_test_needs_no_anki_and_runs_no_cli(path: Path) -> None:
    assert list(_reasons(path)) == []


@pytest.mark.slow
def test_the_unit_tests_pass_where_anki_cannot_be_imported() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT, str(UNIT), "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    # Exit 5 (no tests collected) fails here as any other code but 0 does.
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    passed = re.search(r"(\d+) passed", done.stdout)
    assert passed and int(passed[1]) > 100, done.stdout[-2000:]
