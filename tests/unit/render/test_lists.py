"""Lists as GitHub reads them: nested by 2 or 4 spaces, right under a paragraph, numbered on."""

from __future__ import annotations

import markdown
import pytest

from ankismith.render.lists import GitHubLists

NESTED = "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>"


def html(text: str) -> str:
    return markdown.Markdown(extensions=[GitHubLists(), "pymdownx.superfences"]).convert(text)


@pytest.mark.parametrize("indent", [2, 3, 4, 6])
def test_any_indent_past_the_marker_nests_one_level(indent: int) -> None:
    assert html(f"- a\n{' ' * indent}- b\n- c") == NESTED


def test_a_list_may_start_right_under_a_line_of_text() -> None:
    assert html("Text\n- a\n- b") == "<p>Text</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_a_numbered_list_keeps_its_first_number() -> None:
    assert html("3. three\n4. four") == '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'


def test_an_outer_item_ends_a_loose_nested_list() -> None:
    out = html("- a\n\n  - b\n\n  - c\n- d")
    assert out.count("<ul>") == 2
    assert out.endswith("</ul>\n</li>\n<li>\n<p>d</p>\n</li>\n</ul>")


def test_a_fenced_block_is_left_as_written() -> None:
    assert "<code>Text\n- item\n</code>" in html("```\nText\n- item\n```")


def test_the_extension_loads_by_module_name() -> None:
    by_name = markdown.Markdown(extensions=["ankismith.render.lists"]).convert("- a\n  - b\n- c")
    assert by_name == NESTED
