"""``ankismith reports``: a sample gh export's reports at their cards' lines, in three formats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.cli import main
from tests.helpers import DATA, write_files

CONTENT = {
    "deck.yaml": "name: Test Deck\nid: test-deck-7f3k2q\nrepository: https://github.com/o/r\n",
    "basics.md": (
        "## What is LoRA?\n<!-- id: lora -->\n### Answer\nLow-rank adaptation.\n\n"
        "## What is an epoch?\n<!-- id: epoch -->\n### Answer\nOne pass over the data.\n"
    ),
    "Sub/more.md": (
        "## What is PEFT?\n<!-- id: peft -->\n### Answer\nTraining few parameters.\n\n"
        "## Dropout\n<!-- id: dropout; guid: kept-guid-1 -->\n### Answer\nZeroing units.\n"
    ),
}


@pytest.fixture(name="project")
def _project(tmp_path: Path) -> Path:
    write_files(tmp_path / "content", CONTENT)
    shutil.copy(DATA / "reports" / "issues.json", tmp_path / "issues.json")
    return tmp_path


def _run(project: Path, *options: str) -> str:
    result = CliRunner().invoke(
        main, ["reports", str(project / "issues.json"), str(project / "content"), *options]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_reports_are_listed_at_their_cards_lines(project: Path) -> None:
    content = project / "content"
    assert _run(project).splitlines() == [
        f"{content}/Sub/more.md:1: learner report #14: [peft] What is PEFT?",
        f"{content}/Sub/more.md:6: learner report #15: [old-dropout] Dropout",
        f"{content}/basics.md:1: learner report #12: [lora] What is LoRA?",
        f"{content}/basics.md:6: learner report #13: Typo in the epoch card",
        "Reports whose card no longer exists:",
        "  #16: [removed-card] A card since removed (card removed-card) "
        "https://github.com/o/r/issues/16",
        "4 learner reports beside their cards, 1 report whose card no longer exists; "
        "2 other issues left out.",
    ]


def test_json_and_github_formats(project: Path) -> None:
    document = json.loads(_run(project, "--format", "json"))
    assert [(r["line"], r["number"], r["card"]) for r in document["reports"]] == [
        (1, 14, "peft"),
        (6, 15, "dropout"),
        (1, 12, "lora"),
        (6, 13, "epoch"),
    ]
    assert [g["number"] for g in document["gone"]] == [16]
    lines = _run(project, "--format", "github").splitlines()
    assert lines[2] == (
        f"::notice file={project}/content/basics.md,line=1,title=learner report #12::"
        "[lora] What is LoRA?"
    )
    assert "learner report #16: [removed-card] A card since removed: card gone" in lines


def test_a_file_that_is_no_export_is_refused(project: Path) -> None:
    (project / "issues.json").write_text('{"not": "a list"}')
    result = CliRunner().invoke(
        main, ["reports", str(project / "issues.json"), str(project / "content")]
    )
    assert result.exit_code == 1
    assert "expected a list of issues" in result.stderr


def test_preview_shows_the_link_on_every_back_and_no_front(project: Path) -> None:
    out = project / "preview"
    result = CliRunner().invoke(main, ["preview", str(project / "content"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    # A page per card: its back, then its front.
    sides = [p.read_text().split('<div id="qa">')[1:] for p in sorted((out / "cards").glob("*"))]
    assert len(sides) == 4
    assert all('<a class="report" href="https://github.com/o/r/issues/new?' in b for b, _ in sides)
    assert not any('class="report"' in front for _, front in sides)
