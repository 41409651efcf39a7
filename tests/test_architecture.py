"""The layout's rules (docs/architecture.md), read from the source: they fail when broken."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "src" / "ankismith"
STAGES = ("content", "parse", "check", "render", "apkg")
"""The build's stages, in order: each may use the ones before it, never the ones after."""
SHARED = (
    "model",
    "findings",
    "errors",
    "text",
    "limits",
    "atomic",
    "git",
    "gitdir",
    "ownfiles",
    "forge",
    "order",
    "progress",
    "workers",
    "heap",
    "notetypes",
    "sanitize",
)
"""Values and helpers every stage and command may use."""
COMMANDS = (
    "cli",
    "pipeline",
    "cache",
    "check_report",
    "build_report",
    "decks",
    "ids",
    "importing",
    "preview",
    "quick",
    "release",
    "reports",
    "scaffold",
    "schema",
    "sync",
    "verify",
)
"""Everything above the stages: the command line, the pipeline and its cache folder (which may
use every stage, and no stage uses), and each command's own folder."""
# The only import that runs against the stage order: reading a tree hands deck.yaml to its parser,
# because every command needs the settings before anything else.
BACKWARD = {("content.read", "parse.settings")}
ONLY_IN = {
    "genanki": "apkg.collection",
    "anki": "verify.importer sync.collection",
    "subprocess": "git",
    "nh3": "sanitize.clean",
    "html5lib": "sanitize.html5",
    "tinycss2": "sanitize.css",
    "markdownify": "importing.convert",
    "bs4": "importing.soup",
    "zstandard": "apkg.reader",
}


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "scaffold" and "project" in relative.parts:
            continue  # files written into new projects, not ankismith's code
        name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


MODULES = _modules()


def _imports(tree: ast.Module) -> Iterator[str]:
    """Yield every module a module imports, at the top or inside a function."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            if node.module == "ankismith":
                yield from (f"ankismith.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _ours(tree: ast.Module) -> set[str]:
    """Return the modules of ours that ``tree`` imports, without the ``ankismith.`` prefix."""
    return {
        name.removeprefix("ankismith.")
        for name in _imports(tree)
        if name.startswith("ankismith.") and name.removeprefix("ankismith.") in MODULES
    }


def _top(name: str) -> str:
    return name.split(".")[0]


def test_every_module_is_accounted_for() -> None:
    tops = {_top(name) for name in MODULES} - {"__init__", "__main__"}
    assert tops == {*STAGES, *SHARED, *COMMANDS}


def test_no_import_cycle() -> None:
    graph = {name: _ours(tree) for name, tree in MODULES.items()}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' -> '.join((*path, name))}"
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _top(n) in STAGES + SHARED))
def test_stages_never_import_upwards(name: str) -> None:
    top = _top(name)
    for target in sorted(_ours(MODULES[name])):
        there = _top(target)
        assert there not in COMMANDS, f"{name} imports {target}, which is above the stages"
        if top in STAGES and there in STAGES and (name, target) not in BACKWARD:
            assert STAGES.index(there) <= STAGES.index(top), f"{name} imports later {target}"
        if top in SHARED and top != "notetypes":
            assert there not in STAGES, f"shared {name} imports the stage module {target}"


@pytest.mark.parametrize(("library", "home"), sorted(ONLY_IN.items()))
def test_each_outside_library_has_one_home(library: str, home: str) -> None:
    users = {
        name
        for name, tree in MODULES.items()
        if any(i == library or i.startswith(f"{library}.") for i in _imports(tree))
    }
    assert users == set(home.split())


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_says_what_it_owns(name: str) -> None:
    docstring = ast.get_docstring(MODULES[name])
    assert docstring and docstring.split("\n")[0].strip(), f"{name} has no docstring"


def _module_table() -> dict[str, set[str]]:
    """Return what docs/architecture.md's module table names: {row's folder or module: names}.

    A row's first cell is a module (``cli.py``) or a folder (``parse/``); in a folder's row every
    backticked ``x.py`` is a module of that folder, or one named from the package root.
    """
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = text.split("## The folders", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, set[str]] = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not (cells[0].startswith("`") and cells[0].endswith("`")):
            continue
        head = cells[0].strip("`")
        named = {head} if head.endswith(".py") else set()
        for token in re.findall(r"`([^`\s]+\.py)`", cells[1]):
            inside = f"{head.rstrip('/')}/{token}"
            named.add(inside if head.endswith("/") and (PACKAGE / inside).is_file() else token)
        rows[head] = named
    return rows


def test_the_module_table_names_every_module_and_only_real_ones() -> None:
    rows = _module_table()
    named = set().union(*rows.values())
    modules = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name not in {"__init__.py", "__main__.py"}
        and not ({"scaffold", "project"} <= set(path.relative_to(PACKAGE).parts))
    }
    assert sorted(named - modules) == [], "docs/architecture.md names modules that do not exist"
    assert sorted(modules - named) == [], "docs/architecture.md's module table misses modules"
    folders = {head for head in rows if head.endswith("/")}
    tops = {f"{path.name}/" for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert tops <= folders, "every folder of the package has a row"
    assert all((PACKAGE / head).is_dir() for head in folders), "a row names a missing folder"


def test_the_quick_answer_loads_nothing_slow() -> None:
    # quick/answer.py and quick/entry.py run before the command line: the standard library's
    # fastest modules only; the command line and the recorder load only when there is no answer.
    imported = set(_imports(MODULES["quick.answer"])) | set(_imports(MODULES["quick.entry"]))
    fast = {"__future__", "_blake2", "marshal", "os", "sys", "time", "collections.abc", "typing"}
    fast.add("gc")  # built into Python
    later = {"ankismith.cli", "ankismith.quick.record"}
    assert imported - fast == {
        "ankismith.quick.answer",
        "ankismith.gitdir",
        "ankismith.ownfiles",
        *later,
    }
    assert set(_imports(MODULES["gitdir"])) - fast == set()  # where git keeps the repository
    assert set(_imports(MODULES["ownfiles"])) - fast == set()  # ankismith's files' state
