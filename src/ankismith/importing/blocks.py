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

from ankismith.importing.structure import (
    AFTER_BLOCK,
    BLOCK_TAGS,
    EDGE_BREAKS,
    EMPTY_LINE,
    LIST_ITEM,
    SAME,
    code_follows,
    escape_line_starts,
    fence_for,
    holds_block,
    per_line,
    starts_block,
    text_follows,
)
from ankismith.parse.fences import opening

# What the methods below extend: markdownify's converter, whose type hints cover its functions,
# not its overridable methods.
_Markdownify: Any = object
_INDENT = re.compile(r"^[ \t]*")


class BlockSafe(_Markdownify):  # type: ignore[misc]
    """Methods for a markdownify converter: code blocks and text keep to their field."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = str(super().escape(text, parent_tags))
        return escape_line_starts(text)

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
        if parent_tags & SAME.get(el.name, set()):  # already bold (or italic) there
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
            # On a line of its own, as a browser shows it: markdownify took the space before.
            return ("\n" if el.previous_sibling else "") + text + "\n"
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
        return span + EMPTY_LINE if span and code_follows(el) else span

    def convert_list(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:  # a table cell: a line for each item, no bullet
            self.problems.append("a list in a table cell cannot be kept; its items became lines")
            return f"<br>{text}"
        written = str(super().convert_list(el, text, parent_tags))
        if "li" in parent_tags and text_follows(el):
            written += "\n\n"  # what follows a list in a list item is not part of its last item
        before = el.find_previous_sibling()
        after_block = before is not None and (
            before.name in AFTER_BLOCK or before.find(BLOCK_TAGS) is not None
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
        return str(super().convert_td(el, EDGE_BREAKS.sub("", text), parent_tags))

    def convert_th(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return f"{text.strip()} "
        return str(super().convert_th(el, EDGE_BREAKS.sub("", text), parent_tags))

    def convert_li(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:
            return f"{text.strip()}<br>"
        first = text.strip().partition("\n")[0]
        if starts_block(first):  # a fence or a list may follow at once, others after a blank line
            tight = opening(first) or LIST_ITEM.match(first)
            text = EMPTY_LINE + ("\n" if tight else "\n\n") + text.strip()
        written = str(super().convert_li(el, text, parent_tags))
        before = el.find_previous_sibling("li")
        if before is not None and before.find(BLOCK_TAGS) is not None:
            # After an item holding a block, the build may read the next one as more of it.
            return "\n\n" + written
        return written
