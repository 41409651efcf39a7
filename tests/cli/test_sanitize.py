"""The output sanitiser: what passes, what is removed, and that each removal is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from ankismith.cli import main
from ankismith.parse.settings import DeckSettings
from ankismith.render.fields import Renderer, render_one
from ankismith.sanitize import mathjax
from ankismith.sanitize.clean import sanitize
from ankismith.sanitize.policy import RAW_TAGS
from tests.helpers import DECK_YAML, assert_within_allowlist, parse_text, write_files

SETTINGS = DeckSettings(name="T", namespace="t")


@pytest.mark.parametrize("tag", sorted(RAW_TAGS - {"img", "br"}))
def test_allowlisted_raw_tags_reach_the_card(tag: str) -> None:
    html = Renderer().html(f"a <{tag}>b</{tag}> c")
    assert f"<{tag}>b</{tag}>" in sanitize(html).html


def test_a_task_list_keeps_its_boxes_as_disabled_checkboxes_and_nothing_else() -> None:
    done = sanitize(Renderer().html("- [ ] one\n- [x] two\n"))
    assert done.removed == ()
    assert done.html.count('type="checkbox"') == 2 and done.html.count('disabled=""') == 2
    assert done.html.count('checked=""') == 1
    forged = sanitize('<input type="text" value="x" onfocus="alert(1)">')
    assert forged.html == '<input type="checkbox" disabled="">'
    assert [r.message for r in forged.removed] == [
        "removed attribute 'value' from <input>: not allowed on a card",
        "removed attribute 'onfocus' from <input>: not allowed on a card",
    ]


@pytest.mark.parametrize(
    "markdown",
    [
        "Vec<String>",
        "<b>bold</b>",
        "<script>alert(1)</script>",
        "<iframe src=x>",
        "<svg/onload=alert(1)>",
    ],
)
def test_other_tags_stay_visible_as_text(markdown: str) -> None:
    html = sanitize(Renderer().html(markdown)).html
    assert "&lt;" in html and "<" + markdown[1:] not in html


@pytest.mark.parametrize(
    "markdown",
    [
        "[a](javascript:alert(1))",
        "[a](JAVASCRIPT:alert(1))",
        "[a](&#106;avascript:alert(1))",
        "[a](java&#x09;script:alert(1))",
        "[a][r]\n\n[r]: javascript:alert(1)",
        '<img src="javascript:alert(1)">',
        '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
        '<span onclick="alert(1)">x</span>',
        '<div style="background:url(https://example.org/x)">x</div>',
        "<img src=x onerror=alert(1)>",
        '```{#"><script>alert(1)</script><x}\ncode\n```',
        '```{.x onclick="alert(1)"}\ncode\n```',
    ],
)
def test_script_never_survives_and_the_removal_is_reported(markdown: str) -> None:
    (card,) = parse_text(
        SETTINGS, f"## Q\n<!-- id: q -->\n### Answer\n{markdown}\n", "content/a.md"
    )[0]
    done = render_one(card, Renderer())
    for field in done.fields:
        assert_within_allowlist(field)
        assert (
            "javascript" not in field.lower() and "onerror" not in field and "<script" not in field
        )
    if sanitize(Renderer().html(markdown)).removed:
        assert done.problems, "what was removed is reported (by the sanitiser or the media check)"


def test_pygments_math_choices_and_cloze_markup_are_kept() -> None:
    text = "## {{c1::x}} and $a^2$\n<!-- id: c; type: cloze -->\n\n```python\nx = 1\n```\n"
    (card,) = parse_text(SETTINGS, text, "content/a.md")[0]
    question = render_one(card, Renderer()).fields[0]
    assert '<span class="n">x</span>' in question and "{{c1::x}}" in question
    assert '<span class="arithmatex">\\(a^2\\)</span>' in question
    text = "## Pick\n<!-- id: p; shuffle: yes -->\n\n- [x] a\n- [ ] b\n"
    (card,) = parse_text(SETTINGS, text, "content/a.md")[0]
    choices = render_one(card, Renderer()).fields[1]
    assert (
        'data-shuffle="p"' in choices
        and 'data-index="1"' in choices
        and 'class="choice wrong"' in choices
    )


def test_removals_are_warnings_at_their_line(tmp_path: Path) -> None:
    card = '## Q\n<!-- id: q -->\n### Answer\nA\n\n<img src="pic.png" onerror="alert(1)">\n### Explanation\nE\n'
    root = write_files(
        tmp_path / "content", {"deck.yaml": DECK_YAML, "a.md": card, "pic.png": b"\x89PNG"}
    )
    result = CliRunner().invoke(main, ["build", str(root), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (
        f"{root}/a.md:6: warning: removed attribute 'onerror' from <img>: not allowed on a card [unsafe-html]"
        in result.stderr
    )


def test_a_raw_image_is_bundled_like_a_markdown_image(tmp_path: Path) -> None:
    (card,) = parse_text(
        SETTINGS, '## Q\n<!-- id: q -->\n### Answer\n<img src="../x.png">\n', "content/a.md"
    )[0]
    done = render_one(card, Renderer())
    assert [p.code for p in done.problems] == ["media-outside"] and not done.used


@pytest.mark.parametrize(
    "math",
    [
        r"$\href{javascript:alert(1)}{x}$",
        r"$\url{https://example.org}$",
        r"$\style{background:url(https://example.org/x)}{x}$",
        r"$\class{x}{y}$",
        r"$\cssId{x}{y}$",
        r"$\require{action}$",
        r"$\unicode[Webdings]{x41}$",
        r"$$\toggle{a}{b}\endtoggle$$",
        r"$\mathtip{a}{b}$",
        r"$\data{x=1}{y}$",
    ],
)
def test_mathjax_commands_that_link_style_or_load_are_errors_at_their_line(
    math: str, tmp_path: Path
) -> None:
    card = f"## Q\n<!-- id: q -->\n### Answer\nA\n\n{math}\n### Explanation\nE\n"
    root = write_files(tmp_path / "content", {"deck.yaml": DECK_YAML, "a.md": card})
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert (
        f"{root}/a.md:6: MathJax command \\" in result.stdout and "[unsafe-math]" in result.stdout
    )


@given(
    st.lists(
        st.sampled_from(
            [
                "\\href",
                "\\url",
                "href",
                "&#92;",
                "&bsol;",
                "&#x5C;url",
                "&amp;",
                "<code>",
                "</code>",
                "a",
                " ",
            ]
        ),
        max_size=8,
    ).map("".join)
)
def test_html_without_a_backslash_or_an_entity_holds_no_mathjax_command(html: str) -> None:
    assert mathjax.unsafe_math(html) == mathjax._commands(html)


def test_mathjax_commands_in_code_are_only_shown() -> None:
    (card,) = parse_text(
        SETTINGS,
        "## Q\n<!-- id: q -->\n### Answer\n`\\href{x}{y}`\n\n    \\url{x}\n",
        "content/a.md",
    )[0]
    assert not render_one(card, Renderer()).problems


@pytest.mark.parametrize(
    ("files", "line", "expect"),
    [
        (
            {
                "a.md": "---\ntags: [ok]\n---\n## Q\n<!-- id: q; tags: <svg/onload=alert(1)> -->\n### Answer\nA\n"
            },
            4,
            "tag '<svg/onload=alert(1)>' holds < >",
        ),
        (
            {"<img src=x onerror=alert(1)>/a.md": "## Q\n<!-- id: q -->\n### Answer\nA\n"},
            1,
            "deck name 'Test Deck::<img src=x onerror=alert(1)>' holds < >",
        ),
        (
            {
                "a.md": "---\ndeck: 'x\" onmouseover=\"alert(1)'\n---\n## Q\n<!-- id: q -->\n### Answer\nA\n"
            },
            4,
            'holds "',
        ),
        (
            {
                "Tom's/a.md": "## Q\n<!-- id: q -->\n### Answer\nA\n",
                "_templates/basic/back.html": "<div title='{{Deck}}'>{{Answer}}</div>",
            },
            1,
            "deck name 'Test Deck::Tom's' holds '",
        ),
    ],
)
def test_tags_and_deck_names_a_template_would_print_as_html_are_refused(
    files: dict[str, str], line: int, expect: str, tmp_path: Path
) -> None:
    root = write_files(tmp_path / "content", {"deck.yaml": DECK_YAML, **files})
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1, result.stdout
    found = [ln for ln in result.stdout.splitlines() if ln.endswith("[unsafe-name]")]
    assert len(found) == 1 and f".md:{line}: " in found[0] and expect in found[0], result.stdout


def test_an_apostrophe_in_a_deck_name_is_fine_while_no_template_prints_it(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "deck.yaml": DECK_YAML,
            "Tom's/a.md": "## Q\n<!-- id: q -->\n### Answer\nA\n### Explanation\nE\n",
        },
    )
    assert CliRunner().invoke(main, ["check", str(root)]).exit_code == 0


@pytest.mark.parametrize(
    ("override", "line", "what"),
    [
        ("{{Question}}\n<script>alert(1)</script>", 2, "a <script> that ankismith did not write"),
        ("{{Question}}\n<script src=x.js></script>", 2, "a <script> that loads code"),
        ("<div onclick='x()'>{{Question}}</div>", 1, "event handler 'onclick' on <div>"),
        ("{{Question}}\n\n<a href='javascript:x()'>a</a>", 3, "'javascript:x()' in href of <a>"),
    ],
)
def test_template_overrides_may_not_run_script(
    override: str, line: int, what: str, tmp_path: Path
) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "deck.yaml": DECK_YAML,
            "a.md": "## Q\n<!-- id: q -->\n### Answer\nA\n### Explanation\nE\n",
            "_templates/basic/front.html": override,
        },
    )
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert f"{root}/_templates/basic/front.html:{line}: {what}" in result.stdout, result.stdout


def test_an_override_keeping_our_choice_script_is_fine(tmp_path: Path) -> None:
    from ankismith.notetypes.builtin import template_text

    front = template_text("choice/front.html").replace("<div class", "<p>Pick one</p>\n<div class")
    root = write_files(
        tmp_path / "content",
        {
            "deck.yaml": DECK_YAML,
            "a.md": "## Q\n<!-- id: q -->\n\n- [x] a\n- [ ] b\n\n### Explanation\nE\n",
            "_templates/choice/front.html": front,
        },
    )
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0, result.stdout
