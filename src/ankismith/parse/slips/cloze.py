"""Near-miss cloze deletions: one colon, one brace, number 0, never closed. Pure.

Anki turns only ``{{cN::text}}`` (N from 1) into a deletion; anything close to it shows its
braces to learners and never becomes a card, so each near miss is an error at its own line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ankismith.parse.cloze import CLOZE_OPEN

_OPEN = re.compile(r"\{\{c(\d+)::")
_TOKEN = re.compile(rf"{CLOZE_OPEN.pattern}|\}}\}}")
_ONE_COLON = re.compile(r"\{\{c(\d+):(?!:)([^{}\n]*)(\}\})?")
_ONE_BRACE = re.compile(r"(?<!\{)\{c(\d+)::([^{}\n]*)(\}\}?)?")
# Shown text of a deletion in a message is cut to this many characters.
SHOWN = 30


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def cloze_slips(lines: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """Return (line, message) for every malformed deletion in a cloze card's question lines."""
    text = "\n".join(line for _, line in lines)
    starts = [0]
    for _, line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def line_of(offset: int) -> int:
        return lines[bisect.bisect_right(starts, offset) - 1][0]

    found: list[tuple[int, str]] = []  # (offset, message)
    for m in _ONE_COLON.finditer(text):
        message = (
            f"cloze deletion '{_cut(m.group())}' has one colon, so learners see its braces "
            f"and never get its card c{m[1]}: write '{{{{c{m[1]}::{_cut(m[2])}}}}}'"
        )
        found.append((m.start(), message))
    for m in _ONE_BRACE.finditer(text):
        message = (
            f"cloze deletion '{_cut(m.group())}' opens with one brace, so learners see its "
            f"braces: write '{{{{c{m[1]}::{_cut(m[2])}}}}}'"
        )
        found.append((m.start(), message))
    for m in _OPEN.finditer(text):
        if int(m[1][:6]) == 0:
            end = text.find("}}", m.end())
            shown = _cut(text[m.start() : end + 2] if end >= 0 else m.group())
            message = (
                f"cloze deletion '{shown}' is numbered {m[1]}: Anki counts deletions "
                "from c1, so it never becomes a card; number it from c1"
            )
            found.append((m.start(), message))
    stack: list[re.Match[str]] = []
    for token in _TOKEN.finditer(text):
        if token.group() == "}}":
            if stack:
                stack.pop()
        else:
            stack.append(token)
    for opened in stack:
        shown = _cut(text[opened.start() :].split("\n", 1)[0])
        message = (
            f"cloze deletion '{shown}' is never closed with '}}}}': write "
            f"'{opened.group()}…}}}}' around the hidden text"
        )
        found.append((opened.start(), message))
    return [(line_of(offset), message) for offset, message in sorted(found)]
