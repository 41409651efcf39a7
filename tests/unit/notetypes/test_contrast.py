"""Colour contrast: the WCAG formula, nudging colours, and the code colours we ship."""

from __future__ import annotations

import re

import pytest

from ankismith.notetypes.builtin import template_text
from ankismith.notetypes.contrast import MIN_CONTRAST, contrast, parse_hex, readable, to_hex
from ankismith.notetypes.css import CODE_BACKGROUNDS, LIGHT_STYLE, highlight_css

WHITE, BLACK = (255, 255, 255), (0, 0, 0)


def test_contrast_matches_the_wcag_reference_values() -> None:
    assert contrast(WHITE, BLACK) == pytest.approx(21)
    assert contrast(WHITE, WHITE) == pytest.approx(1)
    assert contrast(parse_hex("#777"), WHITE) == pytest.approx(4.48, abs=0.01)
    assert (
        contrast(parse_hex("#60A0B0"), parse_hex("#f0f0f0")) < MIN_CONTRAST
    )  # friendly's comments


def test_hex_round_trip_and_bad_input() -> None:
    assert to_hex(parse_hex("#0aF")) == "#00aaff"
    with pytest.raises(ValueError, match="not a hex colour"):
        parse_hex("#12345")


@pytest.mark.parametrize("background", ["#ffffff", "#f6f8fa", "#1b1d21", "#262a31"])
def test_readable_reaches_the_minimum_and_leaves_good_colours_alone(background: str) -> None:
    back = parse_hex(background)
    for colour in ("#60a0b0", "#8b949e", "#ff0000", "#777777", "#3fb950"):
        fixed = readable(parse_hex(colour), (back,))
        assert contrast(fixed, back) >= MIN_CONTRAST
        if contrast(parse_hex(colour), back) >= MIN_CONTRAST:
            assert fixed == parse_hex(colour)
    assert readable(parse_hex("#60a0b0"), (parse_hex("#f6f8fa"),)) != parse_hex("#60a0b0")


def test_code_backgrounds_are_the_stylesheets() -> None:
    css = template_text("style.css")
    declared = re.findall(r"--code-bg: (#[0-9a-f]{6});", css)
    assert declared == [CODE_BACKGROUNDS["light"], CODE_BACKGROUNDS["night"]]


def test_every_shipped_token_colour_reads_on_its_background() -> None:
    css = highlight_css()
    checked = 0
    for selector, body in re.findall(r"^([^{]*\.highlight[^{]*)\{([^}]*)\}", css, flags=re.M):
        colour = re.search(r"(?<![-\w])color: (#[0-9A-Fa-f]{3,6})", body)
        if not colour:
            continue
        own = re.search(r"background-color: (#[0-9A-Fa-f]{3,6})", body)
        mode = "night" if selector.startswith((".nightMode", ".night_mode")) else "light"
        behind = parse_hex(own[1] if own else CODE_BACKGROUNDS[mode])
        assert contrast(parse_hex(colour[1]), behind) >= MIN_CONTRAST, (selector, body)
        checked += 1
    assert checked > 100
    assert f"Pygments '{LIGHT_STYLE}'" in css and "background: #" not in css
