"""Image occlusion cards: an image and a list of masks read from Markdown, and Anki's cloze text.

Pure. A card of ``type: occlusion`` holds one image (``![](heart.png)``) and a list of masks,
one a line, coordinates as fractions or percentages of the image::

    - rect 10% 20% 30% 10%: Left atrium
    - ellipse 50% 50% 20% 10%: Right ventricle
    - polygon 40% 5%, 55% 5%, 50% 20%: Aorta
    - text 45% 92%: Apex

Masks sharing a label form one group, one card; groups are numbered in the order their labels
first appear, or by the card number written before the label (``- rect 10% 20% 30% 10% c3: Left
atrium``), which the other groups' numbers skip. A ``text`` mask writes its label on the image,
on every card. The masks become the cloze text Anki's own mask editor writes
(``ts/routes/image-occlusion/shapes/to-cloze.ts``):
``{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.1:oi=1}}``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import msgspec

SHAPES = ("rect", "ellipse", "polygon", "text")
"""The shapes Anki's reviewer draws (rslib ``image_occlusion/imageocclusion.rs``)."""
OCCLUDE = ("all", "one")
"""The card key ``occlude:``: hide all masks and guess one (Anki's ``oi=1``), or hide one."""
_MASK = re.compile(r"^ {0,3}[-*+][ \t]+(rect|ellipse|polygon|text)\b(.*)$", re.I)
_IMAGE = re.compile(r"^ {0,3}!\[[^\]\n]*\]\([^)\n]+\)[ \t]*$")
_NUMBER = re.compile(r"^(-?(?:\d+(?:\.\d*)?|\.\d+))(%?)$")
_CARD = re.compile(r"^c(\d+)$", re.I)
CARD_MAX = 999
"""The highest card number a group may be given (``c999``)."""
_SIZES = {"rect": "left top width height", "ellipse": "left top width height", "text": "left top"}
MASK_EXAMPLE = "- rect 10% 20% 30% 10%: Left atrium"


class Mask(msgspec.Struct, frozen=True):
    """One mask as written: its shape, its numbers as fractions of the image, its label."""

    line: int
    """Line of the mask in its file."""
    shape: str
    """``rect``, ``ellipse``, ``polygon`` or ``text``."""
    numbers: tuple[float, ...]
    """rect and ellipse: left, top, width, height (the ellipse's box); polygon: x, y of each
    point; text: left, top. Fractions of the image's width (x) and height (y)."""
    label: str
    """The group's name; for a text mask, the text written on the image."""
    number: int = 0
    """The card number written before the label (``c3: Left atrium``); 0 when none is."""

    @property
    def key(self) -> tuple[str, tuple[float, ...]]:
        """Return what makes two masks the same: the shape and where it stands."""
        return (self.shape, tuple(round(n, 6) for n in self.numbers))


class Occlusion(msgspec.Struct, frozen=True):
    """What an occlusion card holds: the image, the rest of its body, the masks."""

    image: str
    """The image's Markdown (``![](heart.png)``); "" when the card has none."""
    header: str
    """The card's other body lines, Markdown: with the heading, Anki's ``Header`` field."""
    masks: tuple[Mask, ...]
    """The masks, in source order."""


def read_occlusion(lines: Sequence[tuple[int, str]]) -> tuple[Occlusion, list[tuple[int, str]]]:
    """Return the image, header and masks of an occlusion card's body, and what is wrong.

    ``lines`` are the body's lines with their numbers. Problems are (line, message).
    """
    problems: list[tuple[int, str]] = []
    image, header, masks = "", [], []
    for number, text in lines:
        if (found := _MASK.match(text)) is not None:
            mask = _mask(number, found.group(1).lower(), found.group(2), problems)
            if mask is not None:
                masks.append(mask)
        elif _IMAGE.match(text) and not image:
            image = text.strip()
        else:
            header.append(text)
    while header and not header[-1].strip():
        header.pop()
    while header and not header[0].strip():
        header.pop(0)
    problems += numbering_problems(masks)
    return Occlusion(image, "\n".join(header), tuple(masks)), problems


