"""The generated release workflow's own commands, run as GitHub would run them, on a real repo.

A deliberate ``card-moved`` release, accepted in deck.yaml, passes the guard step, and the
release notes tell learners what they get; the same move unaccepted fails the guard.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_diff import DAY1, DAY2, move_a_card
from tests.helpers import ROOT, copy_sample, git, init_repo, steps_of

WORKFLOW = ROOT / "src" / "ankismith" / "scaffold" / "project" / "github" / "workflows"
STEPS = {step.get("name"): step for step in steps_of(WORKFLOW / "release.yml")}


def _step(repo: Path, name: str, tag: str) -> subprocess.CompletedProcess[str]:
    """Run the ``run:`` script of step ``name`` with bash, as a GitHub runner does."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "TAG": tag,
        "GITHUB_OUTPUT": os.devnull,
    }
    env.pop("SOURCE_DATE_EPOCH", None)
    script = "set -eo pipefail\n" + STEPS[name]["run"]
    return subprocess.run(
        ["bash", "-c", script], cwd=repo, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(name="released")
def _released(tmp_path: Path) -> Path:
    """Return a project at v2, v2's package downloaded as the previous release (as CI does)."""
    repo = tmp_path / "repo"
    copy_sample(repo / "content")
    init_repo(repo, "v1", when=DAY1)
    (repo / "content" / "practice.md").write_text(
        (repo / "content" / "practice.md").read_text() + "\n"
    )
    git(repo, "commit", "-q", "-am", "v2", when=DAY2)
    git(repo, "tag", "v2")
    bin_ = repo / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "ankismith").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ankismith "$@"\n')
    (bin_ / "ankismith").chmod(0o755)
    (repo / ".git" / "info" / "exclude").write_text(".venv/\nbuild/\nprevious/\n")
    built = _step(repo, "Build the deck at the tagged commit's time", "v2")
    assert built.returncode == 0, built.stderr
    (repo / "build").rename(repo / "previous")
    return repo


def test_an_accepted_move_is_released_with_its_notes(released: Path) -> None:
    move_a_card(released, "v2")
    for name in ("Build the deck at the tagged commit's time", "Release guard"):
        done = _step(released, name, "v3")
        assert done.returncode == 0, done.stdout + done.stderr
    assert "accepted: card 'fine-tuning' moved from deck" in done.stdout
    assert done.stdout.endswith("with 1 change accepted in deck.yaml (release after v2).\n")
    notes = _step(released, "Checksums and release notes", "v3")
    assert notes.returncode == 0, notes.stderr
    text = (released / "release-notes.md").read_text()
    assert text.startswith("Import the .apkg into Anki: your review history is kept.\n")
    assert (
        "### Changes you may need to act on\n\n- Card 'fine-tuning' moved from deck "
        "'Fine-tuning Vocabulary' to 'Fine-tuning Vocabulary::Methods'. Anki does not move a "
        "card you already have: it stays in 'Fine-tuning Vocabulary'"
    ) in text


def test_the_same_move_unaccepted_fails_the_guard(released: Path) -> None:
    move_a_card(released, "v1")  # accepted after v1: void against v2
    assert _step(released, "Build the deck at the tagged commit's time", "v3").returncode == 0
    done = _step(released, "Release guard", "v3")
    assert done.returncode == 1
    assert "problem: card 'fine-tuning' moved from deck" in done.stdout
    assert "the acceptance is void" in done.stdout
    assert done.stderr.endswith("1 change would strand learners\n")
