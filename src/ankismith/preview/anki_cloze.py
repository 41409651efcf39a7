"""Anki's cloze deletions, as its Rust backend renders them (rslib/src/cloze.rs); pure."""

from __future__ import annotations

import re

import msgspec

from ankismith.parse.cloze import CLOZE_OPEN, ordinals

# `{{cN::` or `{{cN,M::` (Anki 26.05+) with u16 numbers, or `}}`; everything else is text.
_TOKEN = re.compile(rf"{CLOZE_OPEN.pattern}|\}}\}}")
_MAX_DEPTH = 10  # Anki ignores deletions nested deeper than this.
_MATHJAX = re.compile(r"(\\[(\[])(.*?)(\\[\])])", re.S | re.I)
# rslib/src/text.rs HTML: comments, style and script elements, then any tag.
_HTML = re.compile(
    r"(<!--.*?-->)|(<style.*?>.*?</style>)|(<script.*?>.*?</script>)|(<.*?>)", re.S | re.I
)
# htmlescape::encode_attribute: these five by name, other non-alphanumerics below 256 in hex.
_ATTR_ENTITIES = {'"': "&quot;", "&": "&amp;", "'": "&#x27;", "<": "&lt;", ">": "&gt;"}


class _Cloze(msgspec.Struct):
    ordinals: tuple[int, ...]
    nodes: list[str | _Cloze] = msgspec.field(default_factory=list)
    hint: str | None = None

    def text(self) -> str:
        return "".join(n if isinstance(n, str) else n.text() for n in self.nodes)


def _parse(text: str) -> list[str | _Cloze]:
    output: list[str | _Cloze] = []
    open_: list[_Cloze] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        numbers = ordinals(match.group(1)) if match.group(1) is not None else ()
        if match.group(1) is not None and not numbers:
            continue  # no number Anki accepts: plain text
        _add_text(text[pos : match.start()], open_, output)
        pos = match.end()
        if numbers:
            if len(open_) < _MAX_DEPTH:
                open_.append(_Cloze(numbers))
        elif open_:
            cloze = open_.pop()
            (open_[-1].nodes if open_ else output).append(cloze)
        else:
            output.append("}}")
    _add_text(text[pos:], open_, output)
    return output


def _add_text(text: str, open_: list[_Cloze], output: list[str | _Cloze]) -> None:
    if not text:
        return
    if open_:
        head, sep, tail = text.partition("::")
        if sep:
            open_[-1].hint = tail
        open_[-1].nodes.append(head)
    else:
        output.append(text)


def encode_attribute(text: str) -> str:
    """Escape ``text`` for an attribute value the way Anki's htmlescape crate does."""
    out = []
    for char in text:
        if char in _ATTR_ENTITIES:
            out.append(_ATTR_ENTITIES[char])
        elif ord(char) < 256 and not (char.isascii() and char.isalnum()):
            out.append(f"&#x{ord(char):X};")
        else:
            out.append(char)
    return "".join(out)


def _reveal(cloze: _Cloze, ordinal: int, question: bool, found: list[bool]) -> str:
    active = ordinal in cloze.ordinals
    shown = ",".join(map(str, cloze.ordinals))
    found[0] |= active
    inner = "".join(
        n if isinstance(n, str) else _reveal(n, ordinal, question, found) for n in cloze.nodes
    )
    if active and question:
        hint = cloze.hint if cloze.hint is not None else "..."
        data = f'data-cloze="{encode_attribute(inner)}" data-ordinal="{shown}"'
        return f'<span class="cloze" {data}>[{hint}]</span>'
    kind = "cloze" if active else "cloze-inactive"
    return f'<span class="{kind}" data-ordinal="{shown}">{inner}</span>'


def reveal(text: str, ordinal: int, question: bool) -> str:
    """Return ``text`` with deletion ``ordinal`` hidden (question) or shown; '' if it is absent."""
    found = [False]
    out = "".join(
        n if isinstance(n, str) else _reveal(n, ordinal, question, found) for n in _parse(text)
    )
    return out if found[0] else ""


def cloze_filter(text: str, ordinal: int, question: bool) -> str:
    """Apply Anki's ``cloze:`` filter, HTML inside MathJax delimiters removed as Anki does."""
    return _MATHJAX.sub(
        lambda m: m.group(1) + strip_tags(m.group(2)) + m.group(3), reveal(text, ordinal, question)
    )


def _texts(nodes: list[str | _Cloze], ordinal: int, question: bool, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, _Cloze):
            if ordinal in node.ordinals:
                hint = node.hint if node.hint is not None else "..."
                out.append(hint if question else node.text())
            _texts([n for n in node.nodes if isinstance(n, _Cloze)], ordinal, question, out)


def cloze_only(text: str, ordinal: int, question: bool) -> str:
    """Apply Anki's ``cloze-only:`` filter: just the deletions of ``ordinal``, comma-separated."""
    out: list[str] = []
    _texts(_parse(text), ordinal, question, out)
    return ", ".join(out)


def _numbers(nodes: list[str | _Cloze], found: set[int]) -> None:
    for node in nodes:
        if isinstance(node, _Cloze):
            found.update(n for n in node.ordinals if n != 0)
            _numbers(node.nodes, found)


def cloze_numbers(fields: list[str]) -> list[int]:
    """Return the deletion numbers used in any of ``fields``, sorted (one card each)."""
    found: set[int] = set()
    for text in fields:
        _numbers(_parse(text), found)
    return sorted(found)


def strip_tags(html: str) -> str:
    """Remove tags, comments, styles and scripts, keeping entities (Anki's rule)."""
    return _HTML.sub("", html)
