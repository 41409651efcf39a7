"""The sanitiser's shortcut: style attributes only written anew report nothing removed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankismith.render.fields import Renderer
from ankismith.sanitize import clean
from ankismith.sanitize.clean import sanitize
from tests.helpers import examples

ALIGN = st.sampled_from(["---", ":---", "---:", ":---:"])
CELL = st.sampled_from(["a", "*b*", "`c`", "1", "<b>x</b>", "<span style='color: red'>y</span>"])
STYLED = st.sampled_from(
    [
        '<p style="text-align: right;">a</p>',
        '<span style="color: red; font-weight: bold;">a</span>',
        '<span style="color:red">a</span>',
        '<span style="position: absolute; color: red;">a</span>',
        '<td style="text-align: center">a</td>',
        '<div style="">a</div>',
        '<span style="color: red;;">a</span>',
        '<a href="javascript:x" style="color: blue;">a</a>',
    ]
)


def _slow(html: str) -> clean.Sanitized:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clean, "_style_as_cleaned", lambda value: "\0")  # never equal
        return sanitize(html)


@given(st.lists(st.tuples(ALIGN, CELL, CELL), min_size=1, max_size=4))
@settings(max_examples=examples())
def test_tables_sanitise_as_the_inventory_says(columns: list[tuple[str, str, str]]) -> None:
    heads, aligns, cells = zip(*columns, strict=True)
    table = "\n".join("| " + " | ".join(row) + " |" for row in (heads, aligns, cells))
    html = Renderer().html(table)
    assert sanitize(html) == _slow(html)


@given(st.lists(STYLED, min_size=1, max_size=3).map("".join))
@settings(max_examples=examples())
def test_styles_sanitise_as_the_inventory_says(html: str) -> None:
    assert sanitize(html) == _slow(html)
