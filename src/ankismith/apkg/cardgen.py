"""Which cards Anki makes for a note of a front/back note type: its own rules, by template.

Anki (rslib ``template.rs``) makes a template's card when its front shows a field that is not
empty: a field holding only whitespace, ``<br>`` and ``<div>`` tags is empty; a tag's field is
what follows its last ``:`` (``{{kanji:F}}``, ``{{tts en_US:F}}``, ``{{cloze::F}}``); inside
``{{#F}}`` only when F is not empty, inside ``{{^F}}`` always. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_EMPTY_FIELD = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.IGNORECASE)
_TAG = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_Node = tuple[str, str, list["_Node"]]


def filled_fields(values: Sequence[str]) -> tuple[bool, ...]:
    """Return, for each field value, whether Anki counts it as not empty."""
    # A value starting with neither whitespace nor a tag is filled: the pattern is asked only
    # about the others (``\s`` is what ``str.isspace`` says).
    return tuple(
        (value[0] != "<" and not value[0].isspace()) or not _EMPTY_FIELD.match(value)
        if value
        else False
        for value in values
    )


def _parse(text: str) -> list[_Node]:
    """Return a template as Anki reads it: replacements and (negated) conditionals, nested."""
    root: list[_Node] = []
    stack: list[tuple[str, list[_Node]]] = [("", root)]
    for match in _TAG.finditer(text):
        inner = match.group(1).strip()
        if inner[:1] in ("#", "^"):
            children: list[_Node] = []
            key = inner[1:].strip()
            stack[-1][1].append(("if" if inner[0] == "#" else "unless", key, children))
            stack.append((key, children))
        elif inner[:1] == "/":
            if len(stack) > 1 and stack[-1][0] == inner[1:].strip():
                stack.pop()
        else:
            stack[-1][1].append(("field", inner.rsplit(":", 1)[-1].strip(), []))
    return root


def _shows(nodes: list[_Node], filled: frozenset[str]) -> bool:
    """Return True when template nodes show a non-empty field (Anki makes the card)."""
    for kind, key, children in nodes:
        if kind == "field" and key in filled:
            return True
        if kind == "if" and key in filled and _shows(children, filled):
            return True
        if kind == "unless" and _shows(children, filled):
            return True
    return False


class Fronts:
    """The front templates of one note type, parsed once, asked for each note's cards."""

    def __init__(self, fields: Sequence[str], fronts: Sequence[str]) -> None:
        self.fields = tuple(fields)
        self._fronts = [_parse(front) for front in fronts]

    def ords(self, filled: Sequence[bool]) -> tuple[int, ...]:
        """Return the ords of the templates that give a card; ``filled``: which fields hold text."""
        names = frozenset(n for n, full in zip(self.fields, filled, strict=False) if full)
        return tuple(ord_ for ord_, front in enumerate(self._fronts) if _shows(front, names))
