"""Multiple-choice options: a GitHub task list closing the question (``- [x]`` right)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ankismith.model import Choice
from ankismith.parse.fences import outside_code

_ITEM = re.compile(r"^ {0,3}[-*+][ \t]{1,4}\[(?P<mark>[ xX])\][ \t]+(?P<text>.*)$")


_GLUED = re.compile(r"^ {0,3}[-*+][ \t]{1,4}\[[ xX]\][^ \t]")


def glued_options(lines: Sequence[str]) -> list[tuple[int, str]]:
    """Return (index, message) for each option missing the space after its box (``- [x]a``).

    Lines in fenced code are never options.
    """
    return [
        (
            i,
            f"option '{line.strip()}' needs a space after ']': write "
            f"'{line.strip().replace(']', '] ', 1)}'",
        )
        for i, line in outside_code(lines)
        if _GLUED.match(line)
    ]


def has_task_list(lines: Sequence[str]) -> bool:
    """Return True when a task-list item stands outside code in ``lines``."""
    return _first_item(lines) is not None


def _first_item(lines: Sequence[str]) -> int | None:
    return next((i for i, line in outside_code(lines) if _ITEM.match(line)), None)


def split_choices(lines: Sequence[str]) -> tuple[list[str], list[Choice], int | None]:
    """Split question lines into (lines before the options, options, offset of a stray line).

    Options are the task list from its first item to the end of the question. Each option may
    continue on lines indented under it. The third value is the index of the first line after
    the list that is neither an option nor a continuation (an authoring mistake), else None.
    """
    start = _first_item(lines)
    if start is None:
        return list(lines), [], None
    choices: list[tuple[bool, list[str]]] = []
    for offset, line in enumerate(lines[start:], start=start):
        if match := _ITEM.match(line):
            choices.append((match["mark"] != " ", [match["text"]]))
        elif not line.strip() or line.startswith((" ", "\t")):
            choices[-1][1].append(line)
        else:
            return list(lines[:start]), _finish(choices), offset
    return list(lines[:start]), _finish(choices), None


def _finish(raw: list[tuple[bool, list[str]]]) -> list[Choice]:
    import textwrap  # choice cards only: not loaded by every build

    result = []
    for correct, parts in raw:
        first, rest = parts[0], textwrap.dedent("\n".join(parts[1:])).strip("\n")
        result.append(
            Choice(correct, f"{first}\n{rest}".strip() if rest.strip() else first.strip())
        )
    return result
