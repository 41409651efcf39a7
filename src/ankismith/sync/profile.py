"""Where Anki desktop keeps a profile's collection, on Linux, macOS and Windows."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from ankismith.errors import BuildError


def anki_base(environ: Mapping[str, str], platform: str = sys.platform) -> Path:
    """Return Anki's base folder (``Anki2``) where the desktop app keeps every profile."""
    home = Path(environ.get("HOME") or Path.home())
    if platform.startswith("win"):
        return Path(environ.get("APPDATA") or home / "AppData" / "Roaming") / "Anki2"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "Anki2"
    data = environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return Path(data) / "Anki2"


def profile_collection(
    profile: str | None, environ: Mapping[str, str], platform: str = sys.platform
) -> Path:
    """Return the collection file of ``profile`` (or of the only profile there is)."""
    base = anki_base(environ, platform)
    profiles = sorted(
        p.name for p in base.glob("*") if p.is_dir() and (p / "collection.anki2").is_file()
    )
    if profile is None:
        if len(profiles) == 1:
            profile = profiles[0]
        elif not profiles:
            raise BuildError(f"{base}: no Anki profile found; name a file with --collection")
        else:
            raise BuildError(
                f"{base} holds several profiles ({', '.join(profiles)}): choose one with --profile"
            )
    path = base / profile / "collection.anki2"
    if not path.is_file():
        found = ", ".join(profiles) or "none"
        raise BuildError(f"{path}: no such Anki profile (profiles: {found})")
    return path
