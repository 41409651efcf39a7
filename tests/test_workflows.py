"""The GitHub workflows and actions, ours and the scaffold's: valid by schema, clean by zizmor."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import ROOT, schema_check, steps_of, zizmor

SCAFFOLD = ROOT / "src" / "ankismith" / "scaffold"
WORKFLOWS = [
    *sorted(ROOT.glob(".github/workflows/*.yml")),
    ROOT / "action.yml",
    *sorted(SCAFFOLD.glob("*/github/workflows/*.yml")),
    *sorted(SCAFFOLD.glob("*/github/actions/*/action.yml")),
]
SHA_PIN = re.compile(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")
# The scaffold's own action, in the same repository, needs no pin.
LOCAL = re.compile(r"uses: \./\.github/actions/[\w-]+( # zizmor: ignore\[self-repository\])?$")


def test_every_workflow_and_action_is_checked() -> None:
    assert [str(p.relative_to(ROOT)) for p in WORKFLOWS] == [
        ".github/workflows/ci.yml",
        ".github/workflows/publish.yml",
        ".github/workflows/release.yml",
        "action.yml",
        "src/ankismith/scaffold/decks/github/workflows/release.yml",
        "src/ankismith/scaffold/project/github/workflows/ci.yml",
        "src/ankismith/scaffold/project/github/workflows/release.yml",
        "src/ankismith/scaffold/project/github/actions/ankismith/action.yml",
    ]


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
    uses = [
        line.strip().removeprefix("- ")
        for line in text.splitlines()
        if "uses:" in line and not line.lstrip().startswith("#")
    ]
    assert uses and all(SHA_PIN.fullmatch(u) or LOCAL.fullmatch(u) for u in uses), uses
    if workflow.name != "action.yml":  # an action checks nothing out
        assert "persist-credentials: false" in text
    scripts = [step["run"] for step in steps_of(workflow) if "run" in step]
    assert all("${{" not in script for script in scripts)
