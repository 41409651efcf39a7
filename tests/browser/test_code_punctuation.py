"""A comma after inline code stays on the code's line, at phone width, in Chromium.

Inline code is an inline block, so that a span too long for the line scrolls on its own; and
Chromium (which Anki desktop and AnkiDroid draw cards with) may break a line between such a box
and the punctuation right after it. Our field HTML and stylesheet must keep them together.
Each text below is rendered by our renderer, put on a card 360 px wide with our stylesheet,
with the code moved along the line one letter at a time so that it lands on every place where
a line could break.
"""

from __future__ import annotations

from typing import Any

from ankismith.notetypes.css import notetype_css
from ankismith.render.fields import Renderer

PUNCTUATION = (",", ".", ";", ":", ")", "?", "!")

# For every code span followed by text: the code's box and that text's first character's, as
# [top, bottom] pairs.
MEASURE = """() => [...document.querySelectorAll('code')].flatMap((code) => {
  let next = code.nextSibling;
  if (!next || next.nodeType !== Node.TEXT_NODE || !next.data) return [];
  const range = document.createRange();
  range.setStart(next, 0);
  range.setEnd(next, 1);
  const box = code.getBoundingClientRect(), mark = range.getBoundingClientRect();
  return [[[box.top, box.bottom], [mark.top, mark.bottom], next.data[0]]];
})"""


def _card(html: str) -> str:
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><style>{notetype_css({})}</style></head>'
        f'<body class="card"><div class="ankismith"><div class="answer">{html}</div></div>'
        "</body></html>"
    )


def test_punctuation_after_inline_code_never_starts_a_line(browser: Any) -> None:
    renderer = Renderer()
    context = browser.new_context(viewport={"width": 360, "height": 640})
    view = context.new_page()
    stranded: list[str] = []
    measured = 0
    for shift in range(40):
        markdown = " ".join(
            f"{'x' * shift} Set the option `lora_alpha_value`{mark} then go on."
            for mark in PUNCTUATION
        )
        view.set_content(_card(renderer.html(markdown)))
        for (code_top, code_bottom), (mark_top, mark_bottom), mark in view.evaluate(MEASURE):
            measured += 1
            if not (mark_top < code_bottom and mark_bottom > code_top):  # not side by side
                stranded.append(f"{mark!r} after {shift} letters")
    context.close()
    assert measured == 40 * len(PUNCTUATION)
    assert stranded == []
