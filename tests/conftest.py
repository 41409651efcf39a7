"""Shared fixtures: throwaway content trees, a CLI runner, a pinned build time.

Plain helper functions and constants are in helpers.py; those that need Anki in helpers_anki.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from tests.helpers import DECK_YAML, EPOCH, WriteTree, write_files

# Property-based tests: a few examples in `make test`, thousands in `make fuzz`
# (HYPOTHESIS_PROFILE=fuzz). Builds take milliseconds each, so no per-example deadline.
# `make test` draws the same examples on every run, so a commit passes or fails the same way
# everywhere; `make fuzz` draws new ones each time to find what those miss.
for _name, _examples, _fixed in (("quick", 60, True), ("fuzz", 10_000, False)):
    settings.register_profile(
        _name,
        max_examples=_examples,
        deadline=None,
        derandomize=_fixed,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


@pytest.fixture(name="write_tree")
def _write_tree(tmp_path: Path) -> WriteTree:
    """Return a function that materialises ``{relative path: text}`` under tmp_path/content."""

    def write(files: Mapping[str, str | bytes]) -> Path:
        return write_files(tmp_path / "content", {"deck.yaml": DECK_YAML, **files})

    return write


@pytest.fixture(name="runner")
def _runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(name="epoch", autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> int:
    """Pin the build time so builds in tests are reproducible and need no git."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    return EPOCH


SUMMARY = pytest.StashKey[list[str]]()


@pytest.fixture(name="summary")
def _summary(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Return a function that adds a line to the summary printed at the end of the run."""
    return request.config.stash.setdefault(SUMMARY, []).append


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print the lines tests added with the ``summary`` fixture (such as the GitHub parity)."""
    for line in config.stash.get(SUMMARY, []):
        terminalreporter.write_line(line)
