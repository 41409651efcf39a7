"""One finding value: where, which rule, what to do; its severity comes from the deck's rules."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import ankismith
from ankismith.findings import NOTICES, RULES, Finding, Severity, blocking, classify, rule_of
from ankismith.model import Location
from ankismith.release.rules import RELEASE_RULES

A = Finding(Location("content/a.md", 3), "card has no id", "missing-id")
B = Finding(Location("content/a.md", 1), "card has no '### Answer' section", "missing-answer")


def test_classify_gives_each_rule_its_severity_and_sorts_by_place() -> None:
    found = classify([A, B], {})
    assert [(f.location.line, f.severity) for f in found] == [
        (1, Severity.ERROR),
        (3, Severity.WARNING),
    ]
    assert blocking(found) == [found[0]]


def test_deck_settings_and_strict_change_severities() -> None:
    assert classify([A], {"missing-id": "off"}) == []
    assert [f.severity for f in classify([A], {"missing-id": "error"})] == [Severity.ERROR]
    assert [f.severity for f in classify([A], {}, strict=True)] == [Severity.ERROR]


def test_a_finding_prints_as_an_editor_jumps_to_it() -> None:
    warning, error = classify([A, B], {})[::-1]
    assert str(warning) == "content/a.md:3: warning: card has no id [missing-id]"
    assert str(error) == "content/a.md:1: card has no '### Answer' section [missing-answer]"


def test_an_undeclared_code_is_refused_as_the_finding_is_made() -> None:
    with pytest.raises(ValueError, match="undeclared finding code 'no-such-rule'"):
        Finding(Location("x.md", 2), "odd", "no-such-rule")
    with pytest.raises(KeyError):
        rule_of("no-such-rule")


def test_a_notice_is_no_rule_and_carries_its_own_severity() -> None:
    note = Finding(Location("x.md", 2), "a <script> was dropped", "import", Severity.WARNING)
    assert note.level is Severity.WARNING
    with pytest.raises(ValueError, match="give the finding its severity"):
        Finding(Location("x.md", 2), "a <script> was dropped", "import")
    assert not set(NOTICES) & set(RULES)


# Every code the source raises, found by reading it: a typo in a code fails here even when no
# test runs the line that raises it.

SRC = Path(ankismith.__file__).parent
DOCS = Path(__file__).resolve().parents[2] / "docs"


def _modules() -> dict[str, ast.Module]:
    return {
        ".".join(("ankismith", *path.relative_to(SRC).with_suffix("").parts)): ast.parse(
            path.read_text(encoding="utf-8"), str(path)
        )
        for path in sorted(SRC.rglob("*.py"))
    }


def _constants(modules: dict[str, ast.Module]) -> dict[str, dict[str, str]]:
    """Return each module's names for strings: its own constants and those it imports."""
    own: dict[str, dict[str, str]] = {name: {} for name in modules}
    for name, tree in modules.items():
        for node in tree.body:
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                own[name].update({t.id: value.value for t in targets if isinstance(t, ast.Name)})
    names = {name: dict(found) for name, found in own.items()}
    for name, tree in modules.items():
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module in own:
                for alias in node.names:
                    if alias.name in own[node.module]:
                        names[name][alias.asname or alias.name] = own[node.module][alias.name]
    return names


def _carriers(modules: dict[str, ast.Module]) -> dict[str, tuple[int, ast.expr | None]]:
    """Return each class with a ``code`` field: the field's place and its default."""
    found = {}
    for tree in modules.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                fields = [
                    f
                    for f in node.body
                    if isinstance(f, ast.AnnAssign) and isinstance(f.target, ast.Name)
                ]
                names = [f.target.id for f in fields if isinstance(f.target, ast.Name)]
                if "code" in names:
                    found[node.name] = (names.index("code"), fields[names.index("code")].value)
    return found


