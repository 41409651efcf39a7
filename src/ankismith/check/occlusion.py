"""Rules over image occlusion cards' masks: outside the image, without area, twice. Pure.

The masks are read again from the card's lines (``parse/occlusion.py``, the one reader), so
each finding names the mask's own line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ankismith.findings import Finding
from ankismith.model import Card, Location, NoteKind, SourceFile
from ankismith.parse.fences import outside_code
from ankismith.text import split_lines

if TYPE_CHECKING:
    from ankismith.parse.occlusion import Mask

FRACTIONS = "coordinates are fractions of the image (0 to 1) or percentages (0% to 100%)"


def card_masks(
    cards: Sequence[Card], sources: Sequence[SourceFile]
) -> Iterator[tuple[Card, tuple[Mask, ...]]]:
    """Yield each occlusion card with its masks, read from the lines below its heading."""
    texts = {source.path: source for source in sources}
    lines: dict[str, list[tuple[int, str]]] = {}
    for card in cards:
        source = texts.get(card.location.path)
        if card.kind is not NoteKind.OCCLUSION or source is None:
            continue
        if source.path not in lines:
            lines[source.path] = [(i + 1, t) for i, t in outside_code(split_lines(source.text))]
        body = []
        for number, text in lines[source.path]:
            if number <= card.location.line:
                continue
            if text.startswith(("## ", "### ", "#### ")):
                break
            body.append((number, text))
        from ankismith.parse.occlusion import read_occlusion  # loaded for occlusion cards only

        yield card, read_occlusion(body)[0].masks


def _edges(mask: Mask) -> tuple[float, float, float, float]:
    """Return the smallest and largest x, then y, a mask reaches."""
    n = mask.numbers
    if mask.shape in ("rect", "ellipse"):
        return (n[0], n[0] + n[2], n[1], n[1] + n[3])
    xs, ys = n[0::2], n[1::2]
    return (min(xs), max(xs), min(ys), max(ys))


def _percent(value: float) -> str:
    return f"{value * 100:g}%"


def masks_outside(cards: Sequence[Card], sources: Sequence[SourceFile]) -> list[Finding]:
    """Report every mask that reaches beyond the image's edges."""
    found = []
    for card, masks in card_masks(cards, sources):
        for mask in masks:
            left, right, top, bottom = _edges(mask)
            sides = (
                ("left edge", left, left < 0),
                ("right edge", right, right > 1),
                ("top edge", top, top < 0),
                ("bottom edge", bottom, bottom > 1),
            )
            beyond = [f"{side} at {_percent(value)}" for side, value, bad in sides if bad]
            if beyond:
                where = Location(card.location.path, mask.line)
                message = f"{mask.shape} mask reaches outside the image ({', '.join(beyond)}); "
                found.append(Finding(where, message + FRACTIONS, "mask-outside"))
    return found


def _area(mask: Mask) -> float:
    """Return the mask's area as a fraction of the image's (a polygon's by the shoelace)."""
    n = mask.numbers
    if mask.shape in ("rect", "ellipse"):
        return max(n[2], 0) * max(n[3], 0)
    xs, ys = n[0::2], n[1::2]
    turns = zip(xs, ys, xs[1:] + xs[:1], ys[1:] + ys[:1], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for x0, y0, x1, y1 in turns)) / 2


def degenerate_masks(cards: Sequence[Card], sources: Sequence[SourceFile]) -> list[Finding]:
    """Report masks that cover nothing: no width or height, a polygon of under 3 points."""
    found = []
    for card, masks in card_masks(cards, sources):
        for mask in masks:
            if mask.shape == "text":
                continue
            points = len(mask.numbers) // 2
            if mask.shape == "polygon" and points < 3:
                why = f"has {points} point{'' if points == 1 else 's'}; a polygon needs 3 or more"
            elif mask.shape != "polygon" and (mask.numbers[2] <= 0 or mask.numbers[3] <= 0):
                why = "has no width or no height (the third and fourth numbers)"
            elif _area(mask) == 0:
                why = "has its points on one line: it covers nothing"
            else:
                continue
            where = Location(card.location.path, mask.line)
            found.append(Finding(where, f"{mask.shape} mask {why}", "mask-degenerate"))
    return found


def duplicate_masks(cards: Sequence[Card], sources: Sequence[SourceFile]) -> list[Finding]:
    """Report a mask written twice, and a group masking just what another group masks."""
    found = []
    for card, masks in card_masks(cards, sources):
        seen: dict[tuple[str, tuple[float, ...]], Mask] = {}
        shapes: dict[str, list[Mask]] = {}
        for mask in masks:
            where = Location(card.location.path, mask.line)
            first = seen.setdefault(mask.key, mask)
            if first is not mask:
                message = f"the same {mask.shape} mask as line {first.line} ('{first.label}')"
                found.append(Finding(where, message, "mask-duplicate"))
            elif mask.shape != "text":
                shapes.setdefault(mask.label, []).append(mask)
        groups: dict[frozenset[tuple[str, tuple[float, ...]]], str] = {}
        for label, group in shapes.items():
            other = groups.setdefault(frozenset(m.key for m in group), label)
            if other != label:
                where = Location(card.location.path, group[0].line)
                message = (
                    f"group '{label}' masks just what group '{other}' masks: "
                    "two cards would ask the same"
                )
                found.append(Finding(where, message, "mask-duplicate"))
    return found
