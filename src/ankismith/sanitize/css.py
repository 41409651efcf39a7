r"""CSS read as a browser reads it (tinycss2, the CSS Syntax standard): what it loads, what it ends.

A stylesheet reaches a card inside Anki's ``<style>`` element, and a ``style`` attribute inside
a tag. Both are tokenised here with escapes undone (``u\72l(`` is ``url(``), so what is judged is
what the browser resolves: ``@import`` is refused, every URL (``url()``, ``src()``, the strings
of ``image-set()``) must be a bundled file, and one on the network is a warning. ``</style``
anywhere would end Anki's element and let the rest be read as HTML, so it is refused before
tokenising. This is the one module that imports tinycss2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import msgspec
import tinycss2
from tinycss2 import ast

REMOTE = "remote-resource"
REFUSED = "refused"

_URL_FUNCTIONS = frozenset({"url", "src"})
_IMAGE_SETS = frozenset({"image-set", "-webkit-image-set", "image", "cross-fade"})
_BLOCKS = (ast.SquareBracketsBlock, ast.ParenthesesBlock, ast.CurlyBracketsBlock)
_END_STYLE = re.compile(r"</style", re.I)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_STRIPPED = re.compile(r"[\t\n\r]")


class CssProblem(msgspec.Struct, frozen=True):
    """Something a stylesheet or a style attribute must not do, or should not."""

    line: int
    """Line in the text judged (1 for the first)."""
    message: str
    """What and why."""
    kind: str
    """``refused`` (an error) or ``remote-resource`` (a warning)."""


def url_kind(url: str) -> str | None:
    r"""Say how a URL a card would load resolves: None for a bundled file, else a problem kind.

    Browsers drop tabs and newlines, trim spaces and read a backslash as a slash, so those are
    undone first: ``\\host/x`` and `` //host`` load from the network as ``//host`` does.
    """
    cleaned = _STRIPPED.sub("", url).strip(" \x00\x0c\x0b").replace("\\", "/")
    if cleaned.startswith("//"):
        return REMOTE
    scheme = _SCHEME.match(cleaned)
    if scheme is None:
        return None
    if scheme.group(1).lower() in {"http", "https"}:
        return REMOTE
    return REFUSED


def _urls(tokens: Iterable[ast.Node], inside_set: bool = False) -> Iterator[tuple[int, str]]:
    """Yield (line, URL) for every URL the tokens would load, however it is written."""
    for token in tokens:
        if isinstance(token, ast.URLToken) or (isinstance(token, ast.StringToken) and inside_set):
            yield token.source_line, token.value
        elif isinstance(token, ast.ParseError) and token.kind == "bad-url":
            yield token.source_line, "bad-url:"  # a URL CSS cannot read: refused, not guessed
        elif isinstance(token, ast.FunctionBlock):
            name = token.lower_name
            if name in _URL_FUNCTIONS:
                strings = [t for t in token.arguments if isinstance(t, ast.StringToken)]
                yield from ((s.source_line, s.value) for s in strings[:1])
                yield from _urls(token.arguments)
            else:
                yield from _urls(token.arguments, name in _IMAGE_SETS)
        elif isinstance(
            token, (ast.SquareBracketsBlock, ast.ParenthesesBlock, ast.CurlyBracketsBlock)
        ):
            yield from _urls(token.content)
        elif isinstance(token, (ast.QualifiedRule, ast.AtRule)):
            yield from _urls(token.prelude)
            yield from _urls(token.content or ())
        elif isinstance(token, ast.Declaration):
            yield from _urls(token.value)


def _judge_urls(tokens: Iterable[ast.Node], offset: int) -> list[CssProblem]:
    found = []
    for line, url in _urls(tokens):
        kind = url_kind(url)
        shown = url if len(url) <= 60 else url[:57] + "..."
        if kind == REMOTE:
            message = f"'{shown}' loads from the network"
            found.append(CssProblem(line + offset, message, REMOTE))
        elif url == "bad-url:":
            message = "a url() CSS cannot read (a space, quote or bracket inside it): quote the URL"
            found.append(CssProblem(line + offset, message, REFUSED))
        elif kind == REFUSED:
            message = (
                f"'{shown}' in CSS: a card's CSS may load only files bundled with the deck "
                "(a relative name) or, with a warning, http(s)"
            )
            found.append(CssProblem(line + offset, message, REFUSED))
    return found


def _end_style(text: str, offset: int) -> list[CssProblem]:
    return [
        CssProblem(
            text.count("\n", 0, m.start()) + 1 + offset,
            "'</style' in CSS ends Anki's <style> element: what follows would be read as HTML",
            REFUSED,
        )
        for m in _END_STYLE.finditer(text)
    ]


def stylesheet_problems(text: str) -> list[CssProblem]:
    """Return what is wrong with a stylesheet a note type ships, line by line."""
    return list(_stylesheet_problems(text))


@lru_cache(maxsize=32)
def _stylesheet_problems(text: str) -> tuple[CssProblem, ...]:
    """Judge a stylesheet once: every card of a note type shows the same one (``verify``)."""
    found = _end_style(text, 0)
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    for rule in _all_rules(rules):
        if isinstance(rule, ast.AtRule) and rule.lower_at_keyword == "import":
            message = (
                "@import loads another stylesheet, which nothing checks: put its rules in this file"
            )
            found.append(CssProblem(rule.source_line, message, REFUSED))
    found += _judge_urls(rules, 0)
    return tuple(sorted(found, key=lambda p: p.line))


def _all_rules(rules: Iterable[ast.Node]) -> Iterator[ast.Node]:
    """Yield every rule, and the rules nested in at-rules such as ``@media``."""
    for rule in rules:
        yield rule
        if isinstance(rule, ast.AtRule) and rule.content is not None:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True)
            yield from _all_rules(r for r in inner if isinstance(r, ast.AtRule))


def declarations_problems(text: str, line: int = 1) -> list[CssProblem]:
    """Return what is wrong with a ``style`` attribute's value (found at ``line``)."""
    found = _end_style(text, line - 1)
    tokens = tinycss2.parse_component_value_list(text, skip_comments=True)
    return found + _judge_urls(tokens, line - 1)


def strings(text: str) -> list[tuple[int, str]]:
    """Return (line, value) of every quoted string in a stylesheet, escapes undone."""

    def walk(tokens: Iterable[ast.Node]) -> Iterator[tuple[int, str]]:
        for token in tokens:
            if isinstance(token, ast.StringToken):
                yield token.source_line, token.value
            for inner in ("arguments", "content", "prelude", "value"):
                nested = getattr(token, inner, None)
                if isinstance(nested, list):
                    yield from walk(nested)

    return list(walk(tinycss2.parse_stylesheet(text, skip_comments=True)))
