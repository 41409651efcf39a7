"""Sanitise HTML with nh3 (Rust's ammonia) and say what it removed, so authors can be told.

``sanitize`` keeps only what ``policy`` allows. What went missing is found by reading the HTML
before and after with the HTML5 parser (``html5.py``) and comparing elements, attributes and
style properties: nh3 does the cleaning, this module only words the difference.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING

import msgspec

from ankismith.sanitize.policy import ATTRIBUTES, FORCED, STYLE_PROPERTIES, TAGS, URL_SCHEMES

if TYPE_CHECKING:
    import nh3

_URL_ATTRIBUTES = frozenset({"href", "src"})


class Removal(msgspec.Struct, frozen=True):
    """One thing the sanitiser took out of a piece of HTML."""

    subject: str
    """The text it came from, as the author may have typed it (to find its line)."""
    message: str
    """What was removed and why, for a warning."""


class Sanitized(msgspec.Struct, frozen=True):
    """HTML that holds only what the allowlist allows, and what was taken out of it."""

    html: str
    """The clean HTML."""
    removed: tuple[Removal, ...] = ()
    """What was removed, in the order it stood."""


def _inventory(html: str) -> list[tuple[str, str, str]]:
    """Every element, attribute and style property of a piece of HTML, in order.

    Read with the HTML5 parser, as nh3 (html5ever) reads it, so what is compared is what nh3
    saw.
    """
    from ankismith.sanitize.html5 import parse

    items: list[tuple[str, str, str]] = []
    for node in parse(html):
        if node.kind != "element":
            continue
        tag = node.name
        items.append((tag, "", ""))
        for name, value in node.attributes:
            items.append((tag, name, value))
            if name == "style":
                for part in value.split(";"):
                    prop = part.partition(":")[0].strip().lower()
                    if prop:
                        items.append((tag, f"style:{prop}", part.strip()))
    return items


def _key(item: tuple[str, str, str]) -> tuple[str, str, str]:
    # A URL is matched with its value: of three links, the one removed is the one reported.
    return item[0], item[1], item[2] if item[1] in _URL_ATTRIBUTES else ""


def _describe(tag: str, name: str, value: str) -> Removal:
    if not name:
        return Removal(tag, f"removed <{tag}>: not an element a card may hold")
    if name.startswith("style:"):
        return Removal(
            value,
            f"removed style '{value}' from <{tag}>: a card may use only "
            f"{', '.join(sorted(STYLE_PROPERTIES))}",
        )
    if name in _URL_ATTRIBUTES and value:
        schemes = ", ".join(sorted(URL_SCHEMES))
        return Removal(
            value,
            f'removed {name}="{value}" from <{tag}>: links and images may '
            f"use only {schemes} or a file in the deck",
        )
    return Removal(name, f"removed attribute '{name}' from <{tag}>: not allowed on a card")


@cache
def _cleaner() -> nh3.Cleaner:
    """Return the allowlist, built once (building it costs more than cleaning a field).

    nh3 is imported when a field first needs cleaning: a rebuild whose changed fields are all
    the simple path's HTML never does.
    """
    import nh3

    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        set_tag_attribute_values={tag: dict(values) for tag, values in FORCED.items()},
        link_rel=None,
        strip_comments=True,
    )


_STYLE = re.compile(r'(?<=\sstyle=")[^"<>]*(?=")')


def _style_as_cleaned(value: re.Match[str]) -> str:
    """Return a style attribute's value as the cleaner writes it when it keeps all of it."""
    parts = (part.partition(":") for part in value.group().split(";") if part.strip())
    return ";".join(f"{name.strip()}:{rest.strip()}" for name, _, rest in parts)


def sanitize(html: str) -> Sanitized:
    """Return ``html`` cleaned by the allowlist, and what was removed from it."""
    # YAML's "\ud83d\ude00" escapes give surrogates: pair them, and replace lone ones.
    if not html.isascii():  # an ASCII text has no surrogate: not copied
        paired = html.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        html = html if paired == html else paired
    if "<" not in html and "&" not in html:
        return Sanitized(html)
    clean = _cleaner().clean(html)
    if clean == html:
        return Sanitized(html)  # nothing removed (the common case): no inventory to compare
    if "style=" in html and _STYLE.sub(_style_as_cleaned, html) == clean:
        # Only style attributes written anew ("text-align: right;" as "text-align:right",
        # a table column's alignment): every element, attribute and property is still there.
        return Sanitized(clean)
    from ankismith.sanitize.html5 import TooDeep  # only HTML the cleaner changed is compared

    try:
        before, after = _inventory(html), Counter(map(_key, _inventory(clean)))
    except TooDeep as exc:
        unlisted = Removal("", f"{exc}: cleaned, but what was removed is not listed")
        return Sanitized(clean, (unlisted,))
    removed: list[Removal] = []
    element_gone = False
    for item in before:
        name = item[1]
        if after[_key(item)] > 0:
            after[_key(item)] -= 1
            element_gone = element_gone and bool(name)
        elif not name:
            element_gone = True
            removed.append(_describe(*item))
        elif not element_gone and name != "style":
            removed.append(_describe(*item))  # a style attribute is reported by property
    return Sanitized(clean, tuple(dict.fromkeys(removed)))
