"""The GitHub workflows, ours and the scaffold's: valid by GitHub's schema, clean by zizmor."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import ROOT, schema_check, zizmor

SCAFFOLD = ROOT / "src" / "ankismith" / "scaffold"
WORKFLOWS = sorted(ROOT.glob(".github/workflows/*.yml")) + sorted(
    SCAFFOLD.glob("*/github/workflows/*.yml")
)
SHA_PIN = re.compile(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def test_both_workflows_are_checked() -> None:
    assert [p.name for p in WORKFLOWS[:2]] == ["ci.yml", "release.yml"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_by_githubs_schema(workflow: Path) -> None:
    done = schema_check(workflow)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_zizmor_finds_nothing(workflow: Path) -> None:
    done = zizmor(workflow)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout, done.stdout


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_actions_pinned_by_full_sha_and_no_expressions_in_scripts(workflow: Path) -> None:
    text = workflow.read_text(encoding="utf-8")
    uses = [line.strip().removeprefix("- ") for line in text.splitlines() if "uses:" in line]
    assert uses and all(SHA_PIN.fullmatch(u) for u in uses), uses
    assert "persist-credentials: false" in text
    scripts = re.findall(r"run: \|\n((?:\s{10,}.*\n?)+)|run: (.*)", text)
    assert all("${{" not in "".join(s) for s in scripts)
