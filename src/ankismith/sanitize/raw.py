"""Raw HTML in Markdown, as GitHub allows it: allowlisted tags pass, every other tag is text.

Python-Markdown passes any raw HTML through. Here only the tags in ``policy.RAW_TAGS`` are
raw HTML (``<kbd>``, ``<sub>``, ``<details>`` ...): ``Vec<String>``, ``<b>`` or ``<script>``
stay visible as text, as before. Code spans and blocks are untouched: Markdown escapes them.
What a raw tag carries (attributes, URLs, styles) is then cleaned by the output sanitiser.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import markdown
from markdown.inlinepatterns import HtmlInlineProcessor
from markdown.postprocessors import Postprocessor

from ankismith.sanitize.html5 import parse
from ankismith.sanitize.policy import RAW_TAGS

_NAMES = "|".join(sorted(RAW_TAGS, key=len, reverse=True))
RAW_HTML = (
    rf"(</?(?i:{_NAMES})(?![\w-])"
    r"""(?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>)"""
)
"""One allowlisted start or end tag, with its attributes (Python-Markdown's HTML_RE, narrowed)."""

_BLOCK_TAGS = ("details", "summary", "div")

Resolve = Callable[[str], "str | None"]
"""Turns an image reference into the name of the bundled file (None: not bundled)."""


def _attributes(tag: str) -> tuple[tuple[str, str], ...]:
    """Return the attributes of one start tag, as a browser reads them."""
    element = next((n for n in parse(tag) if n.kind == "element"), None)
    return element.attributes if element is not None else ()


class _RawImages(Postprocessor):
    """Point a raw ``<img src>`` at its bundled file, as Markdown images are."""

    def __init__(self, md: markdown.Markdown, resolve: Resolve) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if not isinstance(block, str) or block[:4].lower() != "<img":
                continue
            attrs = [
                (k, self.resolve(v) or v if k == "src" and v else v) for k, v in _attributes(block)
            ]
            shown = "".join(f' {k}="{html.escape(v)}"' for k, v in attrs)
            blocks[index] = f"<img{shown}>"
        return text


class _UnwrapBlocks(Postprocessor):
    """Drop the paragraph Markdown puts around a line that starts with a block-level raw tag.

    ``<summary>Hint</summary>`` on a line of its own must be the first child of ``<details>``,
    not inside a ``<p>``, or browsers show their default label.
    """

    def run(self, text: str) -> str:
        for tag in _BLOCK_TAGS:
            text = text.replace(f"<p><{tag}", f"<{tag}").replace(f"</{tag}></p>", f"</{tag}>")
        return text


def allow_raw_html(md: markdown.Markdown, resolve: Resolve) -> None:
    """Make ``md`` treat allowlisted tags as HTML and every other tag as text.

    ``resolve`` is asked for the bundled name of every raw image's ``src``.
    """
    md.preprocessors.deregister("html_block")
    if "html" in md.inlinePatterns:
        md.inlinePatterns.deregister("html")
    md.inlinePatterns.register(HtmlInlineProcessor(RAW_HTML, md), "html", 90)
    md.postprocessors.register(_RawImages(md, resolve), "ankismith_raw_images", 40)
    md.postprocessors.register(_UnwrapBlocks(md), "ankismith_unwrap_blocks", 5)
