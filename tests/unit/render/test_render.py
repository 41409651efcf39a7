"""Rendering units: Markdown in, Anki field HTML out.

Each case in ``tests/data/render/`` is a pair: ``<case>.md`` holds the field's Markdown exactly
(no line break is added at its end), ``<case>.html`` the HTML it renders to (a line break at its
end is not part of it). Adding a case is adding the two files.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ankismith.content.read import Content
from ankismith.model import Card, Location, NoteKind
from ankismith.parse.settings import DeckSettings
from ankismith.render.deck import render_deck
from ankismith.render.fields import _PLAIN, ROOT, Renderer, card_fields, clean, simple_html
from ankismith.sanitize.clean import Sanitized, sanitize
from ankismith.sanitize.mathjax import unsafe_math
from tests.helpers import DATA, examples

CASES = DATA / "render"


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_there_are_render_cases() -> None:
    inputs = sorted(p.stem for p in CASES.glob("*.md"))
    assert inputs and inputs == sorted(p.stem for p in CASES.glob("*.html"))


@pytest.mark.parametrize("case", sorted(p.stem for p in CASES.glob("*.md")))
def test_render_case(case: str) -> None:
    expected = _read(CASES / f"{case}.html").removesuffix("\n")
    assert Renderer().html(_read(CASES / f"{case}.md")) == expected


def test_raw_html_is_shown_as_text() -> None:
    out = Renderer().html("Vec<String> and <script>alert(1)</script>")
    assert "<script>" not in out and "<String>" not in out
    assert "Vec&lt;String&gt;" in out and "&lt;script&gt;" in out


def test_fenced_code_and_tables() -> None:
    out = Renderer().html("```python\nif a < b:\n    pass\n```\n\n| x | y |\n|---|---|\n| 1 | 2 |")
    assert '<div class="highlight"><pre><span></span><code><span class="k">if</span>' in out
    assert '<span class="o">&lt;</span>' in out
    assert "<table>" in out and "<td>1</td>" in out


def test_reused_instance_does_not_leak_state() -> None:
    renderer = Renderer()
    first = renderer.html("Text[^1] with [ref]\n\n[ref]: http://a.example")
    second = renderer.html("[ref]")
    assert 'href="http://a.example"' in first
    assert second == "<p>[ref]</p>"


def test_card_fields_follow_note_type_order() -> None:
    card = Card(
        location=Location("content/x.md", 1),
        kind=NoteKind.BASIC,
        card_id="c<1>",
        explicit_id=True,
        question="Q?",
        answer="**A**",
        explanation="",
        hint="h",
        tags=("t",),
        deck="D",
        source="sub/x.md",
    )
    assert card_fields(card, Renderer()) == (
        "<p>Q?</p>",
        "<p><strong>A</strong></p>",
        "",
        "<p>h</p>",
        "sub/x.md",
        "c&lt;1&gt;",
    )


def test_deck_description_is_markdown() -> None:
    settings = DeckSettings("D", "d", description="Learn *this*.")
    deck, errors, _ = render_deck(settings, Content(Path("content"), settings, ()), [], 1700000000)
    assert errors == []
    assert deck.description_html == "<p>Learn <em>this</em>.</p>"
    assert deck.timestamp == 1700000000


PLAIN_CHARACTERS = [*"aZq09 ,.;?'\"()/+=%-", "é", "ß", "ж", "中", "١", "www.", "http", "  "]
OTHERS = [*"_*`~#&<>!|$\\:@[]\t\n", "1. ", "- ", "\u00a0", "\u0301"]


@given(st.lists(st.sampled_from(PLAIN_CHARACTERS), min_size=1, max_size=30).map("".join))
def test_a_plain_line_gets_the_html_python_markdown_makes_of_it(text: str) -> None:
    assume(_PLAIN.fullmatch(text) and "www." not in text.casefold())
    renderer = Renderer()
    assert renderer.html(text) == renderer._md.reset().convert(text)


@given(st.lists(st.sampled_from(PLAIN_CHARACTERS + OTHERS), max_size=30).map("".join))
def test_any_line_gets_the_html_python_markdown_makes_of_it(text: str) -> None:
    renderer = Renderer()
    assert renderer.html(text) == (renderer._md.reset().convert(text) if text.strip() else "")


def test_plain_lines_are_recognised_and_others_are_not() -> None:
    plain = ["Learning rate", "What does LoRA freeze?", "Größe (in cm), 1/2 = 50%", "Что это"]
    for text in plain:
        assert _PLAIN.fullmatch(text), text
    for text in ["1. first", "- item", "*word*", "a_b", "x  ", "a\nb", "1/2"]:
        assert not _PLAIN.fullmatch(text), text


# Lines of words with emphasis, clozes and line breaks, and lists of them, as imported fields
# are; and the near misses: a piece not separated by a space, a digit or mark where a line
# starts, an unclosed mark, a blank line, a second space, a bare link.
LETTERS = ["a", "Z", "é", "ß", "ж", "中"]
WORDS = st.tuples(
    st.sampled_from(LETTERS),
    st.lists(st.sampled_from([c for c in PLAIN_CHARACTERS if c != "www."]), max_size=8),
    st.sampled_from([*LETTERS, *"0.)-%\"'"]),
).map(lambda w: w[0] + "".join(w[1]) + w[2])
CLOZE = st.tuples(st.sampled_from(["c1", "c12"]), WORDS, st.sampled_from(["", "::hint"]))
CODE = st.text(alphabet="aZ09_.-", min_size=1, max_size=8).map(lambda c: f"`{c}`")
FORMULA = st.tuples(
    st.lists(
        st.sampled_from([*"aZ09_^{}()=+-/,.' ", "\\frac", "\\alpha", "\\href", "\\style", "é"]),
        max_size=8,
    ),
    st.sampled_from(["", ".", "s", "?", "%"]),
).map(lambda f: f"$x{''.join(f[0])}y${f[1]}")
LINK = st.tuples(
    WORDS, st.sampled_from(["https://example.org", "http://a.b/c-d/e.html", "https://x.org/"])
).map(lambda link: f"[{link[0]}]({link[1]})")
MARKED = [
    FORMULA,
    LINK,
    LINK.map(lambda link: link + "."),
    WORDS.map(lambda w: f"*{w}*."),
    WORDS.map(lambda w: f"**{w}**,?"),
    WORDS,
    WORDS.map(lambda w: f"*{w}*"),
    WORDS.map(lambda w: f"**{w}**"),
    CLOZE.map(lambda c: f"{{{{{c[0]}::{c[1]}{c[2]}}}}}"),
    CODE,
]
MISSES = st.sampled_from(
    [
        "*",
        "**",
        "{{c1::",
        "}}",
        "1.",
        "1",
        "- ",
        "# ",
        "_",
        "<b>",
        "www.a.b",
        "::",
        "  ",
        "*a *",
        "`",
        "``a``",
        "`a b`",
        "`a*b`",
        "`<a>`",
        "`a\\`",
        "` a`",
        "`é`",
        "*`a`*",
        "`a`b",
        "$",
        "$ x$",
        "$x $",
        "$$x$$",
        "\\$x$",
        "$x\\$",
        "$a*b$",
        "$`a`$",
        "$a<b$",
        "$x$$y$",
        "$\\\\$",
        "\\(",
        "a$x$",
        "$x$*",
        "$\\$$",
        "[",
        "]",
        "](",
        "[a](www.x.org)",
        "[a](https://x.org/a_b)",
        "[a](https://x.org/a b)",
        "[a]( https://x.org)",
        "[a](https://x.org/~y)",
        "[a](https://x.org/a.mp3)",
        "[*a*](https://x.org)",
        '[a](https://x.org "t")',
        "[a][b]",
        "![a](https://x.org/i.png)",
        "[a](ftp://x.org)",
        "[a](https://x.org)b",
        "[a](<https://x.org>)",
        "$$\n x\n$$",
        "$$\nx \n$$",
        "$$\n\n$$",
        "$$x$$",
        "$$\nx\ny\n$$",
        "$$\na<b\n$$",
    ]
)


def shaped(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Return texts of lines of ``pieces``, as a paragraph or a list, or blocks of those."""
    lines = st.lists(st.lists(pieces, min_size=1, max_size=5).map(" ".join), min_size=1, max_size=4)
    breaks = st.sampled_from(["\n", "<br>\n", "\n ", "<br>\n   ", "\n    ", "\n\t"])
    block = st.one_of(
        st.tuples(lines, breaks).map(lambda t: t[1].join(t[0])),
        lines.map(lambda lines: "- " + "\n- ".join(lines)),
        FORMULA.map(lambda f: f"$$\n{f.strip('$.s?%')}\n$$"),
    )
    gaps = st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\n\n  "])
    blocks = st.tuples(block, gaps, block).map("".join)
    return st.one_of(block, block, blocks)