def _mask(number: int, shape: str, rest: str, problems: list[tuple[int, str]]) -> Mask | None:
    coordinates, colon, label = rest.partition(":")
    label = label.strip()
    if not colon or not label:
        what = "the text it writes" if shape == "text" else "a label naming its group"
        problems.append((number, f"{shape} mask needs {what} after ':' ({MASK_EXAMPLE})"))
        return None
    if "{{" in label or "}}" in label:
        problems.append((number, "a mask's label may not hold '{{' or '}}'"))
        return None
    words = coordinates.replace(",", " ").split()
    card = 0
    if words and (written := _CARD.match(words[-1])) is not None:
        words.pop()
        card = int(written.group(1))
        if shape == "text":
            problems.append((number, "a text mask is on every card: it takes no card number"))
            return None
        if not 1 <= card <= CARD_MAX:
            problems.append((number, f"card numbers go from c1 to c{CARD_MAX}, not c{card}"))
            return None
    numbers: list[float] = []
    for word in words:
        found = _NUMBER.match(word)
        if found is None:
            problems.append((number, f"'{word}' is no coordinate: write 25% or 0.25"))
            return None
        value = float(found.group(1))
        numbers.append(value / 100 if found.group(2) else value)
    if shape == "polygon":
        if not numbers or len(numbers) % 2:
            pairs = "polygon mask needs points as x y pairs: 10% 10%, 20% 10%, ..."
            problems.append((number, pairs))
            return None
    elif len(numbers) != len(_SIZES[shape].split()):
        given = f"{len(numbers)} number{'' if len(numbers) == 1 else 's'}"
        problems.append((number, f"{shape} mask needs {_SIZES[shape]}; {given} given"))
        return None
    return Mask(number, shape, tuple(numbers), label, card)


def groups(masks: Sequence[Mask]) -> dict[str, int]:
    """Return each group's cloze number by its label, in the order labels first appear.

    A group takes the number written on one of its masks (``c3: Left atrium``, the first one
    written); the others take 1, 2, ... skipping the numbers written.
    """
    asked = [mask for mask in masks if mask.shape != "text"]
    written: dict[str, int] = {}
    for mask in asked:
        if mask.number:
            written.setdefault(mask.label, mask.number)
    taken = set(written.values())
    found: dict[str, int] = {}
    free = 1
    for mask in asked:
        if mask.label in found:
            continue
        if mask.label in written:
            found[mask.label] = written[mask.label]
            continue
        while free in taken:
            free += 1
        found[mask.label] = free
        taken.add(free)
    return found


def numbering_problems(masks: Sequence[Mask]) -> list[tuple[int, str]]:
    """Return (line, message) for a card number given to two groups, or two to one group."""
    problems = []
    by_label: dict[str, Mask] = {}
    by_number: dict[int, Mask] = {}
    for mask in (m for m in masks if m.number and m.shape != "text"):
        first = by_label.setdefault(mask.label, mask)
        if first.number != mask.number:
            problems.append(
                (
                    mask.line,
                    f"group '{mask.label}' is c{first.number} at line {first.line}, here "
                    f"c{mask.number}: a group is one card, with one number",
                )
            )
            continue
        other = by_number.setdefault(mask.number, mask)
        if other.label != mask.label:
            problems.append(
                (
                    mask.line,
                    f"c{mask.number} is group '{other.label}' at line {other.line}: two groups "
                    "would be one card; give this one a number no group has",
                )
            )
    return problems


def display(number: float) -> str:
    """Return a number as Anki's mask editor writes it (``floatToDisplay``: ``.25``, ``1.``)."""
    if number == 0:
        return ".0000"
    return re.sub(r"^0+|0+$", "", f"{number:.4f}")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _properties(mask: Mask) -> list[tuple[str, str]]:
    """Return the mask's properties in the order Anki's mask editor writes them."""
    n = mask.numbers
    if mask.shape == "polygon":
        xs, ys = n[0::2], n[1::2]
        points = " ".join(f"{display(x)},{display(y)}" for x, y in zip(xs, ys, strict=True))
        return [("left", display(min(xs))), ("top", display(min(ys))), ("points", points)]
    place = [("left", display(n[0])), ("top", display(n[1]))]
    if mask.shape == "rect":
        return [*place, ("width", display(n[2])), ("height", display(n[3]))]
    if mask.shape == "ellipse":  # written as its box; Anki keeps the radii
        return [*place, ("rx", display(n[2] / 2)), ("ry", display(n[3] / 2))]
    return [*place, ("text", mask.label), ("scale", display(1))]


