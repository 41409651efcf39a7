"""Converted Markdown, line by line: what a card file or Markdown would read as structure.

Pure helpers for ``blocks.py``, ``convert.py`` and ``cards.py``: which lines open a block, the
fence a code block needs, markup that must go on line by line, and the escapes a text needs
where a line starts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ankismith.parse.fences import closes, opening

_BACKTICKS = re.compile(r"`+")
# Where a line starts: '#' (Python-Markdown needs no space after it), and a rule or a list item
# markdownify misses on the line after one it escaped; and '$' (math) anywhere.
_STRUCTURE = re.compile(
    r"^(?P<lead>[ \t]*)(?:(?P<mark>#|-+(?=\s|$))|(?P<number>[0-9]{1,9})(?=[.)](?:\s|$)))|\$",
    re.MULTILINE,
)
EMPTY_LINE = "<span></span>"
"""Raw HTML that shows nothing: stands where Markdown needs text before a block, or between
two code spans."""
EMPTY_BLOCK = "<div></div>"
"""Raw HTML that shows nothing and is a block: a card heading when the question starts with a
block of its own (a code block, a list, a table), which a heading cannot hold."""
BLOCKS_IN_CODE = frozenset(
    {
        "blockquote",
        "ul",
        "ol",
        "li",
        "hr",
        "table",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
"""Blocks Markdown code cannot hold: inside ``<pre>`` or ``<code>`` their text is kept alone."""
# Breaks that open or close a table cell's text (blocks in a cell stand between breaks).
EDGE_BREAKS = re.compile(r"^(?:\s|<br>)+|(?:\s|<br>)+$")
LIST_ITEM = re.compile(r"^(?:[-+*]|[0-9]{1,9}[.)]) ")
_BLOCK_START = re.compile(r"^(?:[-+*] |[0-9]{1,9}[.)] |[>|#]|\$\$|<details|<div)")


_BOLD = {"b", "strong"}
_ITALIC = {"i", "em"}
SAME = {"b": _BOLD, "strong": _BOLD, "i": _ITALIC, "em": _ITALIC}


_TILDES = re.compile(r"~+")
# A line the card scanner could read as a card or section heading, whatever the indent a list
# item gives it.
_HEADING_LIKE = re.compile(r"^\s*#{2,3}(?:[ \t]|$)")


def fence_for(code: str) -> str:
    """Return a fence longer than any run of its character in ``code`` (three at least).

    Backticks, unless the code's own fence lines leave a backtick fence open: the closing
    fence would close that one too if the build read the fence as left open by mistake above a
    heading in the code (``parse.fences.runaway_fences``), so tildes stand around it instead.
    """
    dangling: str | None = None
    heading_first = False  # a heading before the code's first fence line
    for line in code.split("\n"):
        if dangling is None:
            heading_first = heading_first or bool(_HEADING_LIKE.match(line))
            dangling = opening(line)
        elif closes(line, dangling):
            dangling = None
    tildes = heading_first and dangling is not None and dangling[0] == "`"
    char, runs = ("~", _TILDES) if tildes else ("`", _BACKTICKS)
    longest = max((len(run) for run in runs.findall(code)), default=0)
    return char * max(3, longest + 1)


def starts_block(line: str) -> bool:
    """Return True when ``line`` of converted Markdown opens a block other than a paragraph.

    Converted text never does: its ``-``, ``1.``, ``>``, ``|``, ``#`` and ``$`` are escaped.
    """
    return bool(opening(line) or _BLOCK_START.match(line))


_CODE = ("code", "pre", "samp")
BLOCK_TAGS = ["ul", "ol", "pre", "table", "blockquote"]
# What a list right after (in a list item) is set apart from by a blank line.
AFTER_BLOCK = {*BLOCK_TAGS, "br", "hr", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6"}


def code_follows(el: Any) -> bool:
    """Return True when the text right after ``el`` (in document order) is code too."""
    node = el
    while node is not None and node.next_sibling is None:
        node = node.parent
    after: Any = node.next_sibling if node is not None else None
    if after is None:
        return False
    leaf: Any = after if isinstance(after, str) else after.find(string=True)
    while leaf is not None and leaf is not after.parent:
        if getattr(leaf, "name", None) in _CODE:
            return True
        leaf = leaf.parent
    return False


def text_follows(el: Any) -> bool:
    """Return True when something other than white space follows ``el`` in its parent."""
    return any(str(after).strip() for after in el.next_siblings)


def holds_block(text: str) -> bool:
    """Return True when converted Markdown ``text`` is more than lines of one paragraph."""
    lines = text.strip("\n").split("\n")
    blank = len(lines) > 1 and any(not line.strip() for line in lines)
    return blank or any(starts_block(line) for line in lines)


def per_line(text: str, wrap: Callable[[str], str]) -> str:
    """Return ``text`` with ``wrap`` around each line's text apart, a closing ``<br>`` outside.

    Markup that spans lines would break where a card file splits a question's first line off
    as its heading; wrapped line by line it shows the same.
    """
    lines = []
    for line in text.split("\n"):
        body = line.removesuffix("<br>")
        lines.append((wrap(body) if body.strip() else body) + line[len(body) :])
    return "\n".join(lines)


def escape_line_starts(text: str) -> str:
    """Return escaped text with what markdownify leaves where a line starts, and '$', escaped."""
    return _STRUCTURE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    """Return a match of ``_STRUCTURE`` escaped: a backslash before it, or after a number."""
    if match["number"]:
        return f"{match['lead']}{match['number']}\\"
    return f"{match['lead']}\\{match['mark']}" if match["mark"] else "\\$"
