"""The inline stage that skips patterns: it skips only what cannot match, so the HTML is the same."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from ankismith.render.fields import Renderer
from ankismith.render.inline import NEEDS, SkippingInlineProcessor
from tests.helpers import SAMPLE

RENDERER = Renderer()
PATTERNS = RENDERER._md.inlinePatterns
# Text made of what inline patterns look for, and of what surrounds it.
MARKDOWN = st.lists(
    st.sampled_from([*"`$\\[]()!<>@&*_~:/.w W-#;|\n\t", "  \n", "http", "www.", "a@b.c", "x"]),
    max_size=40,
).map("".join)


def _own_renderer() -> Renderer:
    renderer = Renderer()
    md = renderer._md
    md.treeprocessors.register(InlineProcessor(md), "inline", 20)
    return renderer


OWN = _own_renderer()


def test_every_needs_entry_names_a_pattern_the_renderer_has() -> None:
    assert sorted(NEEDS) == sorted(n for n in NEEDS if n in PATTERNS)
    assert isinstance(RENDERER._md.treeprocessors["inline"], SkippingInlineProcessor)


@given(MARKDOWN)
def test_a_text_without_what_a_pattern_needs_is_never_matched_by_it(text: str) -> None:
    for name, needs in NEEDS.items():
        if not re.search(needs, text):
            assert PATTERNS[name].compiled_re.search(text) is None, name


@given(MARKDOWN)
def test_the_html_is_python_markdowns_own(text: str) -> None:
    assert RENDERER.html(text) == OWN.html(text)


def test_the_sample_deck_renders_as_python_markdown_renders_it() -> None:
    pieces = [
        piece
        for path in sorted(SAMPLE.rglob("*.md"))
        for piece in path.read_text(encoding="utf-8").split("\n\n")
    ]
    assert len(pieces) > 100
    assert [RENDERER.html(p) for p in pieces] == [OWN.html(p) for p in pieces]
