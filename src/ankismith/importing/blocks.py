"""What markdownify must be taught about a card file's structure: code blocks and line starts.

A card file is read twice: line by line for its cards (``## `` starts one, ``### `` a section,
a fence hides both) and as Markdown by the build. markdownify writes Markdown for a document of
its own, so this mix-in (before ``markdownify.MarkdownConverter``, in convert.py) keeps what it
writes inside the field it came from:

- a ``<pre>`` is fenced with more backticks than its code holds, so no line of the code closes
  the fence early; in a table cell or a heading, where a block cannot stand, it is one code span
  per line joined by ``<br>``, indents kept by a ``white-space: pre`` span; inside other code it
  is just its text;
- a list item that starts with a block (code, a list, a quote) has its bullet on a line of its
  own (an empty ``<span></span>``), so the fence opens a line, where both readers see it;
- a quote, or a list right after a list, has a blank line before it, or it would be read as
  more of what stands above it;
- ``<code>`` never spans lines (HTML shows its line breaks as spaces), and code right after
  code is kept apart (two code spans side by side would read as one);
- emphasis or a link over several lines is written line by line; around a block
  (``<b><pre>``), which Markdown cannot write, it is left out and reported: its text stays;
- a list, a table or a rule in a table cell, which Markdown cannot hold, becomes lines (and is
  reported: the converter has a ``problems`` list);
- bold inside bold (italic inside italic) is written once: ``****`` would show as text;
- text escapes what Python-Markdown would read as a heading (``#tag``) or as math (``$x$``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ankismith.parse.fences import opening

# What the methods below extend: markdownify's converter, whose type hints cover its functions,
# not its overridable methods.
_Markdownify: Any = object
_BACKTICKS = re.compile(r"`+")
# Where a line starts: '#' (Python-Markdown needs no space after it), and a rule or a list item
# markdownify misses on the line after one it escaped; and '$' (math) anywhere.
_STRUCTURE = re.compile(
    r"^(?P<lead>[ \t]*)(?:(?P<mark>#|-+(?=\s|$))|(?P<number>[0-9]{1,9})(?=[.)](?:\s|$)))|\$",
    re.MULTILINE,
)
_INDENT = re.compile(r"^[ \t]*")
EMPTY_LINE = "<span></span>"
"""Raw HTML that shows nothing: stands where Markdown needs text before a block, or between
two code spans."""
EMPTY_BLOCK = "<div></div>"
"""Raw HTML that shows nothing and is a block: a card heading when the question starts with a
block of its own (a code block, a list, a table), which a heading cannot hold."""
BLOCKS_IN_CODE = frozenset(
    {"blockquote", "ul", "ol", "li", "hr", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5",
     "h6"}
)
"""Blocks Markdown code cannot hold: inside ``<pre>`` or ``<code>`` their text is kept alone."""
# Breaks that open or close a table cell's text (blocks in a cell stand between breaks).
_EDGE_BREAKS = re.compile(r"^(?:\s|<br>)+|(?:\s|<br>)+$")
_LIST_ITEM = re.compile(r"^(?:[-+*]|[0-9]{1,9}[.)]) ")
_BLOCK_START = re.compile(r"^(?:[-+*] |[0-9]{1,9}[.)] |[>|#]|\$\$|<details|<div)")


_BOLD = {"b", "strong"}
_ITALIC = {"i", "em"}
_SAME = {"b": _BOLD, "strong": _BOLD, "i": _ITALIC, "em": _ITALIC}


def fence_for(code: str) -> str:
    """Return a backtick fence longer than any run of backticks in ``code`` (three at least)."""
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    return "`" * max(3, longest + 1)


def starts_block(line: str) -> bool:
    """Return True when ``line`` of converted Markdown opens a block other than a paragraph.

    Converted text never does: its ``-``, ``1.``, ``>``, ``|``, ``#`` and ``$`` are escaped.
    """
    return bool(opening(line) or _BLOCK_START.match(line))


_CODE = ("code", "pre", "samp")
_BLOCK_TAGS = ["ul", "ol", "pre", "table", "blockquote"]
# What a list right after (in a list item) is set apart from by a blank line.
_AFTER_BLOCK = {*_BLOCK_TAGS, "br", "hr", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6"}


def _code_follows(el: Any) -> bool:
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


def _text_follows(el: Any) -> bool:
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


def _escaped(match: re.Match[str]) -> str:
    """Return a match of ``_STRUCTURE`` escaped: a backslash before it, or after a number."""
    if match["number"]:
        return f"{match['lead']}{match['number']}\\"
    return f"{match['lead']}\\{match['mark']}" if match["mark"] else "\\$"


class BlockSafe(_Markdownify):  # type: ignore[misc]
    """Methods for a markdownify converter: code blocks and text keep to their field."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = str(super().escape(text, parent_tags))
        return _STRUCTURE.sub(_escaped, text)

    def markup(self, name: str, text: str, wrap: Callable[[str], str]) -> str:
        """Return ``text`` with ``wrap`` around each line; around a block, not at all (reported)."""
        if holds_block(text):
            self.problems.append(f"<{name}> around a block cannot be kept; its text was kept")
            return text
        return wrap(text) if "\n" not in text.strip("\n") else per_line(text.strip("\n"), wrap)

    def _around(self, convert: Any, el: Any, text: str, parent_tags: set[str]) -> str:
        """Return ``text`` in the inline markup markdownify's ``convert`` writes."""
        if "_noformat" in parent_tags:
            return str(convert(el, text, parent_tags))
        if parent_tags & _SAME.get(el.name, set()):  # already bold (or italic) there
            return text
        return self.markup(el.name, text, lambda line: str(convert(el, line, parent_tags)))

    def convert_b(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return self._around(super().convert_b, el, text, parent_tags)

    def convert_strong(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return self._around(super().convert_strong, el, text, parent_tags)

    def convert_i(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return self._around(super().convert_i, el, text, parent_tags)

    def convert_em(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return self._around(super().convert_em, el, text, parent_tags)

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return self._around(super().convert_a, el, text, parent_tags)

    def convert_pre(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:  # inside <pre> or <code> already: its text is code
            return text
        fenced = str(super().convert_pre(el, text, parent_tags))  # "\n\n```\n<code>\n```\n\n"
        if not fenced:
            return ""
        code = fenced[fenced.index("\n", 2) + 1 : fenced.rindex("\n```")]
        if "_inline" in parent_tags:  # a table cell or heading holds one line
            # Breaks around it as around a block: no code span runs on into another.
            return "<br>" + "".join(f"{self._code_line(el, line)}<br>" for line in code.split("\n"))
        fence = fence_for(code)
        return f"\n\n{fence}\n{code}\n{fence}\n\n"

    def _code_line(self, el: Any, line: str) -> str:
        """Return one line of code as a code span, after its indent (which a span would lose)."""
        indent = _INDENT.match(line)
        width = len(indent.group().expandtabs(4)) if indent else 0
        kept = f'<span style="white-space: pre">{" " * width}</span>' if width else ""
        return kept + (str(super().convert_code(el, line.strip(), set())) if line.strip() else "")

    def convert_code(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return str(super().convert_code(el, text, parent_tags))
        span = str(super().convert_code(el, text.replace("\n", " "), parent_tags))
        # Two code spans side by side would read as one with backticks in it.
        return span + EMPTY_LINE if span and _code_follows(el) else span

    def convert_list(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:  # a table cell: a line for each item, no bullet
            self.problems.append("a list in a table cell cannot be kept; its items became lines")
            return f"<br>{text}"
        written = str(super().convert_list(el, text, parent_tags))
        if "li" in parent_tags and _text_follows(el):
            written += "\n\n"  # what follows a list in a list item is not part of its last item
        before = el.find_previous_sibling()
        after_block = before is not None and (
            before.name in _AFTER_BLOCK or before.find(_BLOCK_TAGS) is not None
        )
        if "li" in parent_tags and (after_block or "blockquote" in parent_tags):
            return "\n" + written  # a blank line: a list of its own, not more of the one above
        return written

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_hr(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            self.problems.append("a rule (<hr>) in a table cell cannot be kept; it became a break")
            return "<br>"
        return str(super().convert_hr(el, text, parent_tags))

    def convert_blockquote(self, el: Any, text: str, parent_tags: set[str]) -> str:
        written = str(super().convert_blockquote(el, text, parent_tags))
        # Python-Markdown reads a quote right under a line of text as more of that text.
        return written if "_inline" in parent_tags else "\n" + written

    def convert_table(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:  # in a table cell or a heading: a line for each row
            self.problems.append("a table in a table cell cannot be kept; its rows became lines")
            return f"<br>{text.strip()}"
        return str(super().convert_table(el, text, parent_tags))

    def convert_tr(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return f"{text.strip()}<br>"
        return str(super().convert_tr(el, text, parent_tags))

    def convert_td(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return f"{text.strip()} "
        return str(super().convert_td(el, _EDGE_BREAKS.sub("", text), parent_tags))

    def convert_th(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return f"{text.strip()} "
        return str(super().convert_th(el, _EDGE_BREAKS.sub("", text), parent_tags))

    def convert_li(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return f"{text.strip()}<br>"
        first = text.strip().partition("\n")[0]
        if starts_block(first):  # a fence or a list may follow at once, others after a blank line
            tight = opening(first) or _LIST_ITEM.match(first)
            text = f"{EMPTY_LINE}\n{'' if tight else chr(10)}{text.strip()}"
        written = str(super().convert_li(el, text, parent_tags))
        before = el.find_previous_sibling("li")
        if before is not None and before.find(_BLOCK_TAGS) is not None:
            # After an item holding a block, the build may read the next one as more of it.
            return "\n\n" + written
        return written
