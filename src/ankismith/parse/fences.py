"""Fenced code blocks, found as CommonMark finds them: the one fence scanner of ankismith.

The parser, the choice options and the ``<script>`` rule all ask it where code is, so a line
that one of them takes for a fence is a fence for all of them. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Sequence

_OPENING = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_MARKS = ("`", "~", "#")
"""How every fence line and every heading starts, after its spaces."""


def opening(line: str) -> str | None:
    """Return the fence ``line`` opens (three or more backticks or tildes), or None.

    Up to three spaces may come first. The info string of a backtick fence may not hold a
    backtick: "```a`b" is a line of text with a code span, not a fence.
    """
    if "`" not in line[:4] and "~" not in line[:4]:
        return None  # the first character of a fence comes after at most three spaces
    match = _OPENING.match(line)
    if match is None or (match["fence"][0] == "`" and "`" in match["info"]):
        return None
    return match["fence"]


def closes(line: str, fence: str) -> bool:
    """Return True when ``line`` closes a code fence opened with ``fence``."""
    if fence[0] not in line[:4]:
        return False
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


def _clean_from(
    lines: Sequence[str], start: int, swallows: Callable[[str], bool], budget: list[int]
) -> bool:
    """Return True when every fence from index ``start`` on closes and holds only code.

    Only code: no line ``swallows`` says is never code, and no opening line with an info
    string (```` ```python ````), which in a fence paired as written is where another block
    starts. ``budget`` is the number of lines left to scan (shared, so a file of many fences
    is read a bounded number of times); once spent, the answer is False.
    """
    fence: str | None = None
    for at in range(start, len(lines)):
        budget[0] -= 1
        if budget[0] < 0:
            return False
        line = lines[at]
        if line.lstrip(" ")[:1] not in _MARKS:
            continue
        if fence is None:
            fence = opening(line)
        elif closes(line, fence):
            fence = None
        elif swallows(line) or ((opened := opening(line)) and _opens_inside(line, opened, fence)):
            return False
    return fence is None


def runaway_fences(
    lines: Sequence[str],
    start: int,
    swallows: Callable[[str], bool],
    short: Collection[int] = (),
) -> dict[int, tuple[int, int]]:
    """Return the fences left open by mistake that a later fence line closes, by opening line.

    Each value is ``(stop, close)``: the 1-based line the fence runs over though it cannot be
    meant as its code, and the line that closes it as written. The file is then read as if the
    fence closed just above ``stop``. A fence runs over ``stop`` when that line:

    - opens a fence of the same character, with an info string (```` ```bash ```` inside a
      ```` ``` ```` fence), in a fence that also runs over a heading: it cannot close the
      fence, and code rarely shows an opening line without its close (a fence shown inside
      code takes a longer fence around it); or
    - is a line ``swallows`` says is never code (a card or section heading), coming before any
      fence line of the code's own, and the file read as if the fence closed above it pairs
      every later fence with code only: what a missing closing fence looks like. A fence that
      shows a card in Markdown (whose close is followed by the card's own ``### Answer``) does
      not pair so, and stays code.

    ``short`` are the lines of ``short_closes``; scanning starts at index ``start``.
    """
    found: dict[int, tuple[int, int]] = {}
    budget = [4 * len(lines) + 10_000]
    fence: str | None = None
    opened_at = stop = inner = 0
    nested = False
    at = start
    while at < len(lines):
        line = lines[at]
        if line.lstrip(" ")[:1] not in _MARKS and at + 1 not in short:
            at += 1  # neither a fence line nor a heading: nothing to see
            continue
        if fence is None:
            fence = opening(line)
            opened_at, stop, inner, nested = at, -1, -1, False
        elif closes(line, fence) or at + 1 in short:
            fence = None
            if stop >= 0 and not nested and _clean_from(lines, stop, swallows, budget):
                found[opened_at + 1] = (stop + 1, at + 1)
                at = stop  # read on from the heading, as if the fence closed above it
                continue
            if inner >= 0 and stop >= 0:
                found[opened_at + 1] = (inner + 1, at + 1)
                at = inner  # read on from the other fence, as if this one closed above it
                continue
        elif (other := opening(line)) is not None:
            nested = nested or stop < 0
            if inner < 0 and _opens_inside(line, other, fence):
                inner = at
        elif stop < 0 and swallows(line):
            stop = at
        at += 1
    return found


def _opens_inside(line: str, opened: str, fence: str) -> bool:
    """Return True when ``line`` (opening ``opened``) opens a fence inside ``fence``'s code."""
    return opened[0] == fence[0] and len(opened) >= len(fence) and line.strip() != opened


def outside_code(lines: Sequence[str]) -> Iterator[tuple[int, str]]:
    """Yield ``(index, line)`` for every line that is not fenced code (nor a fence line)."""
    fence: str | None = None
    for index, line in enumerate(lines):
        if fence is not None:
            if closes(line, fence):
                fence = None
        elif (fence := opening(line)) is None:
            yield index, line
