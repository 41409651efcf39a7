"""What may reach a learner's card: the allowed elements, attributes, URL schemes and styles.

One allowlist serves everything rendering produces (Markdown, its extensions, our choice and
sound markup) and the raw HTML an author may write, which is GitHub's usual set. Nothing here
can run script or load from the network: no ``<script>``, ``<style>``, ``<iframe>``, no event
handler, no ``javascript:`` or ``data:`` URL, no ``style`` property that takes a URL.
"""

from __future__ import annotations

RAW_TAGS = frozenset(
    {
        "br",
        "sub",
        "sup",
        "kbd",
        "mark",
        "details",
        "summary",
        "ruby",
        "rt",
        "rp",
        "img",
        "span",
        "div",
    }
)
"""Elements an author may write as raw HTML in Markdown; other tags are shown as text."""

MARKDOWN_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "span",
        "div",
        "input",
    }
)
"""Elements Python-Markdown, its extensions and our renderer produce (``input``: the box of a
task list item, always a disabled checkbox, see ``FORCED``)."""

TAGS = RAW_TAGS | MARKDOWN_TAGS
"""Every element a field or the description may hold."""

_COMMON = {"class", "title", "lang", "dir"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _COMMON,
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "data-shuffle"},
    "li": {"data-index"},
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    "span": {"style"},
    "div": {"style"},
    "mark": {"style"},
    "details": {"open"},
    "input": {"type", "checked", "disabled"},
}
"""Attributes allowed per element (``*``: on every element). ``id`` is left out: an id in a
field could clash with the template's own elements."""

FORCED: dict[str, dict[str, str]] = {"input": {"type": "checkbox", "disabled": ""}}
"""Attribute values set on every such element, whatever it said: a task list's box can be
nothing but a checkbox nobody can tick."""

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a link or image may use; relative URLs (bundled media) are always allowed."""

STYLE_PROPERTIES = frozenset(
    {
        "text-align",
        "color",
        "background-color",
        "font-weight",
        "font-style",
        "text-decoration",
        "vertical-align",
        "white-space",
    }
)
"""CSS properties kept in a ``style`` attribute: none of them takes a URL, so none loads."""


def describe() -> dict[str, list[str]]:
    """Return the whole allowlist as sorted lists, to key caches of sanitised output."""
    lists = {"tags": TAGS, "raw": RAW_TAGS, "schemes": URL_SCHEMES, "styles": STYLE_PROPERTIES}
    found = {name: sorted(values) for name, values in lists.items()}
    found.update({f"attributes {tag}": sorted(names) for tag, names in ATTRIBUTES.items()})
    found.update({f"forced {tag}": sorted(map("=".join, v.items())) for tag, v in FORCED.items()})
    return found
