"""Render cards' Markdown to the HTML Anki fields hold: pure, one configured Markdown reused."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ankismith.content.media import is_sound, resolve
from ankismith.findings import Finding
from ankismith.model import Card, NoteKind
from ankismith.render.rendered import UNPLACED, CardRender
from ankismith.sanitize.clean import sanitize
from ankismith.sanitize.mathjax import unsafe_math

if TYPE_CHECKING:
    import markdown

EXTENSIONS = (
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.arithmatex",
    "pymdownx.tasklist",
    "pymdownx.tilde",
    "pymdownx.magiclink",
    "tables",
    "ankismith.render.lists",
)
ROOT = PurePosixPath(".")
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    # Highlighted at build time into CSS classes (styles: notetypes/css.py), no runtime highlighter.
    "pymdownx.highlight": {"use_pygments": True, "css_class": "highlight", "guess_lang": False},
    # $...$ and $$...$$ become Anki's MathJax delimiters \(...\) and \[...\], untouched by Markdown.
    "pymdownx.arithmatex": {"generic": True},
    # GitHub's task lists (disabled checkboxes), ~~strikethrough~~ and bare links.
    "pymdownx.tasklist": {"custom_checkbox": False, "clickable_checkbox": False},
    "pymdownx.tilde": {"subscript": False},
}
_CHARACTER = r"""(?:[^\W_]|[,.;?'"()/+=%-])"""
"""A letter, a digit or plain punctuation."""
_WORDS = rf"[^\W\d_](?:(?:{_CHARACTER}| )*{_CHARACTER})?"
_PLAIN = re.compile(_WORDS)
"""One line of words and plain punctuation, starting with a letter and ending in no space: no
character Markdown, its extensions or a bare link could act on (tests/unit/render/test_render.py
holds the HTML made for it to Python-Markdown's). Short fields are often just that."""
# Fields imported from Anki are mostly lines of such words with emphasis, clozes and line
# breaks, or a short list of such lines: Markdown reads each one way only. A line starts as a
# plain line does (no list, heading, quote or table starts so); one space separates its pieces.
# The patterns below take '_' for a character of words too (one character class is several
# times faster to match than a class and its exceptions); simple_html refuses a '_' outside
# code spans and formulas before it runs them.
_CHAR = r"""[\w,.;?'"()/+=%-]"""
_RUN = rf"""[^\W\d_](?:[\w,.;?'"()/+=% -]*{_CHAR})?"""
_CODE = r"`([A-Za-z0-9][A-Za-z0-9_.-]*)`"
"""A code span of a name: letters, digits, ``_``, ``.`` and ``-``, which HTML keeps as they are."""
_IN_MATH = r"(?:[\w'=+{}^()/,.-]|\\[A-Za-z]+)"
"""A character of a formula (letters, digits, ``_``, ``^``, braces, plain punctuation) or a
TeX command: nothing HTML escapes, no ``$``, ``*`` or backtick."""
_MATH = rf"\${_IN_MATH}(?:(?:{_IN_MATH}| )*{_IN_MATH})?\${_CHAR}*"
"""Inline math, ``$...$`` with no space inside either dollar, and what is written right after."""
_DISPLAY = re.compile(rf"\$\$\n({_IN_MATH}(?:(?:{_IN_MATH}| )*{_IN_MATH})?)\n\$\$")
"""A displayed formula of one line between lines of ``$$``, as pymdownx.arithmatex shows it."""
_LINK = rf"\[{_RUN}\]\(https?://[A-Za-z0-9][A-Za-z0-9./-]*\){_CHAR}*"
"""A link to a web address of letters, digits, dots, dashes and slashes (nothing HTML escapes),
labelled with words, and what is written right after it."""
_MARKED = (
    rf"\*\*{_RUN}\*\*[.,;?]*|\*{_RUN}\*[.,;?]*|\{{\{{c[0-9]+::{_RUN}(?:::{_RUN})?\}}\}}"
    rf"|{_CODE}|{_MATH}|{_LINK}"
)
_LINE = rf"(?:{_MARKED}|[^\W\d_]{_CHAR}*)(?: (?:{_MARKED}|{_CHAR}+))*"


@cache
def _line() -> re.Pattern[str]:
    """Return the pattern of one simple line, made on first use (it takes 1.5 ms to compile).

    A paragraph's or a list's lines are matched one at a time (``_lines``): the pattern of a
    whole paragraph, a line and then more lines, holds it twice and took twice as long.
    """
    return re.compile(_LINE)


def _lines(text: str, bullets: bool) -> bool:
    """Tell whether ``text`` is a simple paragraph, or list of ``bullets``, of simple lines.

    A paragraph is simple lines, each but the first after a line break (a ``<br>`` may end the
    line before) and up to three spaces; a list is lines of ``- `` and a simple line. No simple
    line holds ``<``, a line break, or a space at its start, so each line is cut off where the
    pattern of the whole block would have matched it.
    """
    line = _line()
    rows = text.split("\n")
    for index, row in enumerate(rows):
        if bullets:
            if not row.startswith("- "):
                return False
            row = row[2:]
        else:
            if index < len(rows) - 1 and row.endswith("<br>"):
                row = row[:-4]
            if index:
                kept = row.lstrip(" ")
                if len(row) - len(kept) > 3:
                    return False
                row = kept
        if not line.fullmatch(row):
            return False
    return True


_CODE_SPAN = re.compile(_CODE)  # never followed by punctuation here: a simple line has none
_STRONG = re.compile(r"\*\*([^*\n]+)\*\*")
_EMPHASIS = re.compile(r"\*([^*\n]+)\*")
REMOTE = "loads from the network: offline learners see nothing; bundle the file instead"
TOO_DEEP = "nested too deeply to render (lists or quotes inside each other); flatten it"


class Renderer:
    """One Python-Markdown instance, configured once and ``reset()`` between conversions."""

    def __init__(
        self,
        names: Mapping[PurePosixPath, str] | None = None,
        outside: frozenset[PurePosixPath] = frozenset(),
    ) -> None:
        self._markdown: markdown.Markdown | None = None
        self.names: Mapping[PurePosixPath, str] = names or {}
        self.outside = outside
        self.base = ROOT
        self.used: dict[str, PurePosixPath] = {}
        self.problems: list[Finding] = []
        self.simple: set[str] = set()
        """HTML made by ``simple_html`` for the card at hand, which the sanitiser would keep
        as it is (tests/unit/render/test_render.py holds one to the other)."""

    @property
    def _md(self) -> markdown.Markdown:
        """Return Python-Markdown, set up on first use.

        A rebuild whose changed cards are all simple (``simple_html``) never pays the
        twentieth of a second setting it up takes.
        """
        if self._markdown is None:
            from ankismith.render.pymd import new_markdown  # Python-Markdown: only when needed

            self._markdown = new_markdown(self.resolve, EXTENSIONS, EXTENSION_CONFIGS)
        return self._markdown

    def resolve(self, src: str) -> str | None:
        """Return the packaged name for ``src`` in the current file, recording problems."""
        found = resolve(src, self.base, self.names, self.outside)
        if found.error:
            self.problems.append(Finding(UNPLACED, found.error, found.code, subject=src))
        if found.remote:
            message = f"'{src}' {REMOTE}"
            self.problems.append(Finding(UNPLACED, message, "remote-resource", subject=src))
        if found.name and found.path:
            self.used[found.name] = found.path
        return found.name

    def html(self, text: str, base: PurePosixPath = ROOT) -> str:
        """Return the HTML for one piece of Markdown ('' for empty text)."""
        if not text.strip():
            return ""
        quick = simple_html(text)
        if quick is not None:
            self.simple.add(quick)
            return quick
        self.base = base
        try:
            return self._md.reset().convert(text)
        except RecursionError:
            # Python-Markdown recurses once per level of nested lists and quotes.
            self.problems.append(Finding(UNPLACED, TOO_DEEP))
            return ""

    def inline(self, text: str, base: PurePosixPath) -> str:
        """Return HTML for a short text, without the paragraph around a single line."""
        out = self.html(text, base)
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            if out in self.simple:
                self.simple.add(out[3:-4])
            return out[3:-4]
        return out


def simple_html(text: str) -> str | None:
    """Return Python-Markdown's HTML for a simple field without running it; else None.

    Simple: a plain line, lines of words with emphasis, clozes, code spans of names, inline
    math and ``<br>`` (a line after the first may start with up to three spaces), or a list of
    such lines; or blocks of those between empty lines, no list right after a list. Python-Markdown
    spends a sixth of a millisecond or more on each, most of it in its stages' setup
    (tests/unit/render/test_render.py holds this HTML to its own for every such text).
    """
    if not _SIMPLE_CHARACTERS.fullmatch(text) or "``" in text:
        return None  # a character no simple field holds, or an empty code span
    if "www." in text.casefold():  # a bare link
        return None
    if "_" in text and "_" in _MATH_SPAN.sub("", _CODE_SPAN.sub("", text)):
        return None  # '_' is simple only in code spans and formulas (see _CHAR)
    if "](" in text and any(is_sound(m[2]) for m in _LINK_SPAN.finditer(text)):
        return None  # a link to a sound is a play button
    if "\n\n" not in text:
        return _simple_block(text)
    blocks = text.split("\n\n")
    made = []
    for index, block in enumerate(blocks):
        if index and block.startswith("- ") and blocks[index - 1].startswith("- "):
            return None  # two lists apart are one loose list
        if (html := _simple_block(block)) is None:
            return None
        made.append(html)
    return "\n".join(made)


def _simple_block(text: str) -> str | None:
    """Return the HTML of one simple paragraph or list (no empty line in ``text``); else None.

    Which of the three shapes a text can be is decided by its start and its marks, so a block
    runs one pattern: a list starts with '- '; a line of words alone holds none of the marks,
    line breaks, clozes or formulas (and is a plain line or nothing: a paragraph of it would
    be a plain line too).
    """
    if text.startswith("$$\n"):
        if shown := _DISPLAY.fullmatch(text):
            return f'<div class="arithmatex">\\[\n{shown[1]}\n\\]</div>'
        return None
    if text.startswith("- "):
        if _lines(text, bullets=True):
            items = _emphasised(text[2:]).replace("\n- ", "</li>\n<li>")
            return f"<ul>\n<li>{items}</li>\n</ul>"
        return None
    if _MARKS.isdisjoint(text):
        return f"<p>{text}</p>" if _PLAIN.fullmatch(text) else None
    if _lines(text, bullets=False):
        return f"<p>{_emphasised(text)}</p>"
    return None


_SIMPLE_CHARACTERS = re.compile(r"""[\w \n,.;?'"()/+=%*`{}:<>$\\^\[\]-]*""")
"""Every character a simple field may hold: a text with another one is not simple."""
_MARKS = frozenset("*`{<\n$[")
"""What a paragraph holds and a plain line does not: emphasis, code, clozes, line breaks, math,
links."""
_LINK_SPAN = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")  # every '[' of a simple text opens a link
_MATH_SPAN = re.compile(r"\$([^$]+)\$")  # every '$' of a simple text opens or closes math


_INLINE_MARK = re.compile(
    rf"{_CODE}|{_STRONG.pattern}|{_EMPHASIS.pattern}|{_MATH_SPAN.pattern}|{_LINK_SPAN.pattern}"
)
"""Every mark ``_emphasised`` writes as HTML, in one pattern: group 1 a code span, 2 bold, 3
emphasis, 4 a formula, 5 and 6 a link's label and address."""
_MARK_CHARACTERS = frozenset("`*$[")


def _emphasised(text: str) -> str:
    """Return a simple line or list's text with its marks written as HTML, in one pass.

    In a text a simple paragraph's or list's pattern (``_lines``) matches, no mark holds
    another (a code span, bold, emphasis, a formula and a link's label hold none of the
    others' characters), so
    one pass finds each where it opens, as one pass per kind of mark would.
    """
    if _MARK_CHARACTERS.isdisjoint(text):
        return text
    return _INLINE_MARK.sub(_mark_html, text)


def _mark_html(mark: re.Match[str]) -> str:
    kind = mark.lastindex
    if kind == 1:
        return f"<code>{mark[1]}</code>"
    if kind == 2:
        return f"<strong>{mark[2]}</strong>"
    if kind == 3:
        return f"<em>{mark[3]}</em>"
    if kind == 4:  # as pymdownx.arithmatex writes inline math (generic: MathJax's delimiters)
        return f'<span class="arithmatex">\\({mark[4]}\\)</span>'
    return f'<a href="{mark[6]}">{mark[5]}</a>'


def _choices_html(card: Card, renderer: Renderer, base: PurePosixPath) -> str:
    shuffle = f' data-shuffle="{html.escape(card.card_id)}"' if card.shuffle else ""
    items = "".join(
        f'<li class="choice {"right" if c.correct else "wrong"}" data-index="{i}">'
        f"{renderer.inline(c.text, base)}</li>"
        for i, c in enumerate(card.choices)
    )
    return f'<ol class="choices"{shuffle}>{items}</ol>'


def occlusion_fields(card: Card, renderer: Renderer, base: PurePosixPath) -> tuple[str, ...]:
    """Return an image occlusion card's fields as Anki's own note type holds them.

    The ``Occlusion`` field is the masks' cloze text (``parse/occlusion.py``), as text; the
    image is an ``<img>`` alone; ``Comments`` lists the groups' labels, a line each.
    """
    parts = dict(card.fields)
    # A label holds no "}}" (parse/occlusion.py): each "}}<br>" is the one ending a mask.
    masks = html.escape(parts["Occlusion"], quote=False).replace("}}&lt;br&gt;", "}}<br>")
    labels = "<br>".join(html.escape(line, quote=False) for line in parts["Comments"].split("\n"))
    return (
        masks,
        renderer.inline(parts["Image"], base),
        renderer.inline(parts["Header"], base),
        renderer.html(parts["Back Extra"], base),
        labels if parts["Comments"] else "",
    )


def card_fields(card: Card, renderer: Renderer) -> tuple[str, ...]:
    """Return the card's field HTML in its note type's field order (notetypes/builtin.py).

    A custom note type's field of one paragraph has no ``<p>`` around it, like a field typed
    in Anki's editor.
    """
    base = PurePosixPath(card.source).parent
    if card.notetype:
        return tuple(renderer.inline(text, base) for _, text in card.fields)
    if card.kind is NoteKind.OCCLUSION:
        return occlusion_fields(card, renderer, base)
    question = renderer.html(card.question, base)
    tail = (
        renderer.html(card.explanation, base),
        renderer.html(card.hint, base),
        html.escape(card.source),
        html.escape(card.card_id),
    )
    if card.kind is NoteKind.CHOICE:
        choices = _choices_html(card, renderer, base)
        return (question, choices, renderer.html(card.answer, base), *tail)
    if card.kind is NoteKind.CLOZE:
        return (question, *tail)
    if card.kind is NoteKind.TYPEIN:
        # Plain text: Anki compares what the learner types with the field's text.
        return (question, html.escape(card.answer), *tail)
    return (question, renderer.html(card.answer, base), *tail)


def clean(html: str, renderer: Renderer) -> str:
    """Return ``html`` through the output sanitiser; what it removed becomes a problem.

    So does every MathJax command that could link, style or load (an error). HTML that
    ``simple_html`` made for this card is kept as it is: the sanitiser keeps all of it (no
    element, attribute or character it could change; tests/unit/render/test_render.py), and
    only its formulas are looked at, for MathJax.
    """
    if html in renderer.simple:
        _report_unsafe_math(html, renderer)  # a simple formula may still hold \href
        return html
    result = sanitize(html)
    reported = {problem.subject for problem in renderer.problems}  # e.g. a refused media path
    for removal in (r for r in result.removed if r.subject not in reported):
        problem = Finding(UNPLACED, removal.message, "unsafe-html", subject=removal.subject)
        renderer.problems.append(problem)
    _report_unsafe_math(result.html, renderer)
    return result.html


def _report_unsafe_math(html: str, renderer: Renderer) -> None:
    """Add an error for each MathJax command in ``html`` that could link, style or load."""
    for command in unsafe_math(html):
        message = f"MathJax command {command} is refused: it links, styles or loads; remove it"
        renderer.problems.append(Finding(UNPLACED, message, "unsafe-math", subject=command))


def render_one(card: Card, renderer: Renderer) -> CardRender:
    """Render one card, collecting its media problems and the media it uses."""
    renderer.used, renderer.problems, renderer.simple = {}, [], set()
    fields = tuple(clean(field, renderer) for field in card_fields(card, renderer))
    used = tuple(sorted((name, str(path)) for name, path in renderer.used.items()))
    return CardRender(fields, tuple(renderer.problems), used)


def render_description(text: str, renderer: Renderer) -> CardRender:
    """Render the deck description the same way as a card field."""
    renderer.used, renderer.problems, renderer.simple = {}, [], set()
    out = clean(renderer.html(text), renderer)
    used = tuple(sorted((name, str(path)) for name, path in renderer.used.items()))
    return CardRender((out,), tuple(renderer.problems), used)
