"""Shared fixtures: throwaway content trees and a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"

DECK_YAML = "name: Test Deck\nid: test-deck\n"

WriteTree = Callable[[Mapping[str, str | bytes]], Path]

# Property-based tests: a few examples in `make test`, thousands in `make fuzz`
# (HYPOTHESIS_PROFILE=fuzz). Builds take milliseconds each, so no per-example deadline.
for _name, _examples in (("quick", 60), ("fuzz", 10_000)):
    settings.register_profile(
        _name,
        max_examples=_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


@pytest.fixture(name="write_tree")
def _write_tree(tmp_path: Path) -> WriteTree:
    """Return a function that materialises ``{relative path: text}`` under tmp_path/content."""

    def write(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "content"
        for name, body in {"deck.yaml": DECK_YAML, **files}.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(body, bytes):
                path.write_bytes(body)
            else:
                path.write_text(body, encoding="utf-8", newline="")
        return root

    return write


@pytest.fixture(name="runner")
def _runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(name="epoch", autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> int:
    """Pin the build time so builds in tests are reproducible and need no git."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return 1700000000
