"""Compare our field HTML with GitHub's (cmark-gfm, through ``cmarkgfm``) after normalising.

Normalising keeps what a reader sees: elements, their order and text, and the attributes that
carry meaning (links, images, checkboxes, alignment, list starts). It drops whitespace between
blocks, attribute order and spelling (``<br>`` / ``<br />``, ``align`` / ``style``), entity
spelling (``&copy;`` / ``©``), classes, and the span that keeps a code span and its comma on one
line (``NOBR``: it changes where a line may break, not what is read).

Each documented difference (docs/format.md, "Differences from GitHub") is a ``Difference``: a
change to the Markdown given to both renderers, or to our HTML, after which the two agree. A
case that only agrees after such changes differs for exactly those reasons; one that still
disagrees is an undocumented difference.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

from ankismith.render.fields import Renderer
from ankismith.render.pymd import NOBR

Token = tuple[str, ...]

_KEEP = {"href", "src", "alt", "title", "type", "checked", "disabled", "start", "align"}
_VOID = {"br", "hr", "img", "input"}
_ALIGN = re.compile(r"text-align:\s*(\w+)")


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self.text = ""
        self.pre = 0
        self.spans: list[bool] = []  # for each open span: whether it is a NOBR one

    def flush(self) -> None:
        text = self.text if self.pre else " ".join(self.text.split())
        if text:
            self.tokens.append(("text", text))
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span":
            self.spans.append(("class", NOBR) in attrs)
            if self.spans[-1]:
                return
        self.flush()
        kept = []
        for name, value in attrs:
            if name == "style" and value and (m := _ALIGN.search(value)):
                name, value = "align", m.group(1)
            if name in _KEEP:
                kept.append(f"{name}={value or ''}")
        self.tokens.append(("start", tag, *sorted(kept)))
        self.pre += tag == "pre"
        if tag in _VOID:
            self.tokens.append(("end", tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.spans and self.spans.pop():
            return
        if tag not in _VOID:
            self.flush()
            self.tokens.append(("end", tag))
            self.pre -= tag == "pre"

    def handle_data(self, data: str) -> None:
        self.text += data


def normalise(html: str) -> list[Token]:
    """Return the HTML as start tags (with meaningful attributes), texts and end tags."""
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.tokens


def unwrap_highlight(tokens: list[Token]) -> list[Token]:
    """Drop Pygments' colouring: the div around a code block and every span inside ``pre``."""
    out: list[Token] = []
    depth = 0
    for token in tokens:
        if token[:2] == ("start", "pre"):
            depth += 1
        elif token[:2] == ("end", "pre"):
            depth -= 1
        if token[1:2] == ("div",) or (depth and token[1:2] == ("span",)):
            continue
        if token[0] == "text" and out and out[-1][0] == "text":
            out[-1] = ("text", f"{out[-1][1]}{token[1]}")
            continue
        out.append(token)
    return out


def em_outside(tokens: list[Token]) -> list[Token]:
    """Write bold italic as GitHub nests it: ``<em><strong>``, not ``<strong><em>``."""
    out = list(tokens)
    swap = {(("start", "strong"), ("start", "em")), (("end", "em"), ("end", "strong"))}
    for i in range(len(out) - 1):
        if (out[i][:2], out[i + 1][:2]) in swap:
            out[i], out[i + 1] = out[i + 1], out[i]
    return out


@dataclass(frozen=True)
class Difference:
    """A documented way our HTML differs from GitHub's, and how to set it aside."""

    name: str
    """As named in docs/format.md."""
    source: Callable[[str], str] | None = None
    """Rewrites the Markdown both renderers get."""
    ours: Callable[[list[Token]], list[Token]] | None = None
    """Rewrites our normalised HTML."""


_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)

DIFFERENCES = (
    Difference("highlighted code", ours=unwrap_highlight),
    Difference("math", source=lambda text: _MATH.sub("MATH", text)),
    Difference("bold italic nesting", ours=em_outside),
    Difference("backslash line break", source=lambda text: text.replace("\\\n", "  \n")),
)


def github(text: str) -> str:
    """Return GitHub's HTML for ``text`` (raw HTML allowed, as GitHub shows allowlisted tags)."""
    return str(cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE))


@dataclass(frozen=True)
class Outcome:
    """How one piece of Markdown fares: equal, or which documented differences explain it."""

    equal: bool
    reasons: tuple[str, ...]
    """Names of the documented differences that explain it; empty when equal or unexplained."""
    ours: str
    theirs: str

    @property
    def explained(self) -> bool:
        """True when equal, or when documented differences account for every difference."""
        return self.equal or bool(self.reasons)


def _agree(text: str, renderer: Renderer, differences: tuple[Difference, ...]) -> bool:
    """Return whether the two renderings agree once ``differences`` are set aside."""
    for difference in differences:
        text = difference.source(text) if difference.source else text
    mine = normalise(renderer.html(text))
    for difference in differences:
        mine = difference.ours(mine) if difference.ours else mine
    return mine == normalise(github(text))


def compare(text: str, renderer: Renderer) -> Outcome:
    """Render ``text`` both ways and say how they differ: the fewest documented reasons."""
    ours, theirs = renderer.html(text), github(text)
    if normalise(ours) == normalise(theirs):
        return Outcome(True, (), ours, theirs)
    if not _agree(text, renderer, DIFFERENCES):
        return Outcome(False, (), ours, theirs)
    needed = list(DIFFERENCES)
    for difference in DIFFERENCES:
        fewer = tuple(d for d in needed if d is not difference)
        if _agree(text, renderer, fewer):
            needed.remove(difference)
    return Outcome(False, tuple(d.name for d in needed), ours, theirs)
