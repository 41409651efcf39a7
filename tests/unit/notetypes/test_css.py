"""The code highlighting CSS: shipped as made with one Pygments, made anew with any other."""

from __future__ import annotations

from pathlib import Path

import pygments

from ankismith.notetypes import css as module
from ankismith.notetypes.css import SHIPPED, highlight_css, made_with, make_highlight_css

REMAKE = "run: python -m ankismith.notetypes.css (and review the diff)"


def test_the_shipped_css_is_what_the_installed_pygments_makes() -> None:
    shipped = Path(module.__file__).with_name(SHIPPED)
    made, _, css = shipped.read_text(encoding="utf-8").partition("\n")
    assert made == made_with(pygments.__version__), f"highlight.css is out of date: {REMAKE}"
    assert css == make_highlight_css(), f"highlight.css is out of date: {REMAKE}"


def test_the_css_is_the_same_either_way() -> None:
    assert highlight_css() == make_highlight_css()


def test_another_pygments_makes_its_own() -> None:
    # The first line names the version: a file made with another is never used.
    assert made_with("2.17.0") != made_with(pygments.__version__)
    assert made_with(pygments.__version__).startswith("/* made with Pygments ")
