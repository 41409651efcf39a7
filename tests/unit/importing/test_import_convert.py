"""Field HTML to Markdown: readable, and rendered back by the build to the same visible text."""

from __future__ import annotations

import re
from pathlib import Path

import bs4
import markdownify
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankismith.importing import convert
from ankismith.importing.cards import guid_value
from ankismith.importing.convert import FieldConverter, to_markdown
from ankismith.importing.soup import QuickSoup
from ankismith.parse.settings import DeckSettings
from ankismith.render.fields import Renderer, clean
from ankismith.text import visible_text
from tests.helpers import examples, parse_text

MEDIA = {"grüße ü.png": "_media/grüße ü.png", "a b.mp3": "_media/a b.mp3"}

CASES = [
    (
        "a<br>b<div>c</div><div><b>bold</b> and <i>it</i></div>",
        "a<br>\nb\n\nc\n\n**bold** and *it*",
    ),
    ("{{c1::Paris::city}} is *the* capital_of", "{{c1::Paris::city}} is \\*the\\* capital\\_of"),
    ("&lt;b&gt; &amp; x", "&lt;b&gt; &amp; x"),
    ("Type 2+2 a=b", "Type 2+2 a=b"),
    ("a<br>===", "a<br>\n&#61;=="),
    ("1. not a list", "1\\. not a list"),
    ("x<sub>2</sub> <kbd>K</kbd>", "x<sub>2</sub> <kbd>K</kbd>"),
    ("<u>under</u>", '<span style="text-decoration: underline">under</span>'),
    ('<font color="red">red</font>', '<span style="color: red">red</span>'),
    ("<h1>Title</h1>", "#### Title"),
    ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
    ('<img src="grüße ü.png">', "![](_media/grüße%20ü.png)"),
    ("hear [sound:a b.mp3]", "hear [a b.mp3](_media/a%20b.mp3)"),
    # Inline MathJax as written (the build reads it as math); what needs no escape has none.
    ("\\(x^2\\) and \\[y\\]", "\\(x^2\\) and \\\\\\[y\\\\\\]"),
    ("\\(a_1*b\\) when 2) and a --- b", "\\(a_1*b\\) when 2) and a --- b"),
    ("---<br>2) x", "\\---<br>\n2\\) x"),
    ('<span class="arithmatex">\\(r \\ll x\\)</span>', "$r \\ll x$"),
    ("<pre>code\n  x</pre>", "```\ncode\n  x\n```"),
    ("a&nbsp;&amp; b <br/>\n 1. c<BR >", "a\xa0&amp; b <br>\n1\\. c<br>"),
]
# Text, line breaks and entities as Anki's editor writes them, and what Markdown escapes.
TEXT_PIECES = [
    "a",
    "b c",
    " ",
    "\t",
    "\n",
    " \n ",
    "\r\n",
    "\x0c",
    "\xa0",
    "\u2028",
    "<br>",
    "<br/>",
    "<BR />",
    "<br\n>",
    "&nbsp;",
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&nbsp",
    "&#39;",
    "1.",
    "1)",
    "#",
    "-",
    "*",
    "_",
    "\\",
    "=",
    "~",
    "+",
    "`",
    "[",
    "]",
    ">",
    "|",
    "===",
    "{{c1::",
    "}}",
]


@pytest.mark.parametrize(("html", "markdown"), CASES)
def test_readable_markdown(html: str, markdown: str) -> None:
    converted = to_markdown(html, MEDIA)
    assert converted.markdown == markdown
    assert converted.problems == ()


@pytest.mark.parametrize(
    "html", [html for html, _ in CASES if "[sound:" not in html and "arithmatex" not in html]
)
def test_rendered_back_to_the_same_text(html: str) -> None:
    renderer = Renderer()
    markdown = to_markdown(html, {"grüße ü.png": "grüße ü.png"}).markdown
    rendered = clean(renderer.html(markdown), renderer)
    assert "".join(visible_text(rendered).split()) == "".join(visible_text(html).split())


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<script>alert(1)</script>x", "a <script> (cards run no code) was dropped"),
        ('<iframe src="https://x"></iframe>x', "an <iframe> (cards work offline) was dropped"),
        (
            '<img src="gone.png">',
            "media file 'gone.png' is not in the package; its reference was dropped",
        ),
        (
            '<span style="background: url(x.png)">s</span>',
            "style 'background: url(x.png)' loads a URL; it was dropped",
        ),
        (
            '<span style="font-size: 30px; color: red">s</span>',
            "style 'font-size: 30px' is not kept on cards; it was dropped",
        ),
    ],
)
def test_what_cannot_be_kept_is_reported(html: str, problem: str) -> None:
    assert to_markdown(html, MEDIA).problems == (problem,)


