"""HTML parsed as a browser parses it (html5lib, the HTML standard's algorithm), as a flat list.

Everything that judges HTML reaching a card (templates, overrides, what Anki renders) reads it
through ``parse``: comments closed early (``<!-->``, ``--!>``), raw-text elements (``<xmp>``,
``<noscript>`` with scripting on, as in Anki's web view), attributes split by an unquoted
value, a tag left open at the end: each comes out exactly as Chromium builds it. This is the one
module that imports html5lib.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import msgspec

from ankismith.limits import HTML_DEPTH

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

_HTML = "{http://www.w3.org/1999/xhtml}"


class Node(msgspec.Struct, frozen=True):
    """One element, comment or run of text, in document order."""

    kind: str
    """``element``, ``comment`` or ``text``."""
    name: str
    """The element's name (lower case; ``svg:svg`` or ``math:math`` outside HTML), else ''."""
    attributes: tuple[tuple[str, str], ...]
    """The element's attributes as the browser reads them, entities decoded, in order."""
    text: str
    """A comment's or a text run's text."""
    line: int
    """The line the node ends on (an element: the line of its start tag's ``>``)."""
    ancestors: tuple[str, ...]
    """Names of the elements around it, outermost first."""


class TooDeep(ValueError):
    """HTML nested deeper than ``limits.HTML_DEPTH``: not judged, refused."""


@functools.cache
def _builder() -> Any:
    """Return html5lib's ElementTree builder that notes lines, made on first use.

    html5lib is imported when HTML is first parsed: a build whose fields need no judging
    never imports it.
    """
    import xml.etree.ElementTree as ET  # with html5lib: only when HTML is parsed

    import html5lib

    base: Any = html5lib.getTreeBuilder("etree", ET)

    class Builder(base):  # type: ignore[misc]
        """html5lib's ElementTree builder, noting the line each element and comment is made on."""

        where: Callable[[], int] = staticmethod(lambda: 0)

        def __init__(self, namespaceHTMLElements: bool) -> None:
            super().__init__(namespaceHTMLElements)
            self.lines: dict[int, int] = {}
            builder = self
            element_class: Any = getattr(self, "elementClass")  # noqa: B009 (untyped base)
            comment_class: Any = getattr(self, "commentClass")  # noqa: B009

            def element(name: str, namespace: str | None = None) -> Any:
                # Checked as elements open: past the limit html5lib's work per tag grows with the
                # depth, so the parse stops here rather than after.
                if len(builder.openElements) > HTML_DEPTH:
                    raise TooDeep(
                        f"elements nested more than {HTML_DEPTH} deep (line {builder.where()})"
                    )
                made = element_class(name, namespace)
                builder.lines[id(made._element)] = builder.where()
                return made

            def comment(data: str) -> Any:
                made = comment_class(data)
                builder.lines[id(made._element)] = builder.where()
                return made

            self.elementClass, self.commentClass = element, comment

    return Builder


_PREFIXES = {
    "http://www.w3.org/2000/svg": "svg:",
    "http://www.w3.org/1998/Math/MathML": "math:",
}


def _name(tag: str) -> str:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        if namespace == _HTML[1:-1]:
            return local
        return _PREFIXES.get(namespace, "other:") + local
    return tag


def parse(html: str) -> list[Node]:
    """Return every node of ``html`` read as the content of a ``<div>``, as Chromium reads it.

    Raises ``TooDeep`` past ``limits.HTML_DEPTH`` nested elements.
    """
    import html5lib

    parser = html5lib.HTMLParser(tree=_builder(), namespaceHTMLElements=False)
    builder: Any = parser.tree

    def where() -> int:
        tokenizer = getattr(parser, "tokenizer", None)
        return int(tokenizer.stream.position()[0]) if tokenizer is not None else 0

    builder.where = where
    fragment = parser.parseFragment(html, container="div", scripting=True)
    return list(_walk(fragment, builder.lines))


def _walk(root: ET.Element, lines: dict[int, int]) -> Iterator[Node]:
    """Yield the nodes under ``root`` in document order, without recursion."""
    tasks: list[tuple[str, Any, tuple[str, ...], int]] = []  # done from the end

    def children(element: ET.Element, ancestors: tuple[str, ...], line: int) -> None:
        items: list[tuple[str, Any, tuple[str, ...], int]] = []
        if element.text:
            items.append(("text", element.text, ancestors, line))
        for child in element:
            own = lines.get(id(child), line) or line
            items.append(("child", child, ancestors, own))
            if child.tail:
                items.append(("text", child.tail, ancestors, own))
        tasks.extend(reversed(items))

    children(root, (), 1)
    while tasks:
        kind, item, ancestors, line = tasks.pop()
        if kind == "text":
            yield Node("text", "", (), item, line, ancestors)
        elif callable(item.tag):  # ET.Comment
            yield Node("comment", "", (), item.text or "", line, ancestors)
        else:
            name = _name(str(item.tag))
            attributes = tuple((_name(str(k)), str(v)) for k, v in item.attrib.items())
            yield Node("element", name, attributes, "", line, ancestors)
            if len(ancestors) >= HTML_DEPTH:
                raise TooDeep(f"elements nested more than {HTML_DEPTH} deep (line {line})")
            children(item, (*ancestors, name), line)
