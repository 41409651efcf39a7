"""Fenced code blocks, found as CommonMark finds them: the one fence scanner of ankismith.

The parser, the choice options and the ``<script>`` rule all ask it where code is, so a line
that one of them takes for a fence is a fence for all of them. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

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


def _short_close(line: str, fence: str) -> bool:
    """Return True when ``line`` looks meant to close ``fence`` but has two characters only.

    Three or more would be a fence of its own, which code inside a longer fence may show.
    """
    stripped = line.strip()
    return len(line) - len(line.lstrip(" ")) <= 3 and stripped == fence[0] * 2


def short_closes(lines: Sequence[str], start: int, swallows: Callable[[str], bool]) -> set[int]:
    """Return the 1-based numbers of lines that close a fence too short, and so swallow cards.

    A two-character line such as ```` `` ```` inside a ```` ``` ```` fence counts as its
    (wrong) close only when the fence would otherwise take in a line ``swallows`` says is never
    code (a card heading), or run to the end of the file. Scanning starts at index ``start``.
    """
    found: set[int] = set()
    fence: str | None = None
    candidate: int | None = None
    at = start
    while at < len(lines):
        line = lines[at]
        if fence is None:
            fence, candidate = opening(line), None
        elif closes(line, fence):
            fence = None
        elif _short_close(line, fence):
            candidate = at
        elif candidate is not None and swallows(line):
            found.add(candidate + 1)
            fence, at, candidate = None, candidate, None
        at += 1
    if fence is not None and candidate is not None:
        found.add(candidate + 1)
    return found


def outside_code(lines: Sequence[str]) -> Iterator[tuple[int, str]]:
    """Yield ``(index, line)`` for every line that is not fenced code (nor a fence line)."""
    fence: str | None = None
    for index, line in enumerate(lines):
        if fence is not None:
            if closes(line, fence):
                fence = None
        elif (fence := opening(line)) is None:
            yield index, line
