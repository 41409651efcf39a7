"""The build time: note and note-type mtime, and zip entry dates.

Anki updates a note only when the incoming mtime is newer than the learner's copy, so the time
must grow with every release and be the same for two builds of one commit:
``SOURCE_DATE_EPOCH`` if set, else the last commit time of the content, else now (with a notice).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from ankismith.errors import BuildError
from ankismith.git import last_commit_time

# Zip dates cannot precede 1980; Anki ids derive from the time too. Refuse anything earlier.
EARLIEST = 315532800
# Nor can they go past 2107 (a 7-bit year from 1980).
LATEST = 4354819199


def from_epoch(value: str) -> int:
    """Parse ``SOURCE_DATE_EPOCH``; a malformed value is an error, never silently ignored."""
    try:
        seconds = int(value.strip())
    except ValueError:
        raise BuildError(f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds") from None
    if seconds < EARLIEST:
        raise BuildError(f"SOURCE_DATE_EPOCH={seconds} is before 1980; zip files cannot hold it")
    if seconds > LATEST:
        raise BuildError(f"SOURCE_DATE_EPOCH={seconds} is after 2107; zip files cannot hold it")
    return seconds


def resolve_build_time(content_dir: Path, environ: Mapping[str, str]) -> tuple[int, str | None]:
    """Return the build time in seconds and a notice when it had to fall back to the clock."""
    if "SOURCE_DATE_EPOCH" in environ:
        return from_epoch(environ["SOURCE_DATE_EPOCH"]), None
    committed = last_commit_time(content_dir)
    if committed is not None and not EARLIEST <= committed <= LATEST:
        raise BuildError(
            f"{content_dir}: its last commit is dated {committed} seconds after 1970, outside "
            "1980 to 2107 that zip files can hold; set SOURCE_DATE_EPOCH to the release time"
        )
    if committed is not None:
        return committed, None
    notice = (
        "content is not in a git repository and SOURCE_DATE_EPOCH is unset: "
        "using the current time, so this build is not reproducible"
    )
    return int(time.time()), notice