NEAR_MISSES = st.one_of(
    shaped(st.one_of(*MARKED, MISSES)),
    st.tuples(
        shaped(st.one_of(*MARKED)), st.sampled_from(["\n\n", "<br>", "  \n", "\n-", "x"])
    ).map("".join),
    st.tuples(st.sampled_from(["* ", "1. ", "x\n", "  ", "*"]), shaped(st.one_of(*MARKED))).map(
        "".join
    ),
)


@given(shaped(st.one_of(*MARKED)))
@settings(max_examples=examples())
def test_simple_shapes_get_the_html_python_markdown_makes_of_them(text: str) -> None:
    quick = simple_html(text)
    assume(quick is not None)
    assert quick == Renderer()._md.reset().convert(text)


@given(NEAR_MISSES)
@settings(max_examples=examples())
def test_near_misses_get_the_html_python_markdown_makes_of_them(text: str) -> None:
    renderer = Renderer()
    assert renderer.html(text) == (renderer._md.reset().convert(text) if text.strip() else "")


# Words of any letters, marks and digits Unicode has, for what the sanitiser might change.
ANY_WORDS = st.text(alphabet=st.characters(categories=["L", "M", "N"]), min_size=1, max_size=6)
WIDE = shaped(st.one_of(*MARKED, ANY_WORDS, ANY_WORDS.map(lambda w: f"*{w}*")))


