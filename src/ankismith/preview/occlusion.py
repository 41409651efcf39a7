"""An image occlusion card's two sides for the preview: the masks drawn over the image; pure.

Anki draws the masks with its reviewer's script on a canvas (``anki.imageOcclusion.setup()``);
the preview has no such script, so it places each mask over the ``<img>`` itself, in the
colours of Anki's stock stylesheet: on the front the group asked in red and, with ``oi=1``
("hide all, guess one"), the others in yellow; on the back the group asked outlined.
"""

from __future__ import annotations

import html
import re

_MASK = re.compile(
    r"\{\{c(\d+)::image-occlusion:(rect|ellipse|polygon|text)((?:[^}]|\}(?!\}))*)\}\}"
)
_PROPERTY = re.compile(r":([a-z]+)=((?:\\.|[^\\:])*)")
ACTIVE, INACTIVE, BORDER = "#ff8e8e", "#ffeba2", "#212121"
TEXT = "color:#000;background:#fff;padding:0 .2em;line-height:1.2;white-space:nowrap"
"""Anki's stock colours (``--active-shape-color``, ``--inactive-shape-color``, the border)."""


def _number(properties: dict[str, str], key: str) -> float:
    try:
        return float(properties.get(key, "0") or "0")
    except ValueError:
        return 0.0


def _percent(value: float) -> str:
    return f"{value * 100:.4g}%"


def _shape(shape: str, properties: dict[str, str], style: str) -> str:
    """Return one mask as HTML placed over the image by percentages of its box."""
    left, top = _number(properties, "left"), _number(properties, "top")
    if shape == "text":
        text = html.escape(html.unescape(properties.get("text", "")))
        # Anki writes text masks black on white (tools/lib.ts TEXT_COLOR, its background).
        place = f"left:{_percent(left)};top:{_percent(top)};{TEXT}"
        return f'<span class="io-text" style="position:absolute;{place}">{text}</span>'
    if shape == "polygon":
        points = html.escape(properties.get("points", ""))
        return (
            '<svg viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true" '
            'style="position:absolute;left:0;top:0;width:100%;height:100%">'
            f'<polygon points="{points}" style="{style}" vector-effect="non-scaling-stroke"/></svg>'
        )
    if shape == "ellipse":
        width, height = 2 * _number(properties, "rx"), 2 * _number(properties, "ry")
        style += ";border-radius:50%"
    else:
        width, height = _number(properties, "width"), _number(properties, "height")
    box = (
        f"left:{_percent(left)};top:{_percent(top)};"
        f"width:{_percent(width)};height:{_percent(height)}"
    )
    return (
        f'<div class="io-mask" style="position:absolute;box-sizing:border-box;{box};{style}"></div>'
    )


def _style(shape: str, fill: str, outline: str) -> str:
    if shape == "polygon":
        return f"fill:{fill};stroke:{outline};stroke-width:1px"
    return f"background:{fill};border:1px solid {outline}"


def occlusion_side(fields: dict[str, str], number: int, *, back: bool) -> str:
    """Return one side of the image occlusion card asking group ``number``, masks drawn.

    ``fields`` are the note's (``Occlusion``, ``Image``, ``Header``, ``Back Extra``).
    """
    masks = []
    for found in _MASK.finditer(html.unescape(fields.get("Occlusion", ""))):
        ordinal, shape = int(found.group(1)), found.group(2)
        properties = dict(_PROPERTY.findall(found.group(3)))
        properties = {k: re.sub(r"\\(.)", r"\1", v) for k, v in properties.items()}
        if shape == "text" or ordinal == 0:
            style = ""
        elif ordinal == number:
            style = _style(shape, "transparent", ACTIVE) if back else _style(shape, ACTIVE, BORDER)
        elif properties.get("oi") == "1":
            style = _style(shape, INACTIVE, BORDER)
        else:
            continue
        masks.append(_shape(shape, properties, style))
    header = fields.get("Header", "")
    out = [f"<div>{header}</div>"] if header else []
    out.append(
        '<div id="image-occlusion-container" '
        'style="position:relative;display:inline-block;max-width:100%;line-height:0">'
        f"{fields.get('Image', '')}{''.join(masks)}</div>"
    )
    if back and fields.get("Back Extra"):
        out.append(f"<div>{fields['Back Extra']}</div>")
    return "\n".join(out)
