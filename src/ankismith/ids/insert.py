"""Write ids into a card file's text, changing as few bytes as possible. Pure: text in, text out."""

from __future__ import annotations

import re
from collections.abc import Mapping

_LINE_END = re.compile(r"(\r\n|\r|\n)")
_EMPTY_ID = re.compile(r"(?i)(^|<!--|;)([ \t]*)id[ \t]*:(?=[ \t]*(?:;|-->|$))")


def _fill_empty_id(lines: list[str], start: int, card_id: str) -> bool:
    """Fill in an ``id:`` key left empty in the comment starting at ``start``."""
    for index in range(start, len(lines)):
        new, count = _EMPTY_ID.subn(rf"\g<1>\g<2>id: {card_id}", lines[index], count=1)
        if count:
            lines[index] = new
            return True
        if "-->" in lines[index]:
            return False
    return False


def insert_ids(
    text: str, ids: Mapping[int, str], metadata: Mapping[int, int]
) -> tuple[str, list[tuple[int, str]]]:
    """Write ``ids`` (by 1-based heading line) into ``text``; return it and each id's new line.

    ``metadata`` maps a heading line to the line of that card's metadata comment, as the
    parser found it (``Card.meta_line``); cards without one are absent.

    An existing metadata comment gets ``id: …;`` at its start; otherwise a ``<!-- id: … -->``
    line goes right under the heading. Line endings (the file's first one is used for new
    lines) and every other byte stay as they were.
    """
    parts = _LINE_END.split(text)
    lines, ends = parts[0::2], [*parts[1::2], ""]
    newline = ends[0] or "\n"
    written: list[tuple[int, str]] = []
    shift = 0  # lines inserted so far
    for heading_line in sorted(ids):
        card_id, heading = ids[heading_line], heading_line - 1 + shift
        meta = metadata[heading_line] - 1 + shift if heading_line in metadata else None
        if meta is None:
            meta = heading + 1
            ends[heading] = ends[heading] or newline
            lines.insert(meta, f"<!-- id: {card_id} -->")
            ends.insert(meta, newline if meta < len(ends) else "")
            shift += 1
        elif not _fill_empty_id(lines, meta, card_id):
            opener = lines[meta].index("<!--") + 4
            rest = lines[meta][opener:]
            if not rest.strip():
                meta += 1
                lines.insert(meta, f"id: {card_id}")
                ends.insert(meta, newline)
                shift += 1
            else:
                opener += rest.startswith(" ")
                line = lines[meta]
                lines[meta] = f"{line[:opener]}id: {card_id}; {line[opener:]}"
        written.append((meta + 1, card_id))
    return "".join(line + end for line, end in zip(lines, ends, strict=True)), written


_NAME_KEY = re.compile(r"^name[ \t]*:")


def insert_deck_id(text: str, deck_id: str) -> tuple[str, int]:
    """Write ``id: deck_id`` into deck.yaml text under its ``name:`` line; return it, the line.

    Without a top-level ``name:`` line the id goes first. Other bytes stay as they were.
    """
    parts = _LINE_END.split(text)
    lines, ends = parts[0::2], [*parts[1::2], ""]
    newline = next((end for end in ends if end), "\n")
    at = next((i + 1 for i, line in enumerate(lines) if _NAME_KEY.match(line)), 0)
    if at and not ends[at - 1]:
        ends[at - 1] = newline
    lines.insert(at, f"id: {deck_id}")
    ends.insert(at, newline if at < len(ends) else "")
    return "".join(line + end for line, end in zip(lines, ends, strict=True)), at + 1
