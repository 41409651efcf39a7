r"""Turn one Anki field's HTML into Markdown that renders to the same text, with markdownify.

Emphasis, lists, tables, code, headings, links and images become Markdown. What Markdown has
no syntax for (sub- and superscript, keys, marks, ruby, details, coloured spans, line breaks)
stays as the few HTML tags the build lets through. Cloze deletions ``{{c1::...}}`` and MathJax
``\(...\)`` are kept as written. What cannot be kept (scripts, frames, styles that load a
URL, media the package lacks) is dropped and reported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

import markdownify
import msgspec

from ankismith.content.media import MEDIA_EXTENSIONS
from ankismith.importing.blocks import BlockSafe
from ankismith.importing.soup import QuickSoup
from ankismith.importing.structure import BLOCKS_IN_CODE
from ankismith.limits import IMPORTED_HTML_DEPTH, NESTING
from ankismith.sanitize.policy import ATTRIBUTES, RAW_TAGS, STYLE_PROPERTIES

# Raw HTML the build lets through (sanitize/policy.py) stays HTML; <br>, <img>, <span> and
# <div> are handled one by one below.
KEPT_TAGS = RAW_TAGS - {"br", "img", "span", "div"}
KEPT_ATTRIBUTES = ("class", "style", "title", "lang", "dir")
# Formatting Markdown has no syntax for, as the style the sanitiser keeps.
STYLED_TAGS = {
    "u": "text-decoration: underline",
    "ins": "text-decoration: underline",
    "s": "text-decoration: line-through",
    "strike": "text-decoration: line-through",
    "del": "text-decoration: line-through",
}
DROPPED_TAGS = {
    "script": "a <script> (cards run no code)",
    "iframe": "an <iframe> (cards work offline)",
    "object": "an <object>",
    "embed": "an <embed>",
    "link": "a <link> to a stylesheet",
}
# Markup a code block or span cannot hold (highlighted code's coloured spans are left to the
# build, which colours code again).
_MARKUP_IN_CODE = {*KEPT_TAGS, *STYLED_TAGS, "a", "img", *BLOCKS_IN_CODE}
_SOUND = re.compile(r"\[sound:([^\]\n]+)\]")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|%]|^[._]|^\s|\s$')
"""What a file name must not hold to be written as it is (the layout's rule, and no '%')."""
_URL_IN_STYLE = re.compile(r"url\s*\(|@import", re.IGNORECASE)
_REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_SOUND_CLASS = "ankismith-imported-sound"
_INLINE_MATH = re.compile(r"(\\\(.+?\\\))")
# What markdownify escapes as a list item (``2\)``) or a rule (``\---``), judged by _mid_line.
_MID_LINE = re.compile(r"(?<=[0-9])\\([.)])(?=\s|$)|\\(?=(-+)(?:\s|$))")
_LINE_START_ESCAPE = re.compile(r"(^|\n)([ \t]*)\\([=~[])")
_NEEDLESS_ESCAPE = re.compile(r"^([ \t]*\\[=+])|\\([=+])", re.MULTILINE)  # kept where a line starts
# A '~' alone needs no escape either; '~~' (strikethrough) keeps its escapes.
_NEEDLESS_TILDE = re.compile(r"(?<!^)(?<![\n~])\\~(?!\\~)")
# markdownify's type hints cover its functions, not the converter's overridable methods.
_Base: Any = markdownify.MarkdownConverter
_END_HASHES = re.compile(r"(?:\\?#)+$")
_MATH = {"span": ("$", "$"), "div": ("\n\n$$\n", "\n$$\n\n")}
_MARKUP = re.compile(r"[<&]|\[sound:")
# What markdownify's escaping (escape_misc, asterisks, underscores) can act on: its characters,
# its dash and hash runs, and a digit before '.' or ')' (a list item); and ours ('#', '$', in
# structure.py). Text without any is kept.
_ESCAPABLE = re.compile(r"[\]\\&<`\[>~=+|*_#$-]|[0-9][.)]")
# Anki's editor writes most fields as text, line breaks and these entities alone.
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITIES = {"nbsp": "\xa0", "amp": "&", "lt": "<", "gt": ">", "quot": '"'}
_ENTITY = re.compile(r"&(nbsp|amp|lt|gt|quot);")
# Tags, other entities, sounds, and line ends other than \n (markdownify and splitlines differ).
_NOT_TEXT = re.compile(r"[<&\r\v\f\x1c-\x1e\x85\u2028\u2029]|\[sound:")
# How markdownify normalises a text node's whitespace (``wrap`` off).
_NEWLINE_SPACE = re.compile(r"[\t \r\n]*[\r\n][\t \r\n]*")
_SPACE = re.compile(r"[\t ]+")
_BLANK_RUN = re.compile(r"\n{3,}")


class Converted(msgspec.Struct, frozen=True):
    """One field as Markdown, and what could not be kept."""

    markdown: str
    """The Markdown text (no blank line at either end)."""
    problems: tuple[str, ...] = ()
    """One message per thing dropped, for the author to look at."""
    media: tuple[str, ...] = ()
    """Original names of the package's media files the field uses."""
    absent: tuple[str, ...] = ()
    """Names of media files the field names but the package lacks: kept as written."""


def link_target(path: str) -> str:
    """Return a path as a Markdown link target: spaces and brackets percent-encoded."""
    for char, code in (("%", "%25"), (" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C")):
        path = path.replace(char, code)
    return path.replace(">", "%3E")


def _mid_line(match: re.Match[str]) -> str:
    """Return a list-item or rule escape without its backslash where text stands before it.

    ``2)`` or ``---`` open a list item or a rule only where a line starts: after other text on
    the same line (``What is 2) here``, ``a --- b``) they need no escape.
    """
    text = match.string
    before = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
    if match[1]:  # '2\)': the number stands before the escape
        return match[1] if before.rstrip("0123456789").strip() else match[0]
    return "" if before.strip() else match[0]  # '\---': the backslash alone


class _Converter(BlockSafe, _Base):  # type: ignore[misc]
    """markdownify, taught Anki's media, our kept tags and what to report."""

    def __init__(self, media: Mapping[str, str], absent_folder: str | None, **options: Any) -> None:
        super().__init__(**options)
        self.media = media
        self.absent_folder = absent_folder
        self.problems: list[str] = []
        self.used: list[str] = []
        self.absent: list[str] = []

    def convert(self, html: str) -> str:
        soup = QuickSoup(html)
        elements, blocks = _depth(soup)
        if elements > IMPORTED_HTML_DEPTH or blocks > NESTING:
            # markdownify walks a tree recursively, and a card file's lists and quotes nest
            # NESTING deep at most: a field deeper than either keeps its text alone.
            what = (
                f"{elements} elements"
                if elements > IMPORTED_HTML_DEPTH
                else f"{blocks} lists or quotes"
            )
            self.problems.append(
                f"the field's HTML nests {what} deep, more than a card holds: its text is kept "
                "without its formatting"
            )
            return str(self.escape(" ".join(soup.get_text(" ").split()), set()))
        return str(self.convert_soup(soup))

    def escape(self, text: str, parent_tags: set[str]) -> str:
        if "\\(" in text:  # MathJax \(...\) stays as written: the build reads it as math
            parts = _INLINE_MATH.split(text)
            return "".join(
                part if index % 2 else self._escape(part, parent_tags)
                for index, part in enumerate(parts)
            )
        return self._escape(text, parent_tags)

    def _escape(self, text: str, parent_tags: set[str]) -> str:
        if not _ESCAPABLE.search(text):  # markdownify would escape nothing
            return text
        text = super().escape(text, parent_tags)
        if "\\" not in text:  # markdownify escaped nothing: nothing below applies
            return text
        # Entities where a line starts (a fence, a heading underline, or "\[" opening a block of
        # math), else the plain character where the escape is not needed.
        text = _LINE_START_ESCAPE.sub(lambda m: f"{m[1]}{m[2]}&#{ord(m[3])};", text)
        text = _NEEDLESS_TILDE.sub("~", _NEEDLESS_ESCAPE.sub(lambda m: m[1] or m[2], text))
        text = _MID_LINE.sub(_mid_line, text)
        return text.replace("\\&", "&amp;").replace("\\<", "&lt;").replace("\\>", "&gt;")

    def _media_link(self, src: str) -> str | None:
        if _REMOTE.match(src):
            return src
        if src.startswith("data:"):
            self.problems.append("a file embedded as a data: URL was dropped; save it as a file")
            return None
        if src in self.media:
            self.used.append(src)
            return link_target(self.media[src])
        if self.absent_folder is not None and keeps_name(src):
            self.absent.append(src)
            self.problems.append(
                f"media file '{src}' is not in the package; the reference is kept as it was "
                "(deck.yaml 'absent_media'): add the file to _media/ if you have it"
            )
            return link_target(self.absent_folder + src)
        self.problems.append(f"media file '{src}' is not in the package; its reference was dropped")
        return None

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        target = self._media_link(str(el.attrs.get("src", "")))
        if target is None:
            return ""
        alt = self.escape(str(el.attrs.get("alt", "")), parent_tags)
        return f"![{alt}]({target})"

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if _SOUND_CLASS in (el.attrs.get("class") or []):
            src = str(el.attrs.get("href", ""))
            target = self._media_link(src)
            # Labelled with the file's own name, which the build shows as the play button alone.
            if target is None:
                return ""
            name = PurePosixPath(unquote(target)).name
            return f"[{self.escape(name, set())}]({target})"
        return str(super().convert_a(el, text, parent_tags))

    def convert_br(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:  # code: a new line in a block, a space in a span
            return "\n" if "pre" in parent_tags else " "
        return " " if "_inline" in parent_tags else "<br>\n"

    def convert_hN(self, n: int, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_inline" in parent_tags:  # in a table cell: a line of its own, as a block
            return f"<br>{text.strip()}<br>"
        if "li" in parent_tags:
            # The build reads a heading in a list item only in some places (not under a number).
            self.problems.append("a heading in a list item is written as bold text")
            return f"\n\n{self.convert_b(el, text, parent_tags)}\n\n"
        # '## ' starts a card and '### ' a section: headings inside a field start at '####'.
        # Python-Markdown drops hashes that end a heading, after an escaped one too: each escaped.
        text = _END_HASHES.sub(lambda m: "\\#" * m.group().count("#"), text.rstrip())
        return str(super().convert_hN(max(n, 4), el, text, parent_tags))

    def convert_span(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:  # a highlighted code block's token
            return text
        return self._kept(el, text) if el.attrs.get("style") or el.attrs.get("class") else text

    def _math(self, node: Any) -> str:
        """Return a formula our build rendered (``class="arithmatex"``) as ``$...$``."""
        inner = node.get_text()
        if inner[:2] in ("\\(", "\\[") and inner[-2:] in ("\\)", "\\]"):
            inner = inner[2:-2]
        opening, closing = _MATH[node.name]
        return f"{opening}{inner.strip()}{closing}"

    def convert_font(self, el: Any, text: str, parent_tags: set[str]) -> str:
        colour = el.attrs.get("color")
        if not colour:
            return text
        opening = f'<span style="color: {colour}">'
        return self.markup("font", text, lambda line: f"{opening}{line}</span>")

    def _kept(self, el: Any, text: str) -> str:
        attributes = ""
        for name in KEPT_ATTRIBUTES:
            value = el.attrs.get(name)
            if isinstance(value, list):
                value = " ".join(value)
            if not value:
                continue
            if name == "style":
                value = self._style(str(value), el.name)
                if not value:
                    continue
            escaped = str(value).replace("&", "&amp;").replace('"', "&quot;")
            attributes += f' {name}="{escaped}"'
        return self.markup(el.name, text, lambda line: f"<{el.name}{attributes}>{line}</{el.name}>")

    def _style(self, style: str, tag: str) -> str:
        """Return the declarations of ``style`` a card may keep; report the others."""
        if "style" not in ATTRIBUTES.get(tag, set()):
            return ""
        kept: list[str] = []
        dropped: list[str] = []
        for part in filter(None, (p.strip() for p in style.split(";"))):
            name = part.partition(":")[0].strip().lower()
            allowed = name in STYLE_PROPERTIES and not _URL_IN_STYLE.search(part)
            (kept if allowed else dropped).append(part)
        if dropped:
            what = "; ".join(dropped)
            why = "loads a URL" if _URL_IN_STYLE.search(what) else "is not kept on cards"
            self.problems.append(f"style '{what}' {why}; it was dropped")
        return "; ".join(kept)

    def convert_script(self, el: Any, text: str, parent_tags: set[str]) -> str:
        self.problems.append(f"{DROPPED_TAGS['script']} was dropped")
        return ""

    def process_tag(self, node: Any, parent_tags: set[str] | None = None) -> str:
        name = node.name
        if name in _MATH and "arithmatex" in node.get_attribute_list("class"):
            return self._math(node)
        if name in DROPPED_TAGS and name != "script":
            self.problems.append(f"{DROPPED_TAGS[name]} was dropped")
            return ""
        if name in _MARKUP_IN_CODE and "_noformat" in (parent_tags or ()):
            # Markdown code shows a tag as text: the text stays, the markup cannot.
            sound = _SOUND_CLASS in node.get_attribute_list("class")
            what = "an image" if name == "img" else "a sound" if sound else f"<{name}>"
            inner = "".join(str(self.process_element(c, parent_tags)) for c in node.children)
            self.problems.append(
                f"{what} inside code cannot be kept in Markdown code; "
                + ("its text was kept" if inner.strip() else "it was dropped")
            )
            if name not in BLOCKS_IN_CODE:
                return inner
            # A block starts a line of its own: markdownify took the space before it.
            before = "\n" if node.previous_sibling else ""
            return before + inner.strip("\n") + "\n"
        if name in STYLED_TAGS:
            inner = "".join(str(self.process_element(c, parent_tags)) for c in node.children)
            opening = f'<span style="{STYLED_TAGS[name]}">'
            return self.markup(name, inner, lambda line: f"{opening}{line}</span>")
        if name in KEPT_TAGS:
            inner = "".join(
                str(self.process_element(child, {*(parent_tags or set()), "_inline"}))
                for child in node.children
            )
            return self._kept(node, inner.replace("\n", " "))  # inline: a new line is a space
        return str(super().process_tag(node, parent_tags))


def keeps_name(name: str) -> bool:
    """Return True when a media name can stand in ``_media/`` as it is: a safe file name."""
    return (
        bool(name)
        and len(name) <= 100
        and not _UNSAFE_NAME.search(name)
        and PurePosixPath(name).suffix.lower() in MEDIA_EXTENSIONS
    )


_NESTED_BLOCKS = frozenset({"ul", "ol", "blockquote"})


def _depth(soup: Any) -> tuple[int, int]:
    """Return how deeply a parsed field's elements nest, and its lists and quotes.

    The tree is walked without recursion, whatever its depth.
    """
    depths: dict[int, tuple[int, int]] = {id(soup): (0, 0)}
    deepest = (0, 0)
    for element in soup.descendants:
        name = getattr(element, "name", None)
        if name:
            above, blocks = depths.get(id(element.parent), (0, 0))
            depth = (above + 1, blocks + (name in _NESTED_BLOCKS))
            depths[id(element)] = depth
            deepest = (max(deepest[0], depth[0]), max(deepest[1], depth[1]))
    return deepest


class FieldConverter:
    """Converts the fields of one card file (media links are relative to it), one by one.

    ``absent_folder`` is the link to ``_media/`` from the card file: a reference to a file the
    package lacks points there under its own name, kept; None drops such references.
    """

    def __init__(self, media: Mapping[str, str], absent_folder: str | None = None) -> None:
        self._converter = _Converter(
            media,
            absent_folder,
            escape_misc=True,
            heading_style="ATX",
            bullets="-",
            code_language="",
            strip_document="strip",
        )

    def convert(self, html: str) -> Converted:
        """Convert one field."""
        if not html.strip():
            return Converted("")
        converter = self._converter
        converter.problems, converter.used, converter.absent = [], [], []
        if not _MARKUP.search(html):  # plain text: no need to parse it
            return Converted(converter.escape(" ".join(html.split()), set()))
        pieces = _BREAK.split(html)
        if any(_NOT_TEXT.search(_ENTITY.sub("", piece)) for piece in pieces):
            text = self.markdownify(html)
        else:  # text and line breaks: parsing it costs a quarter of a millisecond
            text = self._text_and_breaks(pieces)
        return Converted(
            text, tuple(converter.problems), tuple(converter.used), tuple(converter.absent)
        )

    def markdownify(self, html: str) -> str:
        """Return the Markdown of ``html`` as markdownify converts it, parsed."""
        marked = _SOUND.sub(lambda m: f'<a class="{_SOUND_CLASS}" href="{m.group(1)}"></a>', html)
        return _tidy(str(self._converter.convert(marked)))

    def _text_and_breaks(self, pieces: list[str]) -> str:
        """Return what ``markdownify`` makes of text between ``<br>`` tags, without parsing it.

        Each piece is a text node to markdownify: its whitespace normalised, then escaped;
        after a break, the newline a piece starts with merges with the break's.
        """
        texts = []
        for number, piece in enumerate(pieces):
            text = _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], piece)
            text = _SPACE.sub(" ", _NEWLINE_SPACE.sub("\n", text))
            text = self._converter.escape(text, set())
            texts.append(text.removeprefix("\n") if number else text)
        return _tidy("<br>\n".join(texts))


def _tidy(text: str) -> str:
    """Return Markdown without spaces at line ends, runs of blank lines, or blank ends."""
    text = _BLANK_RUN.sub("\n\n", "\n".join(line.rstrip() for line in text.splitlines()))
    return text.strip("\n")


def list_items(html: str) -> list[tuple[tuple[str, ...], str]]:
    """Return each ``<li>`` of ``html`` as (its classes, its inner HTML)."""
    soup = QuickSoup(html)
    return [
        (tuple(item.get_attribute_list("class")), "".join(str(c) for c in item.children))
        for item in soup.find_all("li")
    ]


def to_markdown(html: str, media: Mapping[str, str]) -> Converted:
    """Convert one field; ``media`` maps the package's media names to link paths."""
    return FieldConverter(media).convert(html)
