"""Where Anki keeps a profile's collection."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankismith.errors import BuildError
from ankismith.sync.profile import anki_base, profile_collection


def test_the_base_folder_on_each_system() -> None:
    env = {"HOME": "/home/a", "APPDATA": "C:/Users/a/AppData/Roaming"}
    assert anki_base(env, "linux") == Path("/home/a/.local/share/Anki2")
    assert anki_base(env, "darwin") == Path("/home/a/Library/Application Support/Anki2")
    assert anki_base(env, "win32") == Path("C:/Users/a/AppData/Roaming/Anki2")


def test_the_only_profile_or_the_named_one(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path)}
    base = tmp_path / ".local/share/Anki2"
    (base / "User 1").mkdir(parents=True)
    (base / "User 1/collection.anki2").write_bytes(b"")
    assert profile_collection(None, env, "linux") == base / "User 1/collection.anki2"
    (base / "Work").mkdir()
    (base / "Work/collection.anki2").write_bytes(b"")
    with pytest.raises(BuildError, match="several profiles"):
        profile_collection(None, env, "linux")
    assert profile_collection("Work", env, "linux") == base / "Work/collection.anki2"
    with pytest.raises(BuildError, match="no such Anki profile"):
        profile_collection("Home", env, "linux")
