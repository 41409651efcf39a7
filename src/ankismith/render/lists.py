"""Lists as GitHub reads them: nested by 2 or 4 spaces, and right under a paragraph line.

mdx-truly-sane-lists nests lists indented by 2 spaces (Python-Markdown alone needs 4), and
mdx-breakless-lists lets a list start right under a line of text. A few small adjustments make
them agree with GitHub:

- truly-sane-lists reads a list indented by 4 or more spaces as two levels deep, finds no list
  at the middle level and shows the lines as text; GitHub nests any indentation past the
  parent item's marker one level. An indented run of items is therefore re-indented by
  exactly one step before it is parsed.
- Python-Markdown ends a loose nested list only at a blank line; an item back at the outer
  level ends it too, as on GitHub.
- A numbered list keeps its first number (``3.`` starts at 3), as sane_lists did before.
- breakless-lists runs before code fences are set aside, so it would add a blank line inside
  a fenced block that holds a ``- item`` line; here it runs after them.
"""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as etree

import markdown
from markdown.blockparser import BlockParser
from markdown.extensions import Extension
from mdx_breakless_lists import makeExtension as breakless_lists
from mdx_truly_sane_lists.mdx_truly_sane_lists import (
    TrulySaneListExtension,
    TrulySaneListIndentProcessor,
    TrulySaneOListProcessor,
    TrulySaneUListProcessor,
)

STEP = 2
"""Spaces per level of nesting, as prettier and markdownlint write them."""
_MARKER = re.compile(r"^[ ]*(?:\d+\.|[*+-])[ ]+")
_OUTER_ITEM = re.compile(r"^(?:\d+\.|[*+-])[ ]+")
_INDENTED_ITEM = re.compile(rf"^[ ]{{{STEP},}}(?:\d+\.|[*+-])[ ]+")


def _one_step(chunk: str) -> str:
    """Return an indented run of lines re-indented so its least indented line has STEP spaces."""
    return textwrap.indent(textwrap.dedent(chunk), " " * STEP)


class _NestingMixin:
    """get_items that sees an item indented by STEP or more spaces as one level deeper."""

    def __init__(self, parser: BlockParser) -> None:
        super().__init__(parser)  # type: ignore[call-arg]
        self.INDENT_RE = _INDENTED_ITEM

    def get_items(self, block: str) -> list[str]:
        items: list[str] = super().get_items(block)  # type: ignore[misc]
        return [_one_step(item) if item.startswith(" " * STEP) else item for item in items]


class _OList(_NestingMixin, TrulySaneOListProcessor):  # type: ignore[misc]
    LAZY_OL = False  # `3. three` starts the list at 3, as on GitHub


class _UList(_NestingMixin, TrulySaneUListProcessor):  # type: ignore[misc]
    pass


class _Indent(TrulySaneListIndentProcessor):  # type: ignore[misc]
    """A loose block under a list item: a list in it starts at the item's own level."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        # An item back at the outer level ends the indented block: parse it on its own.
        lines = blocks[0].split("\n")
        for index, line in enumerate(lines[1:], start=1):
            if _OUTER_ITEM.match(line):
                blocks[0:1] = ["\n".join(lines[:index]), "\n".join(lines[index:])]
                break
        super().run(parent, blocks)

    def looseDetab(self, text: str, level: int = 1) -> str:
        detabbed: str = super().looseDetab(text, level)
        return textwrap.dedent(detabbed) if _MARKER.match(detabbed) else detabbed


class GitHubLists(Extension):
    """Register truly-sane and breakless lists, adjusted as the module docstring says."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Install the list processors into ``md``."""
        TrulySaneListExtension(nested_indent=STEP, truly_sane=False).extendMarkdown(md)
        md.parser.blockprocessors.register(_OList(md.parser), "olist", 50)
        md.parser.blockprocessors.register(_UList(md.parser), "ulist", 40)
        md.parser.blockprocessors.register(_Indent(md.parser), "indent", 95)
        breakless_lists().extendMarkdown(md)
        # After pymdownx.superfences (25) has stashed fenced code, before html_block (20).
        md.preprocessors.register(md.preprocessors["breakless_lists"], "breakless_lists", 24)


def makeExtension(**kwargs: object) -> GitHubLists:
    """Return the extension, for ``markdown.Markdown(extensions=[...])`` by module name."""
    return GitHubLists(**kwargs)
