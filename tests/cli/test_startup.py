"""Start-up: a build with nothing changed, and ``check`` after a build, import no renderer.

Answered quickly (``quick/``), they import no command line either.

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
from tests.helpers import EPOCH, ROOT, copy_sample, write_files

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
print(json.dumps({"code": code, "modules": sorted({*sys.modules, *(m.split(".")[0] for m in sys.modules)})}))
"""


def _loaded(tmp_path: Path, *args: str) -> set[str]:
    """Run the CLI with ``args`` in a new interpreter; return the modules it loaded.

    Each by its full name and by its top-level package's.
    """
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


SIMPLE_CARDS = """## What is the *capital* of France?

### Answer

Paris, on the `Seine`.

## What is the capital of Italy?

### Answer

Rome.
"""


def test_a_rebuild_of_simple_fields_imports_no_markdown_nor_genanki(tmp_path: Path) -> None:
    # Fields the simple path renders need no Python-Markdown (render/pymd.py); Pygments still
    # gives the note types' CSS when the package is written.
    write_files(tmp_path / "content", {"deck.yaml": "name: Capitals\n", "a.md": SIMPLE_CARDS})
    environ = {"SOURCE_DATE_EPOCH": str(EPOCH), "ANKISMITH_CACHE_DIR": None}
    args = ["build", str(tmp_path / "content"), "-o", str(tmp_path / "out"), "-q"]
    assert CliRunner().invoke(main, args, env=environ).exit_code == 0
    card = tmp_path / "content" / "a.md"
    card.write_text(SIMPLE_CARDS.replace("Rome.", "Rome, on the *Tiber*."), encoding="utf-8")
    loaded = _loaded(tmp_path, *args)
    assert not loaded & {"markdown", "pymdownx"}, sorted(loaded)
    # The decks and note types are as before: their layout is the last build's, without genanki
    # (and the asyncio it imports). The simple path's HTML needs no cleaning, and a deck without
    # templates or CSS of its own has nothing to judge as a browser would. Its deck.yaml and
    # labels' translation, unchanged, are read as the last build parsed them: no PyYAML.
    unused = {"genanki", "asyncio", "chevron", "nh3", "tinycss2", "html5lib", "xml", "yaml"}
    assert not loaded & unused, sorted(loaded & unused)


def test_a_preview_after_an_edit_and_its_build_imports_no_renderer(tmp_path: Path) -> None:
    # The site is updated in place (preview/patch.py): the edited card's fields come from the
    # build's render cache; no Markdown, no HTML parser, no package writer, and no Pygments:
    # the card's pages use the note types' templates, not their stylesheets with code styles.
    write_files(tmp_path / "content", {"deck.yaml": "name: Capitals\n", "a.md": SIMPLE_CARDS})
    environ = {"SOURCE_DATE_EPOCH": str(EPOCH), "ANKISMITH_CACHE_DIR": None}
    build = ["build", str(tmp_path / "content"), "-o", str(tmp_path / "out"), "-q"]
    preview = ["preview", str(tmp_path / "content"), "-o", str(tmp_path / "out" / "preview")]
    assert CliRunner().invoke(main, build, env=environ).exit_code == 0
    assert CliRunner().invoke(main, preview, env=environ).exit_code == 0
    card = tmp_path / "content" / "a.md"
    card.write_text(SIMPLE_CARDS.replace("Rome.", "Rome, on the *Tiber*."), encoding="utf-8")
    assert CliRunner().invoke(main, build, env=environ).exit_code == 0
    site = (tmp_path / "out" / "preview").stat().st_ino
    loaded = _loaded(tmp_path, *preview)
    assert (tmp_path / "out" / "preview").stat().st_ino == site  # updated in place
    # deck.yaml and the labels' translations as the build read them (its cache folder, read
    # only), the preview's own words as its record keeps them: no PyYAML. The edited file's
    # cards as the build parsed them (its parse cache): no parser; their renderings read from
    # its render cache: no renderer, no sanitiser. Files written through a temp file and a
    # rename: no tempfile, no shutil. No whole site's assembly.
    unused = {*HEAVY, "pymdownx", "chevron", "asyncio", "xml", "yaml", "tempfile", "shutil"}
    unused |= {"ankismith.parse.scanner", "ankismith.render.fields", "ankismith.sanitize.clean"}
    unused |= {"ankismith.render.report", "ankismith.preview.site"}
    assert not loaded & unused, sorted(loaded & unused)
    pages = (tmp_path / "out" / "preview" / "cards").iterdir()
    assert any("Tiber" in page.read_text() for page in pages)


@pytest.mark.slow
def test_a_first_build_does_import_them(tmp_path: Path) -> None:
    # The probe sees what a build that renders and packages loads.
    copy_sample(tmp_path / "content")
    loaded = _loaded(tmp_path, "build", "content", "-o", "out", "-q")
    assert {"markdown", "genanki"} <= loaded


QUICK_PROBE = """
import sys
from ankismith.quick.entry import main
sys.argv = ["ankismith", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
print(code, *sorted(sys.modules))
"""
SLOW = ("click", "yaml", "orjson", "dataclasses", "typing", "re", "pathlib", "json")
"""What a quick answer loads none of: the command line, YAML, our frozen values and their kin."""


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_quick_answer_loads_no_command_line(tmp_path: Path, command: str) -> None:
    # quick/: the answer recorded for these very inputs is written before click, PyYAML or
    # any module of ours but the quick answer's is imported.
    copy_sample(tmp_path / "content")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANKISMITH_")}
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    env |= {"SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONPATH": path}
    args = [command, "content", "-o", "out"]
    build = [sys.executable, "-c", QUICK_PROBE, "build", "content", "-o", "out"]
    subprocess.run(build, cwd=tmp_path, env=env, check=True, capture_output=True)
    for _ in range(2):  # the first run after a build, and again
        done = subprocess.run(
            [sys.executable, "-c", QUICK_PROBE, *args], cwd=tmp_path, env=env, capture_output=True
        )
        code, *modules = done.stdout.decode().splitlines()[-1].split()
        loaded = set(modules)
        ours = {name for name in loaded if name.startswith("ankismith")}
        assert code == "0"
        assert not loaded & set(SLOW), sorted(loaded & set(SLOW))
        assert ours == {
            "ankismith",
            "ankismith.gitdir",
            "ankismith.ownfiles",
            "ankismith.quick",
            "ankismith.quick.answer",
            "ankismith.quick.entry",
        }
