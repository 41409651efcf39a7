"""An image occlusion card's two sides for the preview: the masks drawn over the image; pure.

Anki draws the masks with its reviewer's script on a canvas (``anki.imageOcclusion.setup()``);
the preview has no such script, so it places each mask over the ``<img>`` itself, in the
colours of Anki's stock stylesheet: on the front the group asked in red and, with ``oi=1``
("hide all, guess one"), the others in yellow; on the back the group asked outlined.
"""

from __future__ import annotations

import html

from ankismith.parse.occlusion import AnkiMask, anki_masks

ACTIVE, INACTIVE, BORDER = "#ff8e8e", "#ffeba2", "#212121"
TEXT = "color:#000;background:#fff;padding:0 .2em;line-height:1.2;white-space:nowrap"
"""Anki's stock colours (``--active-shape-color``, ``--inactive-shape-color``, the border)."""


def _percent(value: float) -> str:
    return f"{value * 100:.4g}%"


def _shape(mask: AnkiMask, style: str) -> str:
    """Return one mask as HTML placed over the image by percentages of its box."""
    shape, left, top = mask.shape, mask.number("left"), mask.number("top")
    if shape == "text":
        text = html.escape(mask.get("text"))
        # Anki writes text masks black on white (tools/lib.ts TEXT_COLOR, its background).
        place = f"left:{_percent(left)};top:{_percent(top)};{TEXT}"
        return f'<span class="io-text" style="position:absolute;{place}">{text}</span>'
    if shape == "polygon":
        points = html.escape(mask.get("points"))
        return (
            '<svg viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true" '
            'style="position:absolute;left:0;top:0;width:100%;height:100%">'
            f'<polygon points="{points}" style="{style}" vector-effect="non-scaling-stroke"/></svg>'
        )
    if shape == "ellipse":
        width, height = 2 * mask.number("rx"), 2 * mask.number("ry")
        style += ";border-radius:50%"
    else:
        width, height = mask.number("width"), mask.number("height")
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
    for mask in anki_masks(fields.get("Occlusion", "")):
        shape = mask.shape
        if shape == "text" or mask.ordinal == 0:
            style = ""
        elif mask.ordinal == number:
            style = _style(shape, "transparent", ACTIVE) if back else _style(shape, ACTIVE, BORDER)
        elif mask.get("oi") == "1":
            style = _style(shape, INACTIVE, BORDER)
        else:
            continue
        masks.append(_shape(mask, style))
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
