"""What markdownify must be taught about a card file's structure: code blocks and line starts.

A card file is read twice: line by line for its cards (``## `` starts one, ``### `` a section,
a fence hides both) and as Markdown by the build. markdownify writes Markdown for a document of
its own, so this mix-in (before ``markdownify.MarkdownConverter``, in convert.py) keeps what it
writes inside the field it came from:

- a ``<pre>`` is fenced with more backticks than its code holds, so no line of the code closes
  the fence early; in a table cell or a heading, where a block cannot stand, it is one code span
  per line joined by ``<br>``, indents kept by a ``white-space: pre`` span; inside other code it
  is just its text;
- a list item that starts with a code block has its bullet on a line of its own (an empty
  ``<span></span>``), so the fence opens a line, where both readers see it;
- ``<code>`` never spans lines (HTML shows its line breaks as spaces);
- a list or a rule in a table cell, which Markdown cannot hold, becomes lines (and is reported:
  the converter has a ``problems`` list);
- text escapes what Python-Markdown would read as a heading (``#tag``) or as math (``$x$``).
"""

from __future__ import annotations

import re
from typing import Any

from ankismith.parse.fences import opening

# What the methods below extend: markdownify's converter, whose type hints cover its functions,
# not its overridable methods.
_Markdownify: Any = object
_BACKTICKS = re.compile(r"`+")
# '#' where a line starts (Python-Markdown needs no space after it) and '$' (math) anywhere.
_STRUCTURE = re.compile(r"(?<![^\n])#|\$")
_INDENT = re.compile(r"^[ \t]*")
EMPTY_LINE = "<span></span>"
"""Raw HTML that shows nothing: stands where Markdown needs text before a block."""
EMPTY_BLOCK = "<div></div>"
"""Raw HTML that shows nothing and is a block: a card heading when the question starts with a
block of its own (a code block, a list, a table), which a heading cannot hold."""
BLOCKS_IN_CODE = frozenset(
    {"blockquote", "ul", "ol", "li", "hr", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
)
"""Blocks Markdown code cannot hold: inside ``<pre>`` or ``<code>`` their text is kept alone."""
_BLOCK_START = re.compile(r"^(?:[-+*] |[0-9]{1,9}[.)] |[>|#]|\$\$|<details|<div)")


def fence_for(code: str) -> str:
    """Return a backtick fence longer than any run of backticks in ``code`` (three at least)."""
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    return "`" * max(3, longest + 1)


def starts_block(line: str) -> bool:
    """Return True when ``line`` of converted Markdown opens a block other than a paragraph.

    Converted text never does: its ``-``, ``1.``, ``>``, ``|``, ``#`` and ``$`` are escaped.
    """
    return bool(opening(line) or _BLOCK_START.match(line))


class BlockSafe(_Markdownify):  # type: ignore[misc]
    """Methods for a markdownify converter: code blocks and text keep to their field."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = str(super().escape(text, parent_tags))
        return _STRUCTURE.sub(lambda m: "\\" + m.group(), text)

    def convert_pre(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:  # inside <pre> or <code> already: its text is code
            return text
        fenced = str(super().convert_pre(el, text, parent_tags))  # "\n\n```\n<code>\n```\n\n"
        if not fenced:
            return ""
        code = fenced[fenced.index("\n", 2) + 1 : fenced.rindex("\n```")]
        if "_inline" in parent_tags:  # a table cell or heading holds one line
            return "<br>".join(self._code_line(el, line) for line in code.split("\n"))
        fence = fence_for(code)
        return f"\n\n{fence}\n{code}\n{fence}\n\n"

    def _code_line(self, el: Any, line: str) -> str:
        """Return one line of code as a code span, after its indent (which a span would lose)."""
        indent = _INDENT.match(line)
        width = len(indent.group().expandtabs(4)) if indent else 0
        kept = f'<span style="white-space: pre">{" " * width}</span>' if width else ""
        return kept + (str(super().convert_code(el, line.strip(), set())) if line.strip() else "")

    def convert_code(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_noformat" not in parent_tags:
            text = text.replace("\n", " ")
        return str(super().convert_code(el, text, parent_tags))

    def convert_list(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:  # a table cell: a line for each item, no bullet
            self.problems.append("a list in a table cell cannot be kept; its items became lines")
            return text.removesuffix("<br>")
        return str(super().convert_list(el, text, parent_tags))

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_hr(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            self.problems.append("a rule (<hr>) in a table cell cannot be kept; it became a break")
            return "<br>"
        return str(super().convert_hr(el, text, parent_tags))

    def convert_li(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return f"{text.strip()}<br>"
        if opening(text.strip().partition("\n")[0]):
            text = f"{EMPTY_LINE}\n{text.strip()}"
        return str(super().convert_li(el, text, parent_tags))
