"""Python-Markdown's inline stage, skipping the patterns a piece of text cannot match.

Python-Markdown tries each of its inline patterns (code spans, links, emphasis, math, bare
links...) on every piece of text, one after the other, even on text without a single character
the pattern needs. Most pieces of card text need three or four of our eighteen patterns. This
stage is Python-Markdown's own, with one test before each pattern: a pattern whose characters
the text does not hold cannot match, so it is not tried. The output is the same, character for
character (the parity and golden tests compare it with GitHub's and with stored HTML).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import markdown
from markdown import util
from markdown.treeprocessors import InlineProcessor

NEEDS: dict[str, str] = {
    "backtick": "`",
    "arithmatex-inline": r"[$\\]",
    "escape": r"\\",
    "reference": r"\[",
    "link": r"\[",
    "image_link": "!",
    "image_reference": "!",
    "short_reference": r"\[",
    "short_image_ref": "!",
    "autolink": "<",
    "automail": "<",
    "linebreak": "  \n",
    "html": "<",
    "magic-link": r"(?i)://|www\.",
    "magic-mail": "@",
    "entity": "&",
    "em_strong": "[*_]",
    "delimiter": "~",
}
"""Inline pattern name -> what a text must contain for that pattern to match it.

Each is implied by the pattern's own regular expression; a pattern not named here is always
tried. tests/unit/render/test_render_inline.py checks every entry against the pattern it names.
"""

Test = Callable[[str], Any]


class SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's ``InlineProcessor``, trying only the patterns a text could match."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._tests: dict[int, Test] = {}
        for name, needs in NEEDS.items():
            if name in md.inlinePatterns:
                self._tests[id(md.inlinePatterns[name])] = re.compile(needs).search
        self._patterns: list[tuple[Any, Test | None]] = []

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        """Run the inline stage over ``tree``, as Python-Markdown's own does."""
        if len(self._patterns) != len(self.md.inlinePatterns):  # listed once: it is costly
            self._patterns = [(p, self._tests.get(id(p))) for p in self.md.inlinePatterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # Python-Markdown's __handleInline, with the test; the names are its own.
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start, count, patterns = 0, len(self._patterns), self._patterns
        while patternIndex < count:
            pattern, test = patterns[patternIndex]
            if test is not None and not test(data):
                patternIndex, start = patternIndex + 1, 0
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def use_skipping_inline(md: markdown.Markdown) -> None:
    """Replace ``md``'s inline stage with the skipping one (after every extension is loaded)."""
    md.treeprocessors.register(SkippingInlineProcessor(md), "inline", 20)
