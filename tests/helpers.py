"""Plain helpers the test files share, one copy each (fixtures stay in conftest.py).

Paths and content trees, file digests.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"

DECK_YAML = "name: Test Deck\nid: test-deck\n"
EPOCH = 1700000000
"""The build time tests pin, 2023-11-14 22:13:20 UTC."""

WriteTree = Callable[[Mapping[str, str | bytes]], Path]
"""The type of the ``write_tree`` fixture."""


def write_files(root: Path, files: Mapping[str, str | bytes | None]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root`` (None: left out); return root."""
    root.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        if body is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8", newline="")
    return root


def copy_sample(dest: Path) -> Path:
    """Copy the sample deck (content/) to ``dest``; return dest."""
    return Path(shutil.copytree(SAMPLE, dest))


def sha256(path: str | Path) -> str:
    """Return the SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