def occlusion_cloze(masks: Sequence[Mask], occlude: str = "all") -> str:
    """Return the ``Occlusion`` field's text, as Anki's mask editor writes it.

    ``occlude``: ``all`` hides every mask on the front and asks for one (``oi=1``), ``one``
    hides only the one asked. Text masks are shown on every card (cloze number 0).
    """
    numbers = groups(masks)
    out = []
    for mask in masks:
        ordinal = 0 if mask.shape == "text" else numbers[mask.label]
        text = "".join(f":{key}={_escape(value)}" for key, value in _properties(mask))
        if occlude == "all":
            text += ":oi=1"
        out.append(f"{{{{c{ordinal}::image-occlusion:{mask.shape}{text}}}}}<br>")
    return "".join(out)


def group_labels(masks: Sequence[Mask]) -> str:
    """Return the ``Comments`` field's text: each group's number and label, a line each."""
    numbered = sorted(groups(masks).items(), key=lambda item: item[1])
    return "\n".join(f"c{number}: {label}" for label, number in numbered)


_LABEL = re.compile(r"^c(\d+): (.+)$")
_BREAK = re.compile(r"<br\s*/?>|\n", re.I)


def comment_labels(comments: str) -> dict[int, str] | None:
    """Return the group labels a ``Comments`` field's HTML holds (``c1: Left atrium``) by number.

    Our builds write one line a group; None when the field holds anything else (a note made in
    Anki), ``{}`` when it is empty.
    """
    labels: dict[int, str] = {}
    for line in (line.strip() for line in _BREAK.split(comments)):
        if not line:
            continue
        found = _LABEL.match(html.unescape(line))
        if found is None:
            return None
        labels[int(found.group(1))] = found.group(2)
    return labels


_CLOZE_MASK = re.compile(
    r"\{\{c(\d+)::image-occlusion:(rect|ellipse|polygon|text)((?:[^}]|\}(?!\}))*)\}\}"
)
_PROPERTY = re.compile(r":([A-Za-z]+)=((?:\\.|[^\\:])*)")


class AnkiMask(msgspec.Struct, frozen=True):
    """One mask as an ``Occlusion`` field holds it: ``{{c1::image-occlusion:rect:left=.1...}}``."""

    ordinal: int
    """The cloze number: the card (group) it belongs to; 0 for a text shown on every card."""
    shape: str
    """``rect``, ``ellipse``, ``polygon`` or ``text``."""
    properties: tuple[tuple[str, str], ...]
    """Its properties as (name, value), backslash escapes undone (``left``, ``oi``, ...)."""

    def get(self, name: str) -> str:
        """Return the value of property ``name``, "" when it has none."""
        return next((value for key, value in self.properties if key == name), "")

    def number(self, name: str) -> float:
        """Return property ``name`` as a number, 0 when it has none or it is no number."""
        try:
            return float(self.get(name) or "0")
        except ValueError:
            return 0.0


def anki_masks(field: str) -> list[AnkiMask]:
    """Return the masks of an ``Occlusion`` field's HTML, in order (rslib ``cloze.rs``)."""
    found = []
    for match in _CLOZE_MASK.finditer(html.unescape(field)):
        properties = tuple(
            (name, re.sub(r"\\(.)", r"\1", value))
            for name, value in _PROPERTY.findall(match.group(3))
        )
        found.append(AnkiMask(int(match.group(1)), match.group(2), properties))
    return found


def _percent(value: float) -> str:
    return f"{round(value * 100, 4):g}%"


def mask_line(mask: AnkiMask, label: str, number: int = 0) -> str:
    """Return ``mask`` as a line of the Markdown list: ``- rect 10% 20% 30% 10%: label``.

    ``number``, when given, is written before the label: ``- rect 10% 20% 30% 10% c3: label``.
    """
    left, top = _percent(mask.number("left")), _percent(mask.number("top"))
    tail = f" c{number}: {label}" if number else f": {label}"
    if mask.shape == "rect":
        size = f"{_percent(mask.number('width'))} {_percent(mask.number('height'))}"
        return f"- rect {left} {top} {size}{tail}"
    if mask.shape == "ellipse":
        size = f"{_percent(2 * mask.number('rx'))} {_percent(2 * mask.number('ry'))}"
        return f"- ellipse {left} {top} {size}{tail}"
    if mask.shape == "polygon":
        points = []
        for pair in mask.get("points").split():
            x, _, y = pair.partition(",")
            try:
                points.append(f"{_percent(float(x))} {_percent(float(y))}")
            except ValueError:
                continue
        return f"- polygon {', '.join(points)}{tail}"
    return f"- text {left} {top}: {mask.get('text')}"
