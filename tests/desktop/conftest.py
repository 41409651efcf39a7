"""Real Anki desktop, headless, with the AnkiConnect add-on: started once per test session.

The add-on is the unmodified test fixture in ``../shared/vendor/anki-connect`` (GPL, never
shipped). Anki listens on a free port of its own, with an API key, so a test never reaches an
Anki the machine's user runs; it is stopped by its process id when the session ends, whatever
happened, and when it does not answer in time.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT

ADDON = Path("shared", "vendor", "anki-connect", "plugin")
"""Where the add-on is, beside the project (or one folder up, from a worktree)."""
KEY = "ankismith-tests"
START = 120
"""Seconds Anki may take to answer (about 5 to 30 on these machines)."""
PROFILE = """\
import sys
from aqt.profiles import ProfileManager
pm = ProfileManager(ProfileManager.get_created_base_folder(sys.argv[1]))
pm.setupMeta(); pm.create("test"); pm.load("test")
pm.set_last_loaded_profile_name("test"); pm.meta["firstRun"] = False
pm.setLang("en_US"); pm.save()
"""
RUN = 'import aqt, sys; sys.argv = ["anki", "-b", sys.argv[1], "-p", "test"]; aqt.run()'


def _addon() -> Path:
    for candidate in (
        Path(os.environ.get("ANKISMITH_ANKI_CONNECT", "/nonexistent")),
        ROOT.parent / ADDON,
        ROOT.parent.parent / ADDON,
    ):
        if (candidate / "__init__.py").is_file():
            return candidate
    pytest.skip("the AnkiConnect add-on (set ANKISMITH_ANKI_CONNECT to its plugin/ folder)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def call(url: str, action: str, key: str | None = KEY, **params: Any) -> Any:
    """Run one AnkiConnect action; return its result, raising on its error."""
    body = {"action": action, "version": 6, "params": params, "key": key}
    request = urllib.request.Request(url, json.dumps(body).encode())
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    if answer["error"] is not None:
        raise RuntimeError(answer["error"])
    return answer["result"]


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


@pytest.fixture(name="anki_desktop", scope="session")
def _anki_desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start Anki desktop with AnkiConnect; yield its URL; always stop it."""
    pytest.importorskip("aqt", reason="Anki desktop: pip install 'aqt[qt6]' (the test extra)")
    base = tmp_path_factory.mktemp("anki-desktop")
    plugin = base / "addons21" / "AnkiConnect"
    shutil.copytree(_addon(), plugin)
    port = _free_port()
    config = json.loads((plugin / "config.json").read_text(encoding="utf-8"))
    config.update(webBindPort=port, apiKey=KEY)
    (plugin / "meta.json").write_text(json.dumps({"config": config}), encoding="utf-8")
    subprocess.run([sys.executable, "-c", PROFILE, str(base)], check=True, timeout=120)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",
    }
    url = f"http://127.0.0.1:{port}"
    log = (base / "anki.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-c", RUN, str(base)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + START
        while True:
            try:
                if call(url, "version") == 6:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (base / "anki.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"Anki desktop did not answer on {url}:\n{tail}")
            time.sleep(0.5)
        yield url
    finally:
        _stop(process)
        log.close()
