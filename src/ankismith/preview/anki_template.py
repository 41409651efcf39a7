"""Anki's card template language, rendered the way its backend does; pure.

Follows rslib/src/template.rs and template_filters.rs of Anki and the finishing steps in
pylib/anki/template.py. Differences: ``{{type:...}}`` stays ``[[type:...]]`` and ``[sound:...]``
stays as written, as in ``card.question()`` before the reviewer handles them (preview/site.py does),
and ``{{hint:...}}`` derives its element id with SHA-256 where Anki uses BLAKE3.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Mapping

import msgspec

from ankismith.preview.anki_cloze import cloze_filter, cloze_only, strip_tags

# Handlebars up to the first `}}`, or an HTML comment, whose inside Anki leaves alone.
_TOKEN = re.compile(r"\{\{(.*?)\}\}|<!--(.*?)-->", re.S)
_ALT_SYNTAX = "{{=<% %>=}}"
# rslib field_is_empty: whitespace and empty <br>/<div> tags only.
_EMPTY = re.compile(r"(?:[ \t\n\x0b\x0c\r]|</?(?:br|div) ?/?>)*", re.I)
_FURIGANA = re.compile(r" ?([^ >]+?)\[(.+?)\]")
_CLOZE_KEY = re.compile(r"c\d+")
# What the tts filter leaves, Anki's av tag: [anki:tts lang=en_US voices=... speed=...]text[/...].
_TTS = re.compile(r"\[anki:tts(?: ([^\]]*))?\](.*?)\[/anki:tts\]", re.S)


class TemplateError(ValueError):
    """A template Anki cannot render; Anki shows the message instead of the card."""


class Node(msgspec.Struct, frozen=True):
    """One parsed piece of a template."""

    kind: str
    """'text', 'comment', 'field', 'if' or 'unless'."""
    key: str = ""
    """Text, or the field name."""
    filters: tuple[str, ...] = ()
    """Filters of a field, innermost first."""
    children: tuple[Node, ...] = ()
    """Body of a section."""


class Context(msgspec.Struct, frozen=True):
    """What one side of one card is rendered with."""

    fields: Mapping[str, str]
    """Note fields plus Anki's special fields (Tags, Deck, Card, cN...)."""
    ordinal: int
    """Card ordinal, from 0 (the template index, or the cloze number minus one)."""
    front_side: str | None = None
    """The rendered question when rendering the answer; None on the question side."""


@functools.lru_cache(maxsize=1024)
def field_is_empty(text: str) -> bool:
    """Return True when Anki treats a field as empty in ``{{#...}}`` and card generation.

    Each card's fields are asked about on every side it renders: the answer is kept a while.
    """
    return _EMPTY.fullmatch(text) is not None


def _lex(template: str) -> list[tuple[str, str]]:
    if template.lstrip().startswith(_ALT_SYNTAX):
        body = template.lstrip()[len(_ALT_SYNTAX) :]
        template = body.replace("<%", "{{").replace("%>", "}}")
    tokens, pos = [], 0
    for match in _TOKEN.finditer(template):
        if match.start() > pos:
            tokens.append(("text", template[pos : match.start()]))
        is_comment = match.group(2) is not None
        tokens.append(("comment", match[0]) if is_comment else ("handle", match.group(1)))
        pos = match.end()
    if pos < len(template):
        tokens.append(("text", template[pos:]))
    return tokens


def _classify(handle: str) -> tuple[str, str]:
    start = handle.lstrip("{").strip()
    if len(start.encode()) >= 2 and start[0] in "#/^":
        return {"#": "if", "/": "end", "^": "unless"}[start[0]], start[1:].lstrip()
    return "field", start


@functools.lru_cache(maxsize=256)
def parse(template: str) -> tuple[Node, ...]:
    """Parse a template; raise TemplateError for unbalanced sections.

    A deck has a few templates and many cards: each is parsed once (the nodes are frozen).
    """
    stack: list[tuple[str, str, list[Node]]] = [("root", "", [])]
    for kind, value in _lex(template):
        if kind != "handle":
            stack[-1][2].append(Node("text" if kind == "text" else "comment", value))
            continue
        what, key = _classify(value)
        if what == "field":
            *filters, name = key.split(":")
            stack[-1][2].append(Node("field", name, tuple(reversed(filters))))
        elif what in ("if", "unless"):
            stack.append((what, key, []))
        elif len(stack) == 1 or stack[-1][1] != key:
            raise TemplateError(f"Found '{{{{/{key}}}}}', but no matching section was open.")
        else:
            section, name, children = stack.pop()
            stack[-1][2].append(Node(section, name, children=tuple(children)))
    if len(stack) > 1:
        raise TemplateError(f"Missing '{{{{/{stack[-1][1]}}}}}'.")
    return tuple(stack[0][2])


