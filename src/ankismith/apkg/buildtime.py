"""The build time: note and note-type mtime, and zip entry dates.

Anki updates a note only when the incoming mtime is newer than the learner's copy, so the time
must grow with every release and be the same for two builds of one commit:
``SOURCE_DATE_EPOCH`` if set, else the last commit time of the content, else now (with a notice).
Note types take the later of that and ``LAYOUT_CHANGED``, so a new ankismith version whose
templates or CSS changed reaches learners even when the content has no new commit.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path

from ankismith.errors import BuildError
from ankismith.git import is_shallow, last_commit_time, repository_state, uncommitted

# Zip dates cannot precede 1980; Anki ids derive from the time too. Refuse anything earlier.
EARLIEST = 315532800
# Nor can they go past 2107 (a 7-bit year from 1980).
LATEST = 4354819199
# When what our note types ship last changed (their templates, stylesheet, code colours and label
# translations, as assembled): bump it to the current time with every such change.
# tests/cli/test_buildtime.py keeps their digest and fails, saying so, until it is bumped.
# A note type added anew (image occlusion) changes the digest but not LAYOUT_CHANGED: no learner
# has it yet, and the others' text is as it was.
LAYOUT_CHANGED = 1796555400  # 2026-12-06 11:10:00 UTC
LAYOUT_DIGEST = "90edd3a348314dcd91bd4830c66b663c7e10e7088e28e588735cd641921813eb"


SHALLOW = (
    "this clone is shallow: the last commit that touched the content may be missing from it, "
    "and so may the tags, so the build time and the version can differ from a full clone's and "
    "the package from its bytes; fetch the whole history (git fetch --unshallow --tags, or "
    "fetch-depth: 0 in actions/checkout)"
)
"""The notice for a build in a shallow clone (the default of GitHub's checkout action)."""


def layout_time(build_time: int) -> int:
    """Return the note types' modification time: the later of the build time and LAYOUT_CHANGED.

    Byte-reproducible (a constant and the build time), and past any release built before this
    version's templates were written, so learners get the new layout on their next import.
    """
    return max(build_time, LAYOUT_CHANGED)


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
    if committed is not None and is_shallow(content_dir):
        return committed, SHALLOW
    if committed is not None:
        return committed, None
    where = {
        "none": "content is not in a git repository",
        "empty": "the git repository has no commit yet",
        "committed": "no commit holds the content yet",
    }[repository_state(content_dir)]
    notice = (
        f"{where} and SOURCE_DATE_EPOCH is unset: using the current time, so this build is "
        "not reproducible"
    )
    if not where.startswith("content is not"):
        notice += "; once the content is committed, a build is dated by its last commit"
    return int(time.time()), notice


def undelivered(content_dir: Path, environ: Mapping[str, str]) -> list[str]:
    """Warn about each uncommitted file under ``content_dir`` when the build time is a commit's.

    The build is then dated by the last commit: learners who have a build of that commit get
    none of these changes, because Anki skips notes that are not newer.
    """
    if "SOURCE_DATE_EPOCH" in environ:
        return []
    committed = last_commit_time(content_dir)
    if committed is None:
        return []
    stamp = datetime.fromtimestamp(committed, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return [
        f"{content_dir / name}: warning: not committed, but this build is dated by the last "
        f"commit ({stamp}): learners who have that commit's build will not get this change. "
        "Commit it, then build."
        for name in uncommitted(content_dir)
    ]
