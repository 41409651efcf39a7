"""Python-Markdown as ankismith sets it up: its extensions, raw HTML, media and code spans.

Imported only when a field is not simple (``simple_html`` in ``render/fields.py``), so a
rebuild whose changed fields are all simple loads neither Python-Markdown nor Pygments.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

import markdown
from markdown.treeprocessors import Treeprocessor

from ankismith.content.media import is_sound
from ankismith.render.highlight import reuse_pygments
from ankismith.render.inline import use_skipping_inline
from ankismith.sanitize.raw import allow_raw_html

_AFTER_CODE_RUN = re.compile(r"""[,.;:!?)\]}"'\u2019\u201d\u00bb\u2026]+""")
"""Punctuation written right after a code span, which stays on the code's line."""
NOBR = "nobr"
"""The class of a span holding a code span and the punctuation right after it together."""

Resolve = Callable[[str], str | None]
"""Return the packaged name of a media reference (None: not bundled), recording problems."""


def new_markdown(
    resolve: Resolve, extensions: Sequence[str], configs: Mapping[str, dict[str, Any]]
) -> markdown.Markdown:
    """Return Python-Markdown with ``extensions`` set up by ``configs``, and ankismith's own.

    ``resolve`` names the media that images and sound links point at (``Renderer.resolve``).
    """
    reuse_pygments()
    md = markdown.Markdown(
        extensions=list(extensions),
        extension_configs=dict(configs),
        output_format="html",
    )
    # Raw HTML as GitHub allows it (<kbd>, <sub>, <details> ...); other tags show as text.
    allow_raw_html(md, resolve)
    md.treeprocessors.register(_MediaRewriter(md, resolve), "ankismith_media", 5)
    md.treeprocessors.register(_CodeKeepsItsPunctuation(md), "ankismith_code_tail", 4)
    use_skipping_inline(md)
    return md


def names_file(label: str | None, href: str) -> bool:
    """Return True when a link's label is the name of the file it links (``[a.mp3](x/a.mp3)``)."""
    return bool(label) and label == PurePosixPath(unquote(href)).name


class _MediaRewriter(Treeprocessor):
    """Point <img src> and sound links at bundled, content-hashed files; record bad ones."""

    def __init__(self, md: markdown.Markdown, resolve: Resolve) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                if element.tag == "img":
                    name = self.resolve(element.get("src", ""))
                    if name:
                        element.set("src", name)
                elif element.tag == "a" and is_sound(element.get("href", "")):
                    href = element.get("href", "")
                    name = self.resolve(href)
                    sound = etree.Element("span", {"class": "sound"})
                    # A label that is the file's own name stands for Anki's play button alone.
                    label = "" if len(element) == 0 and names_file(element.text, href) else None
                    label = element.text or "" if label is None else label
                    sound.text = f"{label} [sound:{name}]" if name else element.text
                    sound.tail = element.tail
                    parent.remove(element)
                    parent.insert(index, sound)


class _CodeKeepsItsPunctuation(Treeprocessor):
    """Hold a code span and the punctuation right after it together: ``<span class="nobr">``.

    Inline code is an inline block (a span too long for the line scrolls on its own), and
    Chromium, which Anki's and AnkiDroid's cards run in, may break a line between such a box
    and the comma after it; the span's ``white-space: nowrap`` (style.css) forbids that break.
    """

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            if parent.tag == "pre":
                continue
            for index, element in enumerate(list(parent)):
                if element.tag != "code" or not element.tail:
                    continue
                if (after := _AFTER_CODE_RUN.match(element.tail)) is None:
                    continue
                span = etree.Element("span", {"class": NOBR})
                span.tail = element.tail[after.end() :]
                element.tail = after.group()
                parent.remove(element)
                span.append(element)
                parent.insert(index, span)