def _hint(text: str, name: str) -> str:
    if not text.strip():
        return text
    dom_id = hashlib.sha256((text + name).encode()).hexdigest()[:16]
    return (
        f'\n<a class=hint href="#"\nonclick="this.style.display=\'none\';\n'
        f"document.getElementById('hint{dom_id}').style.display='block';\n"
        f'return false;" draggable=false>\n{name}</a>\n'
        f'<div id="hint{dom_id}" class=hint style="display: none">{text}</div>\n'
    )


def _furigana(text: str, part: int | None) -> str:
    def replace(m: re.Match[str]) -> str:
        if m.group(2).startswith("sound:"):
            return m.group(0)
        if part is None:
            return f"<ruby><rb>{m.group(1)}</rb><rt>{m.group(2)}</rt></ruby>"
        return m.group(part)

    return _FURIGANA.sub(replace, text.replace("&nbsp;", " "))


def _filter(name: str, text: str, field: str, ctx: Context) -> str | None:
    question = ctx.front_side is None
    simple = {
        "text": lambda: html.unescape(strip_tags(text)).replace("\xa0", " "),
        "furigana": lambda: _furigana(text, None),
        "kanji": lambda: _furigana(text, 1),
        "kana": lambda: _furigana(text, 2),
        "type": lambda: f"[[type:{field}]]",
        "type-cloze": lambda: f"[[type:cloze:{field}]]",
        "type-nc": lambda: f"[[type:nc:{field}]]",
        "hint": lambda: _hint(text, field),
        "cloze": lambda: cloze_filter(text, ctx.ordinal + 1, question),
        "cloze-only": lambda: cloze_only(text, ctx.ordinal + 1, question),
        "": lambda: text,
    }
    if name in simple:
        return simple[name]()
    if name.startswith("tts "):
        return f"[anki:tts lang={name[4:]}]{text}[/anki:tts]"
    return None


def _apply(text: str, filters: tuple[str, ...], field: str, ctx: Context) -> str:
    if filters in (("cloze", "type"), ("nc", "type")):
        filters = (f"type-{filters[0]}",)
    elif filters and filters[-1] == "type":
        filters = ("type",)
    for name in filters:
        out = _filter(name, text, field, ctx)
        if out is None:
            return text  # unknown filter: Anki hands the rest to add-ons; without any, unchanged
        text = out
    return text


def _render(nodes: tuple[Node, ...], ctx: Context, nonempty: frozenset[str]) -> str:
    out: list[str] = []
    for node in nodes:
        if node.kind in ("text", "comment"):
            out.append(node.key)
        elif node.kind == "field" and node.key == "FrontSide":
            out.append(ctx.front_side or "")
        elif node.kind == "field":
            if not node.key and node.filters:
                continue
            if node.key not in ctx.fields:
                raise TemplateError(f"Found '{{{{{node.key}}}}}', but there is no such field.")
            out.append(_apply(ctx.fields[node.key], node.filters, node.key, ctx))
        else:
            if node.key not in ctx.fields and not _CLOZE_KEY.fullmatch(node.key):
                raise TemplateError(f"Found a section for '{node.key}', but no such field.")
            body = _render(node.children, ctx, nonempty)  # rendered either way, for its errors
            if (node.key in nonempty) == (node.kind == "if"):
                out.append(body)
    return "".join(out)


def render(template: str, ctx: Context) -> str:
    """Render one side of a card; raise TemplateError where Anki reports a template problem."""
    nonempty = frozenset(k for k, v in ctx.fields.items() if not field_is_empty(v))
    return _render(parse(template), ctx, nonempty)


def tts_players(text: str) -> str:
    """Return a rendered side with each ``[anki:tts]`` tag as the play button Anki shows.

    Anki's reviewer speaks the tag's text with a voice of the device and shows a play button in
    its place; the preview shows the button, with what it would say and in what language as its
    tooltip.
    """

    def player(match: re.Match[str]) -> str:
        options = dict(o.partition("=")[::2] for o in (match.group(1) or "").split())
        said = " ".join(html.unescape(strip_tags(match.group(2))).split())
        label = html.escape(f"Read aloud ({options.get('lang', '?')}): {said}")
        return f'<span class="tts-player" role="img" title="{label}" aria-label="{label}">🔊</span>'

    return _TTS.sub(player, text)


def renders_with(template: str, fields: Mapping[str, str]) -> bool:
    """Return True when the front has content, so Anki generates the card (non-cloze)."""
    nonempty = frozenset(k for k, v in fields.items() if not field_is_empty(v))

    def empty(nodes: tuple[Node, ...]) -> bool:
        for node in nodes:
            if node.kind == "field" and node.key in nonempty:
                return False
            if node.kind == "if" and node.key in nonempty and not empty(node.children):
                return False
            if node.kind == "unless" and node.key not in nonempty and not empty(node.children):
                return False
        return True

    return not empty(parse(template))
