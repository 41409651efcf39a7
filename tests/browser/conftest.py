"""A real headless Chromium (Debian's, never a downloaded one) driven by Playwright.

Where Chromium is missing and we run as root, it is installed with apt-get. Where that is not
possible, every browser test is skipped with the reason, never passed silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ankismith.cli import main
from tests.helpers import ROOT, SAMPLE

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "build" / "test-artifacts"
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every browser test ``slow``: starting Chromium alone takes seconds."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.slow)


def _install_chromium() -> str | None:
    """Return why Chromium is unavailable, installing it first where we can."""
    if os.path.exists(CHROMIUM):
        return None
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return (
            f"{CHROMIUM} is missing and cannot be installed here (apt-get install chromium as root)"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
            subprocess.run(command, check=True, capture_output=True, timeout=900, env=env)
    except (subprocess.SubprocessError, OSError) as error:
        return f"installing Chromium with apt-get failed: {error}"
    return None if os.path.exists(CHROMIUM) else f"apt-get ran but {CHROMIUM} is still missing"


@pytest.fixture(name="browser", scope="session")
def _browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    reason = _install_chromium()
    if reason:
        pytest.skip(reason)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(name="site", scope="session")
def _site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("preview") / "site"
    result = CliRunner().invoke(main, ["preview", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(name="artifacts", scope="session")
def _artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
