"""The check of what one card file (or the deck description) may hold, before rendering.

Python-Markdown takes time that grows faster than the text for some inputs: lists and quotes
nested deeply, and long runs of unclosed ``[``, ``](``, backslashes, emphasis marks or
backticks in one paragraph. Each limit (its number is in ``ankismith.limits``) is far beyond
what a card needs and keeps the work per paragraph bounded, so the time to build grows in step
with the content. A file past a limit is an error at the line, and is not rendered. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import msgspec

from ankismith import limits
from ankismith.findings import Finding
from ankismith.limits import CODE_BLOCKS, LINE_CHARS, NESTING
from ankismith.model import Location
from ankismith.parse.fences import closes, opening


class Run(msgspec.Struct, frozen=True):
    """A delimiter that may appear only so many times in one paragraph."""

    name: str
    """What the author sees in the message."""
    limit: int
    """Most occurrences in one paragraph."""


UNCLOSED_BRACKETS = Run("unclosed '['", limits.UNCLOSED_BRACKETS)
UNCLOSED_LINKS = Run("unclosed '](' (a link without its ')')", limits.UNCLOSED_LINKS)
RUNS = {
    "\\": Run("backslashes", limits.BACKSLASHES),
    "*_": Run("'*' and '_'", limits.EMPHASIS_MARKS),
    "`": Run("backticks", limits.BACKTICKS),
}
_QUOTE = re.compile(r"^(?: {0,3}>)+")
_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_LIMIT = "limit"


def nesting(line: str) -> int:
    """Return how deep a line is nested: quote markers, plus list indentation in steps of 2."""
    quote = _QUOTE.match(line)
    depth = quote.group().count(">") if quote else 0
    rest = line[quote.end() :] if quote else line
    item = _LIST_ITEM.match(rest)
    if item:
        depth += len(item.group(1).expandtabs(4)) // 2 + 1
    return depth


def _paragraphs(lines: Sequence[str], fenced: bool) -> Iterator[tuple[int, list[str]]]:
    """Yield (index of first line, lines) of each run of non-blank lines outside fenced code.

    ``fenced``: whether any line may open a fence (False when the text holds no ``` or ~~~).
    """
    start, block, fence = 0, list[str](), None
    for index, line in enumerate(lines):
        if fence is not None:
            fence = None if closes(line, fence) else fence
            continue
        if fenced:
            fence = opening(line)
        if fence is not None or not line.strip():
            if block:
                yield start, block
            block = []
            continue
        if not block:
            start = index
        block.append(line)
    if block:
        yield start, block


def _may_fence(text: str) -> bool:
    """Return False when no line of ``text`` can open a code fence."""
    return "```" in text or "~~~" in text


def _suspects(text: str) -> frozenset[str]:
    """Return the names of the runs a paragraph of ``text`` might hold too many of.

    A paragraph holds no more of a character than the whole text, and no more unclosed '['
    or '](' than '['; a run the whole text stays within needs no count per paragraph.
    """
    found = [run for chars, run in RUNS.items() if sum(text.count(c) for c in chars) > run.limit]
    if text.count("[") > min(UNCLOSED_BRACKETS.limit, UNCLOSED_LINKS.limit):
        found += [UNCLOSED_BRACKETS, UNCLOSED_LINKS]
    return frozenset(run.name for run in found)


def _unclosed(text: str) -> tuple[int, int]:
    """Return how many '[' and '](' of ``text`` are never closed."""
    brackets = links = 0
    if "[" not in text:
        return 0, 0
    for index, char in enumerate(text):
        if char == "[":
            brackets += 1
        elif char == "]" and brackets:
            brackets -= 1
            links += text.startswith("(", index + 1)
        elif char == ")" and links:
            links -= 1
    return brackets, links


def _paragraph_problems(text: str, suspects: frozenset[str]) -> Iterator[tuple[Run, str]]:
    counts = []
    if UNCLOSED_BRACKETS.name in suspects:
        brackets, links = _unclosed(text)
        counts += [(UNCLOSED_BRACKETS, brackets), (UNCLOSED_LINKS, links)]
    for chars, run in RUNS.items():
        if run.name in suspects:
            counts.append((run, sum(text.count(c) for c in chars)))
    for run, count in counts:
        if count > run.limit:
            yield (
                run,
                (
                    f"{count} {run.name} in one paragraph, more than {run.limit}; split it or put "
                    "it in a code block"
                ),
            )


def _nested_deep(text: str) -> bool:
    """Return False when no line of ``text`` can be nested deeper than ``NESTING``.

    A line's depth counts its quote markers, one per ``>``, and its list indentation, at most
    two per character (a tab is four columns, two a step): at most twice the length of its run
    of spaces, tabs and ``>`` before the marker, plus one for the item.
    """
    return _DEEP_PREFIX.search("\n" + text) is not None


_DEEP_PREFIX = re.compile(rf"\n[ \t>]{{{NESTING // 2}}}")


def _chunks_within(text: str, suspects: frozenset[str]) -> bool:
    """Return True when no paragraph of ``text`` can hold more of a suspect run than allowed.

    Paragraphs never cross an empty line, so each lies within one piece of ``text`` split at
    empty lines; a piece within every limit holds no paragraph past one.
    """
    runs = [(chars, run.limit) for chars, run in RUNS.items() if run.name in suspects]
    if UNCLOSED_BRACKETS.name in suspects:
        runs.append(("[", min(UNCLOSED_BRACKETS.limit, UNCLOSED_LINKS.limit)))
    shortest = min(limit for _, limit in runs)
    for chunk in text.split("\n\n"):
        if len(chunk) <= shortest:
            continue  # too short to hold more of anything than a limit
        for chars, limit in runs:
            if sum(map(chunk.count, chars)) > limit:
                return False
    return True


def text_limits(lines: Sequence[str], path: str, first_line: int = 1) -> list[Finding]:
    """Return a finding for the first place in ``lines`` past each limit (none: fine).

    Each limit is first checked over the whole text at once (the longest line, a long run of
    indentation, the fences, each delimiter's count); only a text that may be past one is
    read line by line and paragraph by paragraph.
    """
    found: dict[str, Finding] = {}

    def report(kind: str, index: int, message: str) -> None:
        found.setdefault(kind, Finding(Location(path, first_line + index), message, _LIMIT))

    text = "\n".join(lines)
    fenced = _may_fence(text)
    long = max(map(len, lines), default=0) > LINE_CHARS
    deep = _nested_deep(text)
    # Each fence line holds a ``` or ~~~ of its own.
    many = fenced and text.count("```") + text.count("~~~") > CODE_BLOCKS * 2
    blocks = 0
    for index, line in enumerate(lines) if long or deep or many else ():
        if len(line) > LINE_CHARS:
            report("line", index, f"line of {len(line)} characters, more than {LINE_CHARS}")
        if line.lstrip()[:1] in ">-*+0123456789" and (depth := nesting(line)) > NESTING:
            message = f"lists or quotes nested {depth} deep, more than {NESTING}; flatten them"
            report("nesting", index, message)
        if fenced and opening(line) is not None:
            blocks += 1
            if blocks > CODE_BLOCKS * 2:  # an opening and a closing line per block
                report("fences", index, f"more than {CODE_BLOCKS} code blocks; split the file")
    suspects = _suspects(text)
    if suspects and _chunks_within(text, suspects):
        suspects = frozenset()
    for start, block in _paragraphs(lines, fenced) if suspects else ():
        for run, problem in _paragraph_problems("\n".join(block), suspects):
            report(run.name, start, problem)
    return sorted(found.values(), key=lambda f: f.location.line)
