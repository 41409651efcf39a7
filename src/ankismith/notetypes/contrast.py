"""WCAG 2 contrast of colours, and nudging a colour until text in it reads on a background."""

from __future__ import annotations

from functools import cache

MIN_CONTRAST = 4.5
"""WCAG 2 level AA for body text: every text colour on our cards meets it."""

RGB = tuple[int, int, int]


def parse_hex(colour: str) -> RGB:
    """Return the RGB of ``#abc`` or ``#aabbcc`` (case-insensitive)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        raise ValueError(f"not a hex colour: {colour!r}")
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def to_hex(rgb: RGB) -> str:
    """Return ``#rrggbb`` for an RGB triple."""
    return "#" + "".join(f"{channel:02x}" for channel in rgb)


@cache  # the code styles' CSS asks of 41 colours 144 times, on each build
def luminance(rgb: RGB) -> float:
    """Return the WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: RGB, second: RGB) -> float:
    """Return the WCAG contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@cache
def readable(text: RGB, backgrounds: tuple[RGB, ...], minimum: float = MIN_CONTRAST) -> RGB:
    """Return ``text``, or the nearest mix of it towards black or white reaching ``minimum``.

    The contrast is met on every one of ``backgrounds`` (all light or all dark); the hue stays.
    """
    target = (0, 0, 0) if min(luminance(b) for b in backgrounds) > 0.18 else (255, 255, 255)
    for step in range(101):
        share = step / 100
        mixed = tuple(round(c + (t - c) * share) for c, t in zip(text, target, strict=True))
        candidate: RGB = (mixed[0], mixed[1], mixed[2])
        if all(contrast(candidate, b) >= minimum for b in backgrounds):
            return candidate
    return target
