"""Fenced code blocks, found as CommonMark finds them: the one fence scanner of ankismith.

The parser, the choice options and the ``<script>`` rule all ask it where code is, so a line
that one of them takes for a fence is a fence for all of them. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_OPENING = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def opening(line: str) -> str | None:
    """Return the fence ``line`` opens (three or more backticks or tildes), or None.

    Up to three spaces may come first. The info string of a backtick fence may not hold a
    backtick: "```a`b" is a line of text with a code span, not a fence.
    """
    match = _OPENING.match(line)
    if match is None or (match["fence"][0] == "`" and "`" in match["info"]):
        return None
    return match["fence"]


def closes(line: str, fence: str) -> bool:
    """Return True when ``line`` closes a code fence opened with ``fence``."""
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and len(stripped) >= len(fence)
        and set(stripped) == {fence[0]}
    )


def short_close(line: str, fence: str) -> bool:
    """Return True when ``line`` looks meant to close ``fence`` but has two characters only.

    Three or more would be a fence of its own, which code inside a longer fence may show.
    """
    stripped = line.strip()
    return len(line) - len(line.lstrip(" ")) <= 3 and stripped == fence[0] * 2


def outside_code(lines: Sequence[str]) -> Iterator[tuple[int, str]]:
    """Yield ``(index, line)`` for every line that is not fenced code (nor a fence line)."""
    fence: str | None = None
    for index, line in enumerate(lines):
        if fence is not None:
            if closes(line, fence):
                fence = None
        elif (fence := opening(line)) is None:
            yield index, line
