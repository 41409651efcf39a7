"""The card count cross-check: the ``## `` headings a file shows, against the cards read. Pure.

The scanner reads a file's structure with care (fences left open, comments left open,
headings without their space), and each of those is an error. This check reads the file
naively, on its own: every line that looks like a card heading, outside front matter, fenced
code and HTML comments, must be where a card was read, and every card must come from such a
line. A file whose parse found no error but disagrees is a card lost or made up without a
word, which must never reach a deck: it is an error at the first line where they part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ankismith.findings import Finding
from ankismith.model import Location
from ankismith.parse.fences import closes, opening
from ankismith.parse.frontmatter import split_front_matter
from ankismith.text import plural

_CARD_HEADING = re.compile(r"^ {0,3}##(?!#)")
_COMMENT_OPEN = re.compile(r"^ {0,3}<!--")
_MATTERS = frozenset("<#`~")


def heading_lines(lines: Sequence[str]) -> list[int]:
    """Return the 1-based numbers of the lines that look like card headings."""
    _, start = split_front_matter(lines)
    body = lines[max(start, 0) :]
    found: list[int] = []
    in_comment = False
    fence: str | None = None
    # As ``outside_code`` reads fences, in one loop: only fence lines, comments and headings
    # matter, and a line outside a comment that starts otherwise is none of them.
    for index, line in enumerate(body):
        if fence is not None:
            if closes(line, fence):
                fence = None
            continue
        if not in_comment and line.lstrip(" ")[:1] not in _MATTERS:
            continue
        if (fence := opening(line)) is not None:
            continue
        if in_comment:
            in_comment = "-->" not in line
        elif _COMMENT_OPEN.match(line):
            in_comment = "-->" not in line[line.index("<!--") + 4 :]
        elif _CARD_HEADING.match(line):
            found.append(max(start, 0) + index + 1)
    return found


def count_check(path: str, lines: Sequence[str], card_lines: Iterable[int]) -> list[Finding]:
    """Return an error where the cards read from ``lines`` part from the headings it shows.

    ``card_lines`` are the heading lines of the cards read. Run it on a file whose parse found
    no error: with one, a card may rightly be left out, and the author fixes that first.
    """
    shown = heading_lines(lines)
    read = sorted(set(card_lines))
    if shown == read:
        return []
    counts = f"the file shows {plural(len(shown), 'card heading')}, {len(read)} read"
    for line in sorted(set(shown) ^ set(read)):
        if line in read:
            message = f"a card was read here, where no card heading is seen ({counts})"
        else:
            message = f"this line looks like a card heading, but no card was read here ({counts})"
        return [Finding(Location(path, line), message)]
    return []  # the same lines, one read twice: not possible, as a set