@given(st.one_of(shaped(st.one_of(*MARKED)), NEAR_MISSES, WIDE))
@settings(max_examples=examples())
def test_the_sanitiser_keeps_simple_html_as_it_is(text: str) -> None:
    """What lets ``clean`` skip the sanitiser for ``simple_html``'s HTML: it changes nothing.

    Formulas still go through the MathJax check, which finds the same commands either way.
    """
    quick = simple_html(text)
    assume(quick is not None)
    assert quick is not None
    renderer = Renderer()
    inline = renderer.inline(text, ROOT)
    for html in (quick, inline):
        assert sanitize(html) == Sanitized(html)
    assert quick in renderer.simple
    assert inline in renderer.simple
    full = Renderer()  # holds no simple HTML: clean runs the sanitiser
    for html in (quick, inline):
        assert clean(html, renderer) == clean(html, full) == html
    assert renderer.problems == full.problems
    assert [p.subject for p in renderer.problems] == 2 * unsafe_math(inline)


def test_simple_shapes_are_recognised_and_others_are_not() -> None:
    simple = [
        "*word*",
        "a **b c** *d* e",
        "{{c1::Paris::city}} is **the** capital",
        "a<br>\nb\nc",
        "- one\n- *two* three",
        "Größe *klein*<br>\n**groß** (cm)",
        "Set `lora_r` to *eight*",
        "a\n edited",
        "- `x.y` z",
        "a\n\nb",
        "a\n\n- b\n- c",
        "- a\n\nb",
        "Weights $W' = W + \\frac{\\alpha}{r} BA$.",
        "- $x_1$ and *y*",
        "See [rank](https://example.org/rank), then *this* too",
        "*a*.",
        "A **b**, c.",
        "A b.\n\n$$\n\\frac{e^{x_i}}{\\sum_j e^{x_j}}\n$$",
    ]
    for text in simple:
        assert simple_html(text) is not None, text
    others = [
        "*word *",
        "a*b*",
        "1. x",
        "- a\n\n- b",
        "a\n- b",
        "a<br>",
        "a\n\n\nb",
        "$x $",
        "a$x$",
        "$a*b$",
        "*a**b*",
        "{{c1::1}}",
        "a\n===",
        "- www.x.org",
        "a  \nb",
        "*x*\n-",
        "a\n*b*c",
        "`a b`",
        "``a``",
        "a`b`",
        "`_a`",
        "a\n    b",
        "- a\n b",
        "`a<b`",
    ]
    for text in others:
        assert simple_html(text) is None, text


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("[hello.mp3](_media/hello.mp3)", " [sound:hello-"),
        ("[](_media/hello.mp3)", " [sound:hello-"),
        ("[Listen](_media/hello.mp3)", "Listen [sound:hello-"),
        ("[a b.mp3](_media/a%20b.mp3)", " [sound:a-b-"),
    ],
)
def test_a_sound_labelled_with_its_file_name_shows_the_play_button_alone(
    markdown: str, shown: str
) -> None:
    names = {
        PurePosixPath("_media/hello.mp3"): "hello-0123.mp3",
        PurePosixPath("_media/a b.mp3"): "a-b-0123.mp3",
    }
    out = Renderer(names).html(markdown)
    assert f'<span class="sound">{shown}' in out


def test_a_reference_to_an_absent_file_is_kept_as_written() -> None:
    # deck.yaml absent_media puts the name under _media/ with itself as packaged name.
    renderer = Renderer({PurePosixPath("_media/mask.png"): "mask.png"})
    assert '<img alt="" src="mask.png"' in renderer.html("![](_media/mask.png)")
    assert renderer.problems == []


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_render_what_one_process_renders(
    method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Forked workers get the chunks' indexes into the cards they inherit; others get the cards.
    from ankismith.render import deck

    texts = ["**A**", "| a |\n|---|\n| b |", "$x$ and [b](https://x.org)", "`c`"]
    cards = [
        Card(
            location=Location("content/x.md", i + 1),
            kind=NoteKind.BASIC,
            card_id=f"c{i}",
            explicit_id=True,
            question=f"Q{i}?",
            answer=texts[i % len(texts)],
            explanation="",
            hint="",
            tags=(),
            deck="D",
            source="x.md",
        )
        for i in range(11)
    ]
    alone, _ = deck.render_cards(cards, {}, frozenset(), cache={})
    monkeypatch.setattr(deck, "PARALLEL_FROM", 1)
    monkeypatch.setattr(deck, "CHUNK", 3)
    monkeypatch.setattr("multiprocessing.get_start_method", lambda: method)
    together, _ = deck.render_cards(cards, {}, frozenset(), cache={}, workers=2)
    assert together == alone
