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


TEMPLATE_TAGS = TAGS | frozenset(
    {
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "nav",
        "main",
        "figure",
        "figcaption",
        "b",
        "i",
        "u",
        "s",
        "small",
        "big",
        "center",
        "font",
        "q",
        "cite",
        "abbr",
        "dfn",
        "time",
        "var",
        "samp",
        "del",
        "ins",
        "strike",
        "tt",
        "dl",
        "dt",
        "dd",
        "caption",
        "col",
        "colgroup",
        "tfoot",
        "label",
        "wbr",
        "bdi",
        "bdo",
        "fieldset",
        "legend",
        "rb",
        "rtc",
        "address",
        "hgroup",
        "meter",
        "progress",
        "output",
        "canvas",
        "button",
    }
)
"""Elements a card template may hold: the field elements and the rest of HTML's plain text and
layout elements. None loads a document or runs script; ``<script>`` is judged on its own."""

TEMPLATE_GLOBAL = frozenset(
    {
        "class",
        "id",
        "title",
        "lang",
        "dir",
        "style",
        "hidden",
        "role",
        "tabindex",
        "translate",
        "draggable",
    }
)
"""Attributes every template element may have, beside ``data-*`` and ``aria-*``."""

TEMPLATE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "target"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "ul": frozenset({"type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "headers", "align", "valign", "width"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "align", "valign", "width"}),
    "table": frozenset({"border", "cellpadding", "cellspacing", "width", "align"}),
    "tr": frozenset({"align", "valign"}),
    "col": frozenset({"span", "width"}),
    "colgroup": frozenset({"span", "width"}),
    "details": frozenset({"open", "name"}),
    "font": frozenset({"color", "face", "size"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
    "label": frozenset({"for"}),
    "meter": frozenset({"value", "min", "max", "low", "high", "optimum"}),
    "progress": frozenset({"value", "max"}),
    "input": frozenset({"type", "checked", "disabled", "value", "placeholder", "readonly"}),
    "div": frozenset({"align"}),
    "p": frozenset({"align"}),
    "hr": frozenset({"width", "size", "noshade"}),
    "canvas": frozenset({"width", "height"}),
    "button": frozenset({"type", "disabled"}),
}
"""Attributes allowed per template element, beside ``TEMPLATE_GLOBAL``. A URL (``href``,
``src``) may only name a bundled file, an ``http(s)`` or ``mailto`` address."""

TEMPLATE_URL_ATTRIBUTES = frozenset({"href", "src"})
"""The allowed attributes that hold a URL."""