class _Codes:
    """The codes one module gives to values that carry a code, resolved to strings."""

    def __init__(self, sinks: dict[str, int], constants: dict[str, str]) -> None:
        self.sinks = dict(sinks)
        """Callables whose argument at this place (or ``code=``) is a code."""
        self.constants = constants
        self.found: list[tuple[str, int]] = []
        self.unresolved: list[tuple[str, int]] = []

    def resolve(self, node: ast.expr) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            self.found.append((node.value, node.lineno))
        elif isinstance(node, ast.Name) and node.id in self.constants:
            self.found.append((self.constants[node.id], node.lineno))
        elif isinstance(node, ast.IfExp):
            self.resolve(node.body)
            self.resolve(node.orelse)
        elif not (
            (isinstance(node, ast.Name) and node.id == "code")
            or (isinstance(node, ast.Attribute) and node.attr == "code")
        ):  # a code passed on (``code``, ``found.code``) was resolved where it was made
            self.unresolved.append((ast.unparse(node), node.lineno))

    def code_args(self, call: ast.Call) -> list[ast.expr]:
        func = call.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in self.sinks:
            return []
        keyword = [k.value for k in call.keywords if k.arg == "code"]
        position = self.sinks[name]
        return keyword or call.args[position : position + 1]

    def forwarders(self, tree: ast.Module) -> None:
        """Add the module's functions that pass their ``code`` parameter on to a sink."""
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        changed = True
        while changed:
            changed = False
            for node in functions:
                params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
                if node.name in self.sinks or "code" not in params:
                    continue
                passed = [
                    a for c in ast.walk(node) if isinstance(c, ast.Call) for a in self.code_args(c)
                ]
                if any(isinstance(arg, ast.Name) and arg.id == "code" for arg in passed):
                    place = params.index("code")
                    self.sinks[node.name] = place - (params[:1] == ["self"])
                    defaults = node.args.defaults
                    if place >= len(params) - len(defaults):
                        self.resolve(defaults[place - len(params) + len(defaults)])
                    changed = True


def _raised(carries: Callable[[str], bool]) -> dict[str, list[str]]:
    """Return every code the source gives the classes ``carries`` picks, with where it does."""
    modules = _modules()
    constants = _constants(modules)
    carriers = {name: c for name, c in _carriers(modules).items() if carries(name)}
    places: dict[str, list[str]] = {}
    for name, tree in modules.items():
        codes = _Codes(
            {carrier: place for carrier, (place, _) in carriers.items()}, constants[name]
        )
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name in carriers:
                default = carriers[node.name][1]
                if default is not None:
                    codes.resolve(default)
        codes.forwarders(tree)
        for call in ast.walk(tree):
            if isinstance(call, ast.Call):
                for arg in codes.code_args(call):
                    codes.resolve(arg)
        assert not codes.unresolved, f"{name}: codes this test cannot read: {codes.unresolved}"
        for code, line in codes.found:
            places.setdefault(code, []).append(f"{name}:{line}")
    return places


def test_every_code_raised_is_declared_and_every_rule_is_raised() -> None:
    raised = _raised(lambda carrier: carrier != "Problem")  # Finding, and what one is made of
    undeclared = {code: where for code, where in raised.items() if code not in {*RULES, *NOTICES}}
    assert not undeclared, f"codes raised but declared in neither RULES nor NOTICES: {undeclared}"
    assert set(raised) == {*RULES, *NOTICES}, "declared but never raised"


def test_every_release_code_raised_is_declared_and_every_release_rule_is_raised() -> None:
    raised = _raised(lambda carrier: carrier == "Problem")
    undeclared = {code: where for code, where in raised.items() if code not in RELEASE_RULES}
    assert not undeclared, f"release codes raised but not in RELEASE_RULES: {undeclared}"
    assert set(raised) == set(RELEASE_RULES), "declared but never raised"


def test_every_rule_has_a_row_and_a_section_in_docs_checks() -> None:
    text = (DOCS / "checks.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[`([a-z-]+)`\]\(#\1\) \| (\w+) \| (yes|no) \|", text, re.M)
    declared = [(code, r.default.value, "no" if r.fixed else "yes") for code, r in RULES.items()]
    assert sorted(rows) == sorted(declared)
    sections = re.findall(r"^### ([a-z-]+)$", text.split("\n## Rules\n")[1], re.M)
    assert sorted(sections) == sorted(RULES), "one section per rule"
