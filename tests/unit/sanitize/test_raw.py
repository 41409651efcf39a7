"""Raw HTML as GitHub allows it: allowlisted tags pass, any other tag is shown as text."""

from __future__ import annotations

import re

import markdown
import pytest

from ankismith.sanitize.policy import RAW_TAGS
from ankismith.sanitize.raw import RAW_HTML, allow_raw_html


def html(text: str) -> str:
    md = markdown.Markdown()
    allow_raw_html(md, lambda src: f"bundled-{src}" if src == "a.png" else None)
    return md.convert(text)


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("Press <kbd>Ctrl</kbd>+<kbd>C</kbd>", "<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd></p>"),
        ("H<sub>2</sub>O, <KBD>y</KBD>", "<p>H<sub>2</sub>O, <KBD>y</KBD></p>"),
        ("line<br/>break", "<p>line<br/>break</p>"),
        ("Vec<String> and <b>x</b>", "<p>Vec&lt;String&gt; and &lt;b&gt;x&lt;/b&gt;</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("<kbdx>y</kbdx>", "<p>&lt;kbdx&gt;y&lt;/kbdx&gt;</p>"),  # a longer name is no kbd
        ("`<kbd>x</kbd>`", "<p><code>&lt;kbd&gt;x&lt;/kbd&gt;</code></p>"),
        ("    <kbd>x</kbd>", "<pre><code>&lt;kbd&gt;x&lt;/kbd&gt;\n</code></pre>"),
    ],
)
def test_only_allowlisted_tags_are_html(text: str, out: str) -> None:
    assert html(text) == out


def test_a_summary_line_is_not_wrapped_in_a_paragraph() -> None:
    text = "<details>\n<summary>Hint</summary>\nText\n</details>"
    assert html(text) == text


def test_a_raw_image_points_at_its_bundled_file() -> None:
    assert (
        html('<img src="a.png" alt="A & B">') == '<p><img src="bundled-a.png" alt="A &amp; B"></p>'
    )
    assert html('<img src="b.png">') == '<p><img src="b.png"></p>'  # not bundled: as written


@pytest.mark.parametrize("tag", sorted(RAW_TAGS))
def test_every_allowlisted_tag_matches_the_pattern(tag: str) -> None:
    assert re.fullmatch(RAW_HTML, f'<{tag} class="x">')
    assert re.fullmatch(RAW_HTML, f"</{tag}>")
    assert not re.fullmatch(RAW_HTML, f"<{tag}-x>")
