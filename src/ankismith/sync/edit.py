"""Rewrite one field of one card in a card file's text, leaving every other byte as it was.

A field is the question (the ``## `` heading's text and the lines under it before the first
section) or a ``### `` section's lines. Blank lines around it, comments, the card's metadata,
other cards and the file's line endings stay as they were. Pure.
"""

from __future__ import annotations

import re

from ankismith.importing.structure import EMPTY_BLOCK, starts_block
from ankismith.sync.fields import QUESTION

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SECTION = re.compile(r"^###[ \t]+(.*?)[ \t#]*$")
_COMMENT_OPEN = re.compile(r"^\s*<!--")
_OPTION = re.compile(r"^ {0,3}[-*+][ \t]{1,4}\[[ xX]\]")
"""A multiple-choice option (parse/choices.py): the task list that closes a question."""


def _ending(lines: list[str]) -> str:
    for line in lines:
        if line.endswith("\r\n"):
            return "\r\n"
        if line.endswith("\n"):
            return "\n"
    return "\n"


def _sections(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    """Return each ``### `` heading between ``start`` and ``end`` outside code fences."""
    found: list[tuple[int, str]] = []
    fence = ""
    for index in range(start, end):
        line = lines[index].rstrip("\r\n")
        if match := _FENCE.match(line):
            mark = match.group(1)
            if not fence:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip()[len(mark) :]:
                fence = ""
            continue
        if not fence and (match := _SECTION.match(line)):
            found.append((index, match.group(1).strip()))
    return found


def _body(lines: list[str], start: int, end: int) -> tuple[int, int]:
    """Return the lines from ``start`` to ``end`` without the blank lines around them."""
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return start, end


def _skip_meta(lines: list[str], index: int, end: int) -> int:
    """Return the index after the card's metadata comment (and blank lines) that may open it."""
    probe = index
    while probe < end and not lines[probe].strip():
        probe += 1
    if probe < end and _COMMENT_OPEN.match(lines[probe]):
        while probe < end and "-->" not in lines[probe]:
            probe += 1
        return probe + 1
    return index


def field_line(text: str, heading: int, end: int | None, section: str) -> int:
    """Return the 1-based line where ``section`` of the card at line ``heading`` stands."""
    lines = text.splitlines(keepends=True)
    stop = len(lines) if end is None else end - 1
    for index, name in _sections(lines, heading, stop):
        if section != QUESTION and name == section:
            return index + 1
    return heading


def replace_field(
    text: str,
    heading: int,
    end: int | None,
    section: str,
    markdown: str,
    first: bool = False,
    choices: bool = False,
) -> str:
    """Return ``text`` with ``section`` of the card at line ``heading`` holding ``markdown``.

    ``end`` is the line of the next card's heading in the file, None for the last card. A
    section the card lacks is added at its end; ``first`` says the field may also be the
    heading (a custom note type's first field, filled by the heading when no section does);
    ``choices`` that the question ends at its options (a multiple-choice card).
    """
    lines = text.splitlines(keepends=True)
    eol = _ending(lines)
    stop = len(lines) if end is None else end - 1
    start = heading  # index of the line after the heading
    sections = _sections(lines, start, stop)
    new = markdown.split("\n") if markdown else []
    named = [i for i, (_, name) in enumerate(sections) if section != QUESTION and name == section]
    if named:
        at = named[0]
        begin = sections[at][0] + 1
        finish = sections[at + 1][0] if at + 1 < len(sections) else stop
        body_start, body_end = _body(lines, begin, finish)
        if body_start == body_end:  # an empty section: a blank line, then the text
            body = [eol, *(line + eol for line in new)] if new else []
            lines[begin:begin] = body
        else:
            lines[body_start:body_end] = [line + eol for line in new]
        return "".join(lines)
    if section != QUESTION and not first:
        # A field the card left empty: a new section at the card's end.
        _, last = _body(lines, start, stop)
        add = [eol, f"### {section}{eol}", eol, *(line + eol for line in new)]
        if last and not lines[last - 1].endswith(("\n", "\r")):
            lines[last - 1] += eol
        lines[last:last] = add
        return "".join(lines)
    if new and starts_block(new[0]):
        new = [EMPTY_BLOCK, *new]
    title = new[0] if new else "(empty)"
    old = lines[heading - 1]
    ending = old[len(old.rstrip("\r\n")) :]
    lines[heading - 1] = f"## {title}{ending}"
    after_meta = _skip_meta(lines, start, stop)
    finish = sections[0][0] if sections else stop
    if choices:
        finish = next((i for i in range(after_meta, finish) if _OPTION.match(lines[i])), finish)
    body_start, body_end = _body(lines, after_meta, finish)
    rest = new[1:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    if body_start == body_end:
        if rest:
            lines[after_meta:after_meta] = [eol, *(line + eol for line in rest)]
    else:
        lines[body_start:body_end] = [line + eol for line in rest]
    return "".join(lines)