@given(
    st.lists(st.sampled_from(TEXT_PIECES), min_size=1, max_size=12)
    .map("".join)
    .filter(lambda html: "<" in html or "&" in html)
)
@settings(max_examples=300)
def test_text_and_line_breaks_come_out_as_markdownify_makes_them(html: str) -> None:
    # Such fields are converted without parsing them: the same Markdown as parsing them.
    # (Text without '<' or '&' has its own way: one line, spaces collapsed.)
    converter = FieldConverter(MEDIA)
    assert converter.convert(html).markdown == converter.markdownify(html)


# Markup that nests, with <pre> at any depth, and text markdownify escapes.
WRAPPERS = [
    ("<pre>", "</pre>"),
    ("<code>", "</code>"),
    ("<b>", "</b>"),
    ("<i>", "</i>"),
    ("<ul><li>", "</li></ul>"),
    ("<ol><li>", "</li><li>x</li></ol>"),
    ("<p>", "</p>"),
    ("<table><tr><td>", "</td><td>2</td></tr></table>"),
    ("<div>", "</div>"),
    ("<u>", "</u>"),
    ("<sub>", "</sub>"),
    ('<span style="color: red">', "</span>"),
    ("<span>", "</span>"),
    ("<h2>", "</h2>"),
    ('<a href="x">', "</a>"),
    ("<blockquote>", "</blockquote>"),
    ("<kbd>", "</kbd>"),
]
NESTED_HTML = st.recursive(
    st.lists(st.sampled_from([*TEXT_PIECES, "2. x", "-- y", "## z", "a_b*c", " \n  "])).map(
        "".join
    ),
    lambda inner: st.tuples(st.sampled_from(WRAPPERS), st.lists(inner, min_size=1, max_size=3)).map(
        lambda wrap: wrap[0][0] + "".join(wrap[1]) + wrap[0][1]
    ),
    max_leaves=12,
).filter(lambda html: bool(html.strip()))


@given(NESTED_HTML)
@settings(max_examples=examples())
def test_quick_tree_and_escaping_give_markdownify_s_own_markdown(html: str) -> None:
    # The quick ancestor walk and the skipped escaping against BeautifulSoup's own tree and
    # markdownify escaping every text.
    quick = FieldConverter(MEDIA).markdownify(html)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(convert, "_ESCAPABLE", re.compile(""))
        patch.setattr(convert, "QuickSoup", lambda text: bs4.BeautifulSoup(text, "html.parser"))
        assert FieldConverter(MEDIA).markdownify(html) == quick


@given(NESTED_HTML)
@settings(max_examples=examples())
def test_quick_find_parent_finds_what_beautifulsoup_finds(html: str) -> None:
    soup = QuickSoup(html)
    for element in [soup, *soup.descendants]:
        for name in ("pre", "li", "b", "[document]"):
            expected = bs4.Tag.find_parent(element, name)  # type: ignore[arg-type]
            assert element.find_parent(name) is expected


@given(st.text(st.sampled_from([*" \n\ta1.)#-*_=+~|[]<>&`\\x9", "\xa0", "١"]), max_size=20))
def test_text_markdownify_would_not_escape_is_recognised(text: str) -> None:
    escaped = markdownify.MarkdownConverter(escape_misc=True).escape(text, set())
    if not convert._ESCAPABLE.search(text):
        assert escaped == text


def test_media_used_are_listed_once_per_reference() -> None:
    converted = to_markdown('<img src="grüße ü.png"> [sound:a b.mp3]', MEDIA)
    assert converted.media == ("grüße ü.png", "a b.mp3")


@pytest.mark.parametrize(
    ("guid", "written"),
    [("ab", "ab"), ("a;b", '"a;b"'), ("a-->b", '"a--\\>b"'), ("a\\b", '"a\\\\b"')],
)
def test_every_guid_anki_makes_can_be_written(guid: str, written: str, tmp_path: Path) -> None:
    assert guid_value(guid) == written
    card = f"## Q\n<!-- id: q; guid: {written} -->\n### Answer\nA\n"
    cards, errors = parse_text(DeckSettings(name="D", namespace="d"), card)
    assert (errors, cards[0].guid) == ([], guid)


@pytest.mark.parametrize("depth", [250, 5000])
def test_html_nested_deeper_than_the_limit_keeps_its_text(depth: int) -> None:
    html = "q " + "<div><b>" * depth + "deep words" + "</b></div>" * depth
    converted = to_markdown(html, {})
    assert converted.markdown == "q deep words"
    assert converted.problems == (
        f"the field's HTML nests {2 * depth} elements deep, more than a card holds: its text is "
        "kept without its formatting",
    )


def test_quotes_nested_past_what_a_card_file_holds_keep_their_text() -> None:
    html = "<blockquote>" * 33 + "x" + "</blockquote>" * 33
    assert to_markdown(html, {}).problems == (
        "the field's HTML nests 33 lists or quotes deep, more than a card holds: its text is "
        "kept without its formatting",
    )
    html = "<blockquote>" * 32 + "x" + "</blockquote>" * 32
    converted = to_markdown(html, {})
    assert converted.problems == () and converted.markdown.endswith("> x")
