"""Start-up: a build with nothing changed, and ``check`` after a build, import no renderer.

Each runs in a fresh interpreter, whose ``sys.modules`` is inspected once the command is done:
Markdown, Pygments, genanki and the HTML parsers only load when cards are rendered or packaged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.cli import main
from tests.helpers import EPOCH, ROOT, copy_sample

HEAVY = ("markdown", "pygments", "genanki", "html5lib", "nh3", "tinycss2", "anki")
"""Libraries a build with nothing changed has no use for."""
PROBE = """
import json, sys
from ankismith.cli import main
sys.argv = ["ankismith", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _loaded(tmp_path: Path, *args: str) -> set[str]:
    """Run the CLI with ``args`` in a new interpreter; return the top-level modules it loaded."""
    env = {k: v for k, v in os.environ.items() if k != "ANKISMITH_CACHE_DIR"}
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    env |= {"SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONPATH": path}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["code"] == 0, done.stderr
    return set(outcome["modules"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding the sample deck as ``content/``, built into ``out/``."""
    root = tmp_path_factory.mktemp("startup")
    copy_sample(root / "content")
    environ = {"SOURCE_DATE_EPOCH": str(EPOCH), "ANKISMITH_CACHE_DIR": None}
    args = ["build", str(root / "content"), "-o", str(root / "out"), "-q"]
    result = CliRunner().invoke(main, args, env=environ)
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("command", ["build", "check"])
def test_nothing_changed_imports_no_renderer(built: Path, command: str) -> None:
    loaded = _loaded(built, command, str(built / "content"), "-o", str(built / "out"), "-q")
    assert not loaded & set(HEAVY), f"{command} imported {sorted(loaded & set(HEAVY))}"


@pytest.mark.slow
def test_a_first_build_does_import_them(tmp_path: Path) -> None:
    # The probe sees what a build that renders and packages loads.
    copy_sample(tmp_path / "content")
    loaded = _loaded(tmp_path, "build", "content", "-o", "out", "-q")
    assert {"markdown", "genanki"} <= loaded
